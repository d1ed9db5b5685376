// The fast path of decode_body: a response read straight from Boost.JSON's parser events into the structs, by
// the same shape tables and field bindings as the DOM engine (json_codec.cpp), without building the DOM.
//
// It only ever says "decoded" when the DOM engine would have decoded the same body to the same value. Anything
// else (invalid JSON, a value of the wrong type, a string or list over its bound, a missing required member, a
// known member given twice, a timestamp given as a number, an exception) makes it decline, and decode_body
// then runs the DOM engine, which also words the error. The response-decoder fuzz targets check that property
// on every input they try (tests/fuzz/response_decoder.hpp).
//
// Why: a listing page was parsed into a DOM and then copied out of it; the DOM was half of the decoding cost of
// the 100,000-invitation mirror (bench/README.md, "What perf found").

#include <boost/json/basic_parser_impl.hpp>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "core/time_format.hpp"
#include "partnercentral/json_codec.hpp"
#include "partnercentral/shape_codec.hpp"

namespace pcs::pc::detail {
namespace {

namespace json = boost::json;
constexpr std::size_t kNoMember = std::numeric_limits<std::size_t>::max();

// The basic_parser handler. One frame per open structure or list; the value of a member the model does not know
// is skipped by depth.
class StreamHandler {
 public:
  // The DOM parser's limits, so both accept the same documents.
  static constexpr std::size_t max_object_size = json::object::max_size();
  static constexpr std::size_t max_array_size = json::array::max_size();
  static constexpr std::size_t max_key_size = json::string::max_size();
  static constexpr std::size_t max_string_size = json::string::max_size();

  StreamHandler(const ShapeSpec& shape, void* out) : root_shape_(shape), root_(out) {}

  bool finished() const { return finished_; }

  bool on_document_begin(json::error_code&) { return true; }
  bool on_document_end(json::error_code&) { return true; }

  bool on_object_begin(json::error_code& ec) {
    if (skip_depth_ > 0 || skip_next_) return enter_skipped();
    if (stack_.empty()) {
      if (finished_) return decline(ec);
      stack_.push_back(Frame{&root_shape_, root_, nullptr});
      return true;
    }
    Slot slot = next_slot();
    if (!slot.shape) return decline(ec);
    if (slot.shape->kind != ShapeKind::structure && slot.shape->kind != ShapeKind::union_) return decline(ec);
    stack_.push_back(Frame{slot.shape, slot.target, nullptr});
    return true;
  }

  bool on_object_end(std::size_t, json::error_code& ec) {
    if (skip_depth_ > 0) return leave_skipped();
    const Frame& f = stack_.back();
    const auto members = f.shape->members;
    for (std::size_t i = 0; i < members.size(); ++i)
      if (members[i].required && !(f.seen >> i & 1)) return decline(ec);
    stack_.pop_back();
    finished_ = stack_.empty();
    return true;
  }

  bool on_array_begin(json::error_code& ec) {
    if (skip_depth_ > 0 || skip_next_) return enter_skipped();
    if (stack_.empty()) return decline(ec);
    Slot slot = next_slot();
    if (!slot.shape || slot.shape->kind != ShapeKind::list) return decline(ec);
    stack_.push_back(Frame{slot.shape, slot.target, slot.ops});
    return true;
  }

  bool on_array_end(std::size_t, json::error_code&) {
    if (skip_depth_ > 0) return leave_skipped();
    stack_.pop_back();
    return true;
  }

  bool on_key_part(std::string_view s, std::size_t, json::error_code&) {
    if (skip_depth_ == 0) key_.append(s);
    return true;
  }

  bool on_key(std::string_view s, std::size_t, json::error_code& ec) {
    if (skip_depth_ > 0) return true;
    std::string_view key = s;
    if (!key_.empty()) {
      key_.append(s);
      key = key_;
    }
    Frame& f = stack_.back();
    const std::size_t i = member_index(f.shape->members, key, f.next);
    key_.clear();
    if (i == f.shape->members.size()) {
      skip_next_ = true;  // a member this model version does not know
      return true;
    }
    const std::uint64_t bit = std::uint64_t{1} << i;
    if (f.keys & bit) return decline(ec);  // which of the two the DOM keeps is the DOM's business
    f.keys |= bit;
    f.next = i + 1;
    f.member = i;
    return true;
  }

  bool on_string_part(std::string_view s, std::size_t, json::error_code& ec) {
    if (!in_string_ && !begin_string(ec)) return false;
    if (text_) text_->append(s);
    return true;
  }

  bool on_string(std::string_view s, std::size_t, json::error_code& ec) {
    if (!in_string_ && !begin_string(ec)) return false;
    in_string_ = false;
    if (!text_) return true;
    std::string& text = *text_;
    text_ = nullptr;
    text.append(s);
    if (timestamp_) {
      Timestamp& t = *timestamp_;
      timestamp_ = nullptr;
      t.time = parse_iso8601(t.raw);
      return t.time ? true : decline(ec);
    }
    return over_max_length(*text_shape_, text) ? decline(ec) : true;
  }

  bool on_number_part(std::string_view, json::error_code&) { return true; }

  bool on_int64(std::int64_t v, std::string_view, json::error_code& ec) {
    const bool fits = v >= std::numeric_limits<int>::min() && v <= std::numeric_limits<int>::max();
    return integer(fits ? std::optional<int>(static_cast<int>(v)) : std::nullopt, ec);
  }
  bool on_uint64(std::uint64_t v, std::string_view, json::error_code& ec) {
    const bool fits = v <= static_cast<std::uint64_t>(std::numeric_limits<int>::max());
    return integer(fits ? std::optional<int>(static_cast<int>(v)) : std::nullopt, ec);
  }
  // A double is never an integer member; a number as a timestamp is left to the DOM engine (its raw text is
  // the DOM's serialization of the number, not the body's).
  bool on_double(double, std::string_view, json::error_code& ec) { return integer(std::nullopt, ec); }
  bool on_bool(bool, json::error_code& ec) { return integer(std::nullopt, ec); }

  bool on_null(json::error_code& ec) {
    if (skips_scalar()) return true;
    if (stack_.empty() || stack_.back().shape->kind == ShapeKind::list) return decline(ec);  // a null item
    return true;  // null is absent: the member stays unset and does not count as given
  }

  bool on_comment_part(std::string_view, json::error_code&) { return true; }
  bool on_comment(std::string_view, json::error_code&) { return true; }

 private:
  struct Frame {
    const ShapeSpec* shape;     // a structure or union, or a list
    void* target;               // the struct, or the std::vector
    const FieldOps* list_ops;   // lists: how an element is appended
    std::uint64_t keys = 0;     // structures: members named so far (one bit per member, at most 64)
    std::uint64_t seen = 0;     // structures: members given a value other than null
    std::size_t next = 0;       // structures: where member_index looks first
    std::size_t member = kNoMember;  // structures: the member whose value comes next
    std::int64_t items = 0;     // lists: elements so far
  };
  // Where the next value goes: its shape and field, prepared for writing.
  struct Slot {
    const ShapeSpec* shape = nullptr;  // nullptr: no place for it (the caller declines)
    const FieldOps* ops = nullptr;
    void* target = nullptr;
  };

  // The slot for a value other than null, in the innermost frame.
  Slot next_slot() {
    Frame& f = stack_.back();
    if (f.shape->kind == ShapeKind::list) {
      if (f.shape->max && f.items >= *f.shape->max) return {};
      ++f.items;
      return Slot{f.shape->element, f.list_ops->element, f.list_ops->append(f.target)};
    }
    if (f.member == kNoMember) return {};
    const MemberSpec& m = f.shape->members[f.member];
    f.seen |= std::uint64_t{1} << f.member;
    f.member = kNoMember;
    return Slot{m.shape, m.ops, m.ops->prepare(m.locate(f.target))};
  }

  bool begin_string(json::error_code& ec) {
    in_string_ = true;
    if (skips_scalar()) {
      text_ = nullptr;
      return true;
    }
    if (stack_.empty()) return decline(ec);
    Slot slot = next_slot();
    if (!slot.shape) return decline(ec);
    if (slot.shape->kind == ShapeKind::string) {
      text_ = static_cast<std::string*>(slot.target);
      text_->clear();
      text_shape_ = slot.shape;
      return true;
    }
    if (slot.shape->kind == ShapeKind::timestamp) {
      timestamp_ = static_cast<Timestamp*>(slot.target);
      timestamp_->raw.clear();
      text_ = &timestamp_->raw;
      return true;
    }
    return decline(ec);
  }

  // Whether the scalar starting now is skipped: inside an unknown member's value, or that value itself.
  bool skips_scalar() {
    if (skip_depth_ > 0) return true;
    const bool skip = skip_next_;
    skip_next_ = false;
    return skip;
  }

  // A number or a boolean: the int it is, when it is one in range (nullopt: it fits no field).
  bool integer(std::optional<int> value, json::error_code& ec) {
    if (skips_scalar()) return true;
    if (stack_.empty()) return decline(ec);
    const Slot slot = next_slot();
    if (!value || !slot.shape || slot.shape->kind != ShapeKind::integer) return decline(ec);
    *static_cast<int*>(slot.target) = *value;
    return true;
  }

  bool enter_skipped() {
    skip_next_ = false;
    ++skip_depth_;
    return true;
  }
  bool leave_skipped() {
    --skip_depth_;
    return true;
  }

  bool decline(json::error_code& ec) {
    ec = json::error::exception;  // any error stops the parser; which one is not reported
    return false;
  }

  const ShapeSpec& root_shape_;
  void* root_;
  std::vector<Frame> stack_;
  std::size_t skip_depth_ = 0;  // > 0 inside the value of an unknown member
  bool skip_next_ = false;      // the next value is an unknown member's
  bool finished_ = false;       // the root object has closed
  std::string key_;             // a key that arrives in parts
  bool in_string_ = false;      // between a string's first part and its end
  std::string* text_ = nullptr;  // where the open string's parts go (nullptr: skipped)
  const ShapeSpec* text_shape_ = nullptr;
  Timestamp* timestamp_ = nullptr;  // the open string is this timestamp's raw text
};

}  // namespace

bool stream_decode(const ShapeSpec& shape, std::string_view body, void* out) {
  try {
    json::basic_parser<StreamHandler> parser(json::parse_options{}, shape, out);
    json::error_code ec;
    const std::size_t used = parser.write_some(false, body.data(), body.size(), ec);
    return !ec && used == body.size() && parser.done() && parser.handler().finished();
  } catch (const std::exception&) {  // allocation failures and the like: the DOM engine reports them
    return false;
  }
}

}  // namespace pcs::pc::detail

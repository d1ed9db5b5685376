// The generic engine behind to_json/from_json: it walks a shape's table (shape_tables.cpp) and reads or writes
// each member through the member's binding to its C++ field (shape_codec.hpp). Decoding reads the parsed DOM
// straight into the structs, one pass over each JSON object, and builds no strings unless it fails.

#include "partnercentral/json_codec.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <limits>
#include <optional>

#include "core/printable.hpp"
#include "core/time_format.hpp"
#include "partnercentral/shape_codec.hpp"

namespace pcs::pc {
namespace json = boost::json;

namespace detail {
namespace {

[[noreturn]] void bad_table(const char* what) {
  std::fprintf(stderr, "pcsyncd: %s (lib/partnercentral/shape_tables.cpp)\n", what);
  std::abort();
}

}  // namespace

// Reached only while evaluating a wrong table at compile time, which then fails; never called at run time.
void the_shape_does_not_fit_the_field_type() { bad_table("a shape does not fit its field's type"); }
void a_member_is_bound_to_another_struct() { bad_table("a member is bound to another struct"); }
void not_every_field_of_the_struct_is_described() { bad_table("a struct has a field no member describes"); }

bool Decoder::fail(std::string what) {
  what_ = std::move(what);
  return false;
}

bool Decoder::at(std::string_view member) {
  path_.push_back(Step{member, 0});
  return false;
}

bool Decoder::at(std::size_t index) {
  path_.push_back(Step{{}, index});
  return false;
}

Error Decoder::error() const {
  std::string path;
  for (auto it = path_.rbegin(); it != path_.rend(); ++it) {
    if (it->member.empty()) {
      path += "[" + std::to_string(it->index) + "]";
    } else {
      if (!path.empty()) path += '.';
      path += it->member;
    }
  }
  return make_error(ErrorKind::protocol, "InvalidResponse",
                    "member " + path + " " + what_ +
                        "; the service sent something pcsyncd cannot read (upgrade pcsyncd, or report the request "
                        "id to AWS support if it persists)");
}

bool decode_structure(Decoder& d, const ShapeSpec& shape, const json::value& v, void* out) {
  const json::object* o = v.if_object();
  if (!o) return d.fail("is not an object");
  const auto members = shape.members;
  std::uint64_t seen = 0;  // one bit per member (the tables have at most 64)
  std::size_t next = 0;
  for (const auto& kv : *o) {
    if (kv.value().is_null()) continue;  // null is absent: some AWS services send "NextToken": null
    std::size_t i = member_index(members, kv.key(), next);
    if (i == members.size()) continue;  // a member this model version does not know
    seen |= std::uint64_t{1} << i;
    next = i + 1;
    const MemberSpec& m = members[i];
    if (!m.decode(d, m, kv.value(), out)) return d.at(m.name);
  }
  for (std::size_t i = 0; i < members.size(); ++i) {
    if (members[i].required && !(seen >> i & 1)) {
      d.fail("is missing (required by the model)");
      return d.at(members[i].name);
    }
  }
  return true;
}

json::object encode_structure(const ShapeSpec& shape, const void* in) {
  json::object o;
  o.reserve(shape.members.size());
  for (const auto& m : shape.members) m.encode(m, in, o);
  return o;
}

const json::array* list_of(Decoder& d, const ShapeSpec& list, const json::value& v) {
  const json::array* a = v.if_array();
  if (!a) {
    d.fail("is not a list");
  } else if (list.max && static_cast<std::int64_t>(a->size()) > *list.max) {
    d.fail("has more items than the model allows (at most " + std::to_string(*list.max) + ")");
    a = nullptr;
  }
  return a;
}

bool read(Decoder& d, const ShapeSpec& shape, const json::value& v, std::string& out) {
  const json::string* s = v.if_string();
  if (!s) return d.fail("is not a string");
  // The value itself is never quoted: it may be @sensitive, or megabytes long.
  if (over_max_length(shape, *s))
    return d.fail("is longer than the model allows (at most " + std::to_string(*shape.max) + " characters)");
  out.assign(s->data(), s->size());
  return true;
}

bool read(Decoder& d, const ShapeSpec&, const json::value& v, int& out) {
  if (v.is_int64() && v.get_int64() >= std::numeric_limits<int>::min() &&
      v.get_int64() <= std::numeric_limits<int>::max()) {
    out = static_cast<int>(v.get_int64());
  } else if (v.is_uint64() && v.get_uint64() <= static_cast<std::uint64_t>(std::numeric_limits<int>::max())) {
    out = static_cast<int>(v.get_uint64());
  } else {
    return d.fail("is not an integer in range");
  }
  return true;
}

// The model says date-time (an ISO 8601 string); awsJson's default is epoch seconds, so accept both.
bool read(Decoder& d, const ShapeSpec& shape, const json::value& v, Timestamp& out) {
  if (const json::string* s = v.if_string()) {
    out.raw.assign(s->data(), s->size());
    out.time = parse_iso8601(out.raw);
    if (out.time) return true;
    // Escaped: the text came from the service and goes into a log line (found by fuzzing).
    return d.fail(shape.sensitive ? std::string("is not an ISO 8601 date-time")
                                  : "is not an ISO 8601 date-time (\"" + printable(out.raw, 40) + "\")");
  }
  if (v.is_number()) {
    double secs = v.to_number<double>();
    if (!std::isfinite(secs)) return d.fail("is not a finite number");
    out.raw = json::serialize(v);
    out.time = from_epoch_seconds(secs);  // saturates: 1e300 seconds was an undefined cast (found by fuzzing)
    return true;
  }
  return d.fail("is not a timestamp");
}

json::value to_value(const ShapeSpec&, const std::string& v) { return json::string(v); }
json::value to_value(const ShapeSpec&, int v) { return v; }

void put(json::object& o, const MemberSpec& m, const Timestamp& t) {
  // The raw text only when it is the ISO 8601 string it was read from: epoch seconds written as a string would
  // not read back (found by fuzzing).
  if (t.present() && parse_iso8601(t.raw)) {
    o.emplace(m.name, t.raw);
  } else if (t.time) {
    o.emplace(m.name, format_iso8601(*t.time, true));
  }
}

}  // namespace detail

std::optional<Error> detail::decode(const ShapeSpec& shape, const json::value& v, void* out) {
  if (!v.is_object()) return make_error(ErrorKind::protocol, "InvalidResponse", "the body is not a JSON object");
  Decoder d;
  try {
    if (!decode_structure(d, shape, v, out)) return d.error();
  } catch (const std::exception& e) {
    // Boost.JSON reports allocation failures and the like by throwing; keep them inside the codec.
    return make_error(ErrorKind::protocol, "InvalidResponse", std::string("cannot decode the body: ") + e.what());
  }
  return std::nullopt;
}

Result<json::value> parse_json_body(std::string_view body, json::storage_ptr storage) {
  boost::system::error_code ec;
  // Built in place on `storage`: assigning a parsed value to a value made on the default storage would copy the
  // whole DOM onto the heap (profiled: a third of what decoding a 100-item page cost, arena or not).
  std::optional<json::value> parsed;
  try {
    parsed.emplace(json::parse(body, ec, std::move(storage)));
  } catch (const std::exception& e) {
    return make_error(ErrorKind::protocol, "InvalidResponse", std::string("cannot parse the JSON body: ") + e.what());
  }
  json::value& v = *parsed;
  if (ec) {
    return make_error(ErrorKind::protocol, "InvalidResponse",
                      "the body is not valid JSON (" + ec.message() + ", " + std::to_string(body.size()) +
                          " bytes); a proxy or a truncated response is the usual cause");
  }
  if (!v.is_object()) return make_error(ErrorKind::protocol, "InvalidResponse", "the body is not a JSON object");
  return std::move(v);
}

}  // namespace pcs::pc

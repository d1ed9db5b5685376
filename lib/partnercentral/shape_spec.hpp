#pragma once
// The description of the API's shapes that encoding, decoding and request validation share.
//
// Every structure (and union) pcsyncd exchanges is described once, in shape_tables.cpp, as a table of
// MemberSpec: the wire name, the member's target with the model's traits merged in as Smithy applies them
// (length, range, pattern, enum values, @sensitive), whether it is @required, and how the member is bound to
// its C++ field (json_codec.cpp reads and writes the field through that binding). The validator walks the
// same tables over a request body; the model cross-check test walks them against the official model.
// The tables are constant data: no start-up cost, nothing to initialise in order.

#include <boost/json/fwd.hpp>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace pcs::pc {

// Smithy's enum is a string with enum_values; intEnum and the other simple types are not used by this API.
enum class ShapeKind { string, integer, timestamp, structure, union_, list };

struct ShapeSpec;

namespace detail {
class Decoder;   // shape_codec.hpp
struct FieldOps;  // shape_codec.hpp
// One object per C++ type: a structure's ShapeSpec names the struct its members are bound to by its address.
template <class T>
inline constexpr char type_tag = 0;
}  // namespace detail

struct MemberSpec {
  std::string_view name;               // on the wire
  const ShapeSpec* shape = nullptr;    // the target, member traits merged
  bool required = false;
  // The binding to the C++ field, made by field<&T::member>() in shape_tables.cpp.
  const void* owner = nullptr;  // detail::type_tag of the struct the field belongs to
  bool (*decode)(detail::Decoder&, const MemberSpec&, const boost::json::value&, void* object) = nullptr;
  void (*encode)(const MemberSpec&, const void* object, boost::json::object& out) = nullptr;
  // The same binding for the streaming decoder (json_stream_decode.cpp): the field's address in its struct,
  // and how a value is put into a field of that C++ type.
  void* (*locate)(void* object) = nullptr;
  const detail::FieldOps* ops = nullptr;

  // The value is, or (a list) holds, @sensitive data: never log it, never put it in an error message.
  bool sensitive() const;
};

struct ShapeSpec {
  std::string_view name;  // the model's shape name (ours for shapes newer than the model)
  ShapeKind kind = ShapeKind::string;
  std::optional<std::int64_t> min;  // length for strings (code points) and lists, value for integers
  std::optional<std::int64_t> max;
  std::string_view pattern;                     // the model's regex, verbatim
  bool (*matches)(std::string_view) = nullptr;  // hand-written matcher for `pattern`; set on request shapes
  std::span<const std::string_view> enum_values;  // empty when not an enum
  bool sensitive = false;                       // @sensitive
  std::span<const MemberSpec> members;          // structures and unions, in the model's order
  const ShapeSpec* element = nullptr;           // lists
  const void* type = nullptr;                   // structures and unions: detail::type_tag of the C++ struct
};

// The input and output shapes of an operation, or nullptr when the operation is unknown.
const ShapeSpec* input_shape(std::string_view operation);
const ShapeSpec* output_shape(std::string_view operation);
// Whether the operation changes state (StartEngagementByAcceptingInvitationTask, RejectEngagementInvitation):
// Partner Central meters those with its write quota, everything else with the read quota. False when unknown.
bool is_write_operation(std::string_view operation);

// Every structure and union reachable from the six operations, each once.
std::span<const ShapeSpec* const> described_structures();

// A structure or union by its model name ("EngagementCustomer"), or nullptr.
const ShapeSpec* find_shape(std::string_view name);
// A member by its wire name, or nullptr.
const MemberSpec* find_member(const ShapeSpec& shape, std::string_view name);

// Whether member `member` (wire name) of structure `shape` (model name) is, or holds, @sensitive data; false
// when either is unknown. For logging and pcsyncctl: is_sensitive("EngagementCustomer", "WebsiteUrl").
bool is_sensitive(std::string_view shape, std::string_view member);

// The shape a C++ request, response or nested struct is described by. A struct the tables do not describe is
// a programming error (the process aborts with its name); the codec tests cover every type.
namespace detail {
const ShapeSpec& shape_by_type(const void* type, const char* type_name);
}
template <class T>
const ShapeSpec& shape_of() {
  static const ShapeSpec& shape = detail::shape_by_type(&detail::type_tag<T>, __PRETTY_FUNCTION__);
  return shape;
}

}  // namespace pcs::pc

#pragma once
// Internal to lib/partnercentral: how a described member is read from and written to JSON for each C++ field
// type, and the helpers the tables in shape_tables.cpp are written with:
//
//   constexpr MemberSpec kTagMembers[]{
//       field<&Tag::key>("Key", kTagKey, kRequired),
//       field<&Tag::value>("Value", kTagValue, kRequired),
//   };
//   constexpr ShapeSpec kTag = structure<Tag>("Tag", kTagMembers);
//
// field<&T::m>() binds a wire member to a C++ field and checks at compile time that the field's type fits the
// shape (a string for a string shape, a vector for a list, the struct a structure shape describes);
// structure<T>() checks that every member is T's and that every field of T is described (Boost.PFR counts
// the fields). The field types: std::string, int, Timestamp, a described struct, std::optional and
// std::vector of those.

#include <array>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <boost/pfr/tuple_size.hpp>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "core/error.hpp"
#include "partnercentral/shape_spec.hpp"
#include "partnercentral/types.hpp"

namespace pcs::pc::detail {

// Collects the first problem of a decode. The path is gathered while the recursion unwinds (each level adds
// its member name or list index on the way out), so decoding a valid body builds no path strings at all.
class Decoder {
 public:
  // Records what is wrong with the current value; returns false for `return d.fail(...)`.
  bool fail(std::string what);
  // Adds one level to the failed value's path; returns false.
  bool at(std::string_view member);
  bool at(std::size_t index);
  // "member Payload.OpportunityInvitation.Project.Title is ...": kind protocol, code InvalidResponse.
  Error error() const;

 private:
  struct Step {
    std::string_view member;  // empty for a list index
    std::size_t index = 0;
  };
  std::string what_;
  std::vector<Step> path_;  // innermost first
};

// ---- the engine (json_codec.cpp) ----
bool decode_structure(Decoder& d, const ShapeSpec& shape, const boost::json::value& v, void* out);
boost::json::object encode_structure(const ShapeSpec& shape, const void* in);
// The array in v when it is one within the list's bounds, else nullptr with the failure recorded.
const boost::json::array* list_of(Decoder& d, const ShapeSpec& list, const boost::json::value& v);

// Code points in valid UTF-8 (what Boost.JSON's parser guarantees): the bytes that do not continue one.
inline std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// Whether a string of this size and text is over the shape's @length max. The model counts code points; a
// string of no more bytes than the max is within it, whatever it holds, and is not counted.
inline bool over_max_length(const ShapeSpec& shape, std::string_view s) {
  return shape.max && static_cast<std::int64_t>(s.size()) > *shape.max &&
         static_cast<std::int64_t>(code_points(s)) > *shape.max;
}

// The index of the member named key, trying `hint` (the member after the previous one) first: the service
// sends members in the model's order, so a whole object usually costs one comparison per member.
// members.size() when there is none.
inline std::size_t member_index(std::span<const MemberSpec> members, std::string_view key, std::size_t hint) {
  if (hint < members.size() && members[hint].name == key) return hint;
  for (std::size_t i = 0; i < members.size(); ++i)
    if (members[i].name == key) return i;
  return members.size();
}

// ---- reading one value into a field, by field type ----
bool read(Decoder& d, const ShapeSpec& shape, const boost::json::value& v, std::string& out);
bool read(Decoder& d, const ShapeSpec& shape, const boost::json::value& v, int& out);
bool read(Decoder& d, const ShapeSpec& shape, const boost::json::value& v, Timestamp& out);

template <class T>
bool read(Decoder& d, const ShapeSpec& shape, const boost::json::value& v, T& out) {
  static_assert(std::is_aggregate_v<T>, "a described struct");
  return decode_structure(d, shape, v, &out);
}

template <class T>
bool read(Decoder& d, const ShapeSpec& shape, const boost::json::value& v, std::optional<T>& out) {
  return read(d, shape, v, out.emplace());  // a failure fails the whole decode: nothing half-set escapes
}

template <class T>
bool read(Decoder& d, const ShapeSpec& shape, const boost::json::value& v, std::vector<T>& out) {
  const boost::json::array* a = list_of(d, shape, v);
  if (!a) return false;
  out.clear();
  out.reserve(a->size());
  for (std::size_t i = 0; i < a->size(); ++i)
    if (!read(d, *shape.element, (*a)[i], out.emplace_back())) return d.at(i);
  return true;
}

// ---- writing one field, by field type ----
// A member is written when it is set: std::string, int and structs always, optionals when engaged, lists when
// not empty or required (so the other side sees a required empty list), timestamps when present.
boost::json::value to_value(const ShapeSpec& shape, const std::string& v);
boost::json::value to_value(const ShapeSpec& shape, int v);

template <class T>
boost::json::value to_value(const ShapeSpec& shape, const T& v) {
  return encode_structure(shape, &v);
}

template <class T>
void put(boost::json::object& o, const MemberSpec& m, const T& v) {
  o.emplace(m.name, to_value(*m.shape, v));
}
void put(boost::json::object& o, const MemberSpec& m, const Timestamp& v);

template <class T>
void put(boost::json::object& o, const MemberSpec& m, const std::optional<T>& v) {
  if (v) put(o, m, *v);
}

template <class T>
void put(boost::json::object& o, const MemberSpec& m, const std::vector<T>& v) {
  if (v.empty() && !m.required) return;
  boost::json::array a;
  a.reserve(v.size());
  for (const auto& item : v) a.push_back(to_value(*m.shape->element, item));
  o.emplace(m.name, std::move(a));
}

// ---- how the streaming decoder reaches a field of one C++ type (json_stream_decode.cpp) ----
// The value's kind comes from the member's shape (check_fits below keeps shape and type in step); these say
// where the value goes.
struct FieldOps {
  // Where a value of this field goes: an optional's value (emplaced, so a new value replaces any old one), a
  // list itself (emptied), else the field.
  void* (*prepare)(void* field) = nullptr;
  // Lists only: a new last element, prepared by `element`.
  void* (*append)(void* list) = nullptr;
  const FieldOps* element = nullptr;
};

template <class V>
struct field_ops_of {
  static constexpr FieldOps value{[](void* field) -> void* { return field; }};
};
template <class V>
struct field_ops_of<std::optional<V>> {
  static constexpr FieldOps value{[](void* field) -> void* {
                                    return field_ops_of<V>::value.prepare(
                                        &static_cast<std::optional<V>*>(field)->emplace());
                                  },
                                  field_ops_of<V>::value.append, field_ops_of<V>::value.element};
};
template <class V>
struct field_ops_of<std::vector<V>> {
  static constexpr FieldOps value{[](void* field) -> void* {
                                    static_cast<std::vector<V>*>(field)->clear();
                                    return field;
                                  },
                                  [](void* list) -> void* {
                                    return field_ops_of<V>::value.prepare(
                                        &static_cast<std::vector<V>*>(list)->emplace_back());
                                  },
                                  &field_ops_of<V>::value};
};

// ---- the binding of one member to its field ----
template <class M>
struct member_pointer;
template <class C, class V>
struct member_pointer<V C::*> {
  using object = C;
  using value = V;
};

template <auto Ptr>
bool decode_member(Decoder& d, const MemberSpec& m, const boost::json::value& v, void* object) {
  using C = typename member_pointer<decltype(Ptr)>::object;
  return read(d, *m.shape, v, static_cast<C*>(object)->*Ptr);
}

template <auto Ptr>
void* locate_member(void* object) {
  using C = typename member_pointer<decltype(Ptr)>::object;
  return &(static_cast<C*>(object)->*Ptr);
}

template <auto Ptr>
void encode_member(const MemberSpec& m, const void* object, boost::json::object& out) {
  using C = typename member_pointer<decltype(Ptr)>::object;
  put(out, m, static_cast<const C*>(object)->*Ptr);
}

// Called only when a table is wrong, which makes the constant evaluation of that table fail: the compiler
// error names this function and the table line.
void the_shape_does_not_fit_the_field_type();
void a_member_is_bound_to_another_struct();
void not_every_field_of_the_struct_is_described();

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};
template <class T>
struct is_vector : std::false_type {};
template <class T>
struct is_vector<std::vector<T>> : std::true_type {};

template <class V>
constexpr void check_fits(const ShapeSpec& shape) {
  bool fits = false;
  if constexpr (is_optional<V>::value) {
    return check_fits<typename V::value_type>(shape);
  } else if constexpr (is_vector<V>::value) {
    fits = shape.kind == ShapeKind::list && shape.element;
    if (fits) check_fits<typename V::value_type>(*shape.element);
  } else if constexpr (std::is_same_v<V, std::string>) {
    fits = shape.kind == ShapeKind::string;
  } else if constexpr (std::is_same_v<V, int>) {
    fits = shape.kind == ShapeKind::integer;
  } else if constexpr (std::is_same_v<V, Timestamp>) {
    fits = shape.kind == ShapeKind::timestamp;
  } else {
    fits = (shape.kind == ShapeKind::structure || shape.kind == ShapeKind::union_) &&
           shape.type == &type_tag<V>;
  }
  if (!fits) the_shape_does_not_fit_the_field_type();
}

inline constexpr bool kRequired = true;

template <auto Ptr>
constexpr MemberSpec field(std::string_view name, const ShapeSpec& shape, bool required = false) {
  using P = member_pointer<decltype(Ptr)>;
  check_fits<typename P::value>(shape);
  return MemberSpec{name,
                    &shape,
                    required,
                    &type_tag<typename P::object>,
                    &decode_member<Ptr>,
                    &encode_member<Ptr>,
                    &locate_member<Ptr>,
                    &field_ops_of<typename P::value>::value};
}

template <std::size_t N, std::size_t M>
constexpr std::array<MemberSpec, N + M> join(const MemberSpec (&a)[N], const MemberSpec (&b)[M]) {
  std::array<MemberSpec, N + M> out{};
  for (std::size_t i = 0; i < N; ++i) out[i] = a[i];
  for (std::size_t i = 0; i < M; ++i) out[N + i] = b[i];
  return out;
}

template <class T>
constexpr ShapeSpec bind(std::string_view name, ShapeKind kind, std::span<const MemberSpec> members) {
  // decode_structure keeps one bit per member (the API's widest structure has 17).
  if (members.size() > 64 || members.size() != boost::pfr::tuple_size_v<T>) not_every_field_of_the_struct_is_described();
  for (const auto& m : members)
    if (m.owner != &type_tag<T>) a_member_is_bound_to_another_struct();
  ShapeSpec s;
  s.name = name;
  s.kind = kind;
  s.members = members;
  s.type = &type_tag<T>;
  return s;
}

// A structure (or union) of the model bound to struct T; every field of T must be described.
template <class T>
constexpr ShapeSpec structure(std::string_view name, std::span<const MemberSpec> members = {}) {
  return bind<T>(name, ShapeKind::structure, members);
}
template <class T>
constexpr ShapeSpec union_of(std::string_view name, std::span<const MemberSpec> members) {
  return bind<T>(name, ShapeKind::union_, members);
}

}  // namespace pcs::pc::detail

#pragma once
// An enum's names written down once for both directions: to_string and parse read the same table, so the two
// cannot drift apart. Pure, constexpr.
//
//   constexpr EnumName<Action> kActionNames[]{{Action::accept, "accept"}, {Action::reject, "reject"}};
//   std::string_view to_string(Action a) { return name_of(kActionNames, a); }
//   std::optional<Action> parse_action(std::string_view t) { return value_of(kActionNames, t); }

#include <cstddef>
#include <optional>
#include <string_view>

namespace pcs {

template <class E>
struct EnumName {
  E value;
  std::string_view name;
};

// The name of `value`; "unknown" for a value the table does not list (never one the enum declares, which the
// tables' round-trip tests check).
template <class E, std::size_t N>
constexpr std::string_view name_of(const EnumName<E> (&table)[N], E value) {
  for (const auto& e : table)
    if (e.value == value) return e.name;
  return "unknown";
}

// The value named exactly `name`, or nullopt.
template <class E, std::size_t N>
constexpr std::optional<E> value_of(const EnumName<E> (&table)[N], std::string_view name) {
  for (const auto& e : table)
    if (e.name == name) return e.value;
  return std::nullopt;
}

}  // namespace pcs

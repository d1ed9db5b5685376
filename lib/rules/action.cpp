#include "rules/action.hpp"

#include "core/enum_names.hpp"

namespace pcs::rules {
namespace {

constexpr EnumName<Action> kActionNames[]{{Action::accept, "accept"}, {Action::reject, "reject"}, {Action::ignore, "ignore"},
                                          {Action::review, "review"}};

}  // namespace

std::string_view to_string(Action action) { return name_of(kActionNames, action); }

std::optional<Action> parse_action(std::string_view text) { return value_of(kActionNames, text); }

}  // namespace pcs::rules

#include "rules/action.hpp"

namespace pcs::rules {

std::string_view to_string(Action action) {
  switch (action) {
    case Action::accept: return "accept";
    case Action::reject: return "reject";
    case Action::ignore: return "ignore";
  }
  return "ignore";
}

std::optional<Action> parse_action(std::string_view text) {
  if (text == "accept") return Action::accept;
  if (text == "reject") return Action::reject;
  if (text == "ignore") return Action::ignore;
  return std::nullopt;
}

}  // namespace pcs::rules

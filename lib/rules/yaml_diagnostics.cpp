#include "rules/yaml_diagnostics.hpp"

#include <algorithm>
#include <vector>

namespace pcs::rules {
namespace {

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

}  // namespace

Error yaml_error(std::string_view file, const YAML::Mark& mark, std::string_view key, std::string_view message) {
  std::string text(file);
  if (!mark.is_null()) text += ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
  text += ": ";
  if (!key.empty()) {
    text += key;
    text += ": ";
  }
  text += message;
  return make_error(ErrorKind::config, "InvalidConfig", std::move(text));
}

std::string unknown_key_message(std::string_view what, std::string_view key, std::span<const std::string_view> known) {
  std::string out = "unknown " + std::string(what) + " '" + std::string(key) + "'";
  std::string_view best;
  size_t best_distance = 3;  // farther than two edits is a different word, not a typo
  for (std::string_view k : known) {
    size_t d = edit_distance(key, k);
    if (d < best_distance) {
      best_distance = d;
      best = k;
    }
  }
  if (!best.empty()) out += " (did you mean '" + std::string(best) + "'?)";
  return out;
}

}  // namespace pcs::rules

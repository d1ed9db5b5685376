#pragma once
// A compiled RE2 pattern: what `regex`, `contains` and case-insensitive equality match text with. RE2
// (not std::regex) because its matching time is linear in the text whatever the pattern, without
// recursion: a hostile sender name cannot stall the event loop or overflow the stack.
// RE2's header stays in text_pattern.cpp: rule_set.hpp, and through it every module that holds a
// DaemonConfig, sees only this wrapper. Copies share the compiled pattern (reload copies RuleSets).

#include <cstddef>
#include <memory>
#include <string_view>

#include "core/result.hpp"

namespace re2 {
class RE2;
}

namespace pcs::rules {

// The longest pattern or literal a rule may hold, in bytes. Far above any sensible rule, and low enough
// that RE2's parser and compiler stay small whatever is written (20,000 nested groups are refused here).
inline constexpr std::size_t kMaxPatternBytes = 1000;

// What one compiled pattern may use, in bytes, for its program and its DFA cache together (RE2's
// default is 8 MiB). A pattern needing more is refused at load; a DFA that fills up falls back to
// RE2's NFA, slower but still linear.
inline constexpr std::size_t kMaxPatternMemory = 2u << 20;

class TextPattern {
 public:
  enum class Extent { whole, anywhere };  // equality or contains
  enum class Case { exact, fold };        // fold: Unicode simple case folding ("émile" ~ "ÉMILE")

  TextPattern() = default;  // matches nothing

  // RE2 syntax (https://github.com/google/re2/wiki/Syntax) with its inline flags ((?i), (?s), (?m), (?U));
  // matched unanchored. Errors: code PatternTooLong ("is 2000 bytes long; the limit is 1000 ..."), or
  // InvalidPattern with RE2's own message ("invalid perl operator: (?="), escaped onto one line.
  static Result<TextPattern> regex(std::string_view pattern);

  // `text` taken literally, as the whole value or anywhere in it. Errors: PatternTooLong, InvalidUtf8
  // ("is not valid UTF-8"), or InvalidPattern when RE2 needs more than kMaxPatternMemory.
  static Result<TextPattern> literal(std::string_view text, Extent extent, Case letter_case);

  // Whether the pattern occurs in `text` (for a literal of Extent::whole: is `text`). Never throws; text
  // that is not valid UTF-8 is matched character by character, an invalid byte matching no character.
  bool matches(std::string_view text) const;

 private:
  explicit TextPattern(std::shared_ptr<const re2::RE2> compiled) : compiled_(std::move(compiled)) {}
  static Result<TextPattern> compile(std::string_view pattern, bool case_sensitive);

  std::shared_ptr<const re2::RE2> compiled_;
};

}  // namespace pcs::rules

#include "rules/text_pattern.hpp"

#include <string>

#include <re2/re2.h>

#include "rules/display_text.hpp"

namespace pcs::rules {
namespace {

Error pattern_error(std::string code, std::string message) {
  return make_error(ErrorKind::config, std::move(code), std::move(message));
}

Error too_long(std::size_t size) {
  return pattern_error("PatternTooLong", "is " + std::to_string(size) + " bytes long; the limit is " +
                                            std::to_string(kMaxPatternBytes) + " (split it over several matchers or rules)");
}

}  // namespace

Result<TextPattern> TextPattern::compile(std::string_view pattern, bool case_sensitive) {
  RE2::Options options;
  options.set_encoding(RE2::Options::EncodingUTF8);
  options.set_log_errors(false);  // a bad pattern is reported once, as a config error, not on stderr
  options.set_max_mem(static_cast<int64_t>(kMaxPatternMemory));
  options.set_case_sensitive(case_sensitive);
  auto compiled = std::make_shared<const RE2>(re2::StringPiece(pattern.data(), pattern.size()), options);
  if (!compiled->ok()) {
    // RE2's message may quote the whole pattern: keep it on one line and short.
    return pattern_error(compiled->error_code() == RE2::ErrorBadUTF8 ? "InvalidUtf8" : "InvalidPattern",
                         display_text(compiled->error(), 2 * kMaxDisplayChars));
  }
  return TextPattern(std::move(compiled));
}

Result<TextPattern> TextPattern::regex(std::string_view pattern) {
  if (pattern.size() > kMaxPatternBytes) return too_long(pattern.size());
  return compile(pattern, true);
}

Result<TextPattern> TextPattern::literal(std::string_view text, Extent extent, Case letter_case) {
  if (text.size() > kMaxPatternBytes) return too_long(text.size());
  // QuoteMeta leaves UTF-8 sequences as they are, so RE2 folds whole characters, not bytes; invalid
  // UTF-8 makes the compile fail, which is the error the caller reports.
  std::string quoted = RE2::QuoteMeta(re2::StringPiece(text.data(), text.size()));
  if (extent == Extent::whole) quoted = "\\A(?:" + quoted + ")\\z";
  auto compiled = compile(quoted, letter_case == Case::exact);
  if (!compiled && compiled.error().code == "InvalidUtf8") return pattern_error("InvalidUtf8", "is not valid UTF-8");
  return compiled;
}

bool TextPattern::matches(std::string_view text) const {
  return compiled_ && RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *compiled_);
}

}  // namespace pcs::rules

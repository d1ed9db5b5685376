#pragma once
// What the fuzz targets share: a property check that stops the run (libFuzzer then saves the input as a crash
// artifact), the text framing the structured targets read, and the checks every pcs::Error must pass.

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/printable.hpp"
#include "net/http_message.hpp"

// Like assert, but never compiled out: a broken property is a finding, in every build type.
#define FUZZ_CHECK(condition)                                                                       \
  do {                                                                                              \
    if (!(condition)) ::pcs::fuzz::property_failed(#condition, __FILE__, __LINE__);                 \
  } while (false)

// The same, printing `context` (escaped onto one line) when the property breaks.
#define FUZZ_CHECK_ABOUT(condition, context)                                                        \
  do {                                                                                              \
    if (!(condition)) ::pcs::fuzz::property_failed(#condition, __FILE__, __LINE__, context);        \
  } while (false)

namespace pcs::fuzz {

[[noreturn]] inline void property_failed(const char* condition, const char* file, int line,
                                         std::string_view context = {}) {
  std::fprintf(stderr, "fuzz property broken: %s (%s:%d)\n", condition, file, line);
  if (!context.empty()) std::fprintf(stderr, "  about: %s\n", printable(context, 1000).c_str());
  std::abort();
}

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// An HTTP-like message in readable text, so seeds can be written and read by hand:
//   first line        (a status such as "503", or "METHOD target")
//   Name: value       (zero or more header lines; the value starts after ": " or ":")
//   <empty line>
//   body              (everything after the empty line, byte for byte)
// Lines end with "\n" (a "\r" before it is dropped). A line without ':' in the header block is a header with an
// empty value, so every input means something.
struct Framed {
  std::string first_line;
  std::vector<net::Header> headers;
  std::string body;
};

inline Framed parse_framed(std::string_view in) {
  Framed out;
  auto next_line = [&in](std::string_view& line) {
    const auto nl = in.find('\n');
    if (nl == std::string_view::npos) {
      line = in;
      in = {};
      return false;
    }
    line = in.substr(0, nl);
    in.remove_prefix(nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    return true;
  };
  std::string_view line;
  const bool more = next_line(line);
  out.first_line = std::string(line);
  if (!more) return out;
  while (true) {
    const bool more_lines = next_line(line);
    if (line.empty() && more_lines) break;
    if (!line.empty()) {
      const auto colon = line.find(':');
      std::string_view name = line.substr(0, colon);
      std::string_view value = colon == std::string_view::npos ? std::string_view{} : line.substr(colon + 1);
      if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
      out.headers.push_back(net::Header{std::string(name), std::string(value)});
    }
    if (!more_lines) return out;
  }
  out.body = std::string(in);
  return out;
}

// An HTTP response in that framing: the status is the first line's number (`default_status` when it has none).
inline net::HttpResponse parse_framed_response(std::string_view in, int default_status) {
  Framed framed = parse_framed(in);
  net::HttpResponse response;
  response.status = default_status;
  std::from_chars(framed.first_line.data(), framed.first_line.data() + framed.first_line.size(), response.status);
  response.headers = std::move(framed.headers);
  response.body = std::move(framed.body);
  return response;
}

// True when no byte is a C0 control character or DEL: the text can go into one log line as it is.
inline bool one_line(std::string_view text) {
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) return false;
  }
  return true;
}

// Every Error built from outside bytes: a kind the enum names, a code, a message, retryable as its kind says,
// and a describe() line that is safe to log as it is (callers log it unescaped).
inline void check_error(const Error& e) {
  const std::string line = e.describe();
  FUZZ_CHECK_ABOUT(to_string(e.kind) != "unknown", line);
  FUZZ_CHECK_ABOUT(!e.code.empty(), line);
  FUZZ_CHECK_ABOUT(!e.message.empty(), line);
  FUZZ_CHECK_ABOUT(e.retryable == is_retryable_kind(e.kind), line);
  FUZZ_CHECK_ABOUT(one_line(line), line);
}

}  // namespace pcs::fuzz

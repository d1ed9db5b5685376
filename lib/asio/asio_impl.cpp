// The one translation unit that compiles Asio, Asio's SSL layer and Beast (separate compilation).
//
// Beast 1.81's chunked-body parser asserts `n >= 5` in parse_chunk_header() where 3 or 4 bytes are valid: an empty
// chunked body "0\r\n\r\n" that arrives as "0\r\n" and then "\r" aborts any build with assertions (debug, asan,
// fuzz), although the code after the assertion handles it and asks for more (boostorg/beast#2861, fixed after
// 1.81; found by tests/fuzz/http_response.cpp). So Boost's assertions in this unit go through a handler that
// lets exactly that one pass and aborts on every other, as assert() does. Builds with NDEBUG are unchanged.
#define BOOST_ENABLE_ASSERT_DEBUG_HANDLER
#include <boost/assert.hpp>

#include <boost/asio/impl/src.hpp>
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/src.hpp>

#ifndef NDEBUG
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace boost {

void assertion_failed_msg(char const* expr, char const* msg, char const* function, char const* file, long line) {
  const bool beast_chunk_header = std::string_view(function).find("parse_chunk_header") != std::string_view::npos;
  if (beast_chunk_header && std::string_view(expr) == "n >= 5") return;
  std::fprintf(stderr, "%s:%ld: %s: Assertion `%s' failed%s%s.\n", file, line, function, expr, msg ? ": " : "",
               msg ? msg : "");
  std::abort();
}

void assertion_failed(char const* expr, char const* function, char const* file, long line) {
  assertion_failed_msg(expr, nullptr, function, file, line);
}

}  // namespace boost
#endif

#pragma once
// How HttpClient reads one HTTP/1.1 response, in pieces that need no socket: the parser's limits, the parsed
// message as an HttpResponse, the Error a failed I/O step becomes, and read_http_response(), which runs Beast's
// read over bytes held in memory. The client reads its socket with the same pieces; the fuzz target
// (tests/fuzz/http_response.cpp) and the unit tests read memory, so what they check is what the client does.
// Beast types appear here: include this from lib/net sources and tests only, never from pure-logic headers.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include <boost/beast/http/parser.hpp>
#include <boost/system/error_code.hpp>

#include "core/result.hpp"
#include "net/append_string_body.hpp"
#include "net/http_message.hpp"

namespace pcs::net {

// A response header block larger than this is refused (ResponseTooLarge), whatever max_response_bytes says.
inline constexpr std::uint32_t kMaxResponseHeaderBytes = 64 * 1024;
// What one read asks the socket for (see HttpClient's connection buffer).
inline constexpr std::size_t kReadChunkBytes = 64 * 1024;
// The most a read buffer may hold. Beast 1.81 bounds the header and the body but neither a chunk-size line
// (its extensions) nor the trailers: it keeps their bytes in the buffer until the line or block ends. With
// this cap a reply that never ends one fails with buffer_overflow (ResponseTooLarge) instead of growing it.
inline constexpr std::size_t kMaxReadBufferBytes = kMaxResponseHeaderBytes + kReadChunkBytes;
// A server may send interim 1xx answers (100 Continue, 103 Early Hints) before the final one; more than this
// many on one request is refused (TooManyInterimResponses). 101 (Switching Protocols) is not one: it is final.
inline constexpr int kMaxInterimResponses = 8;

using ResponseParser = boost::beast::http::response_parser<AppendStringBody>;

// The client's settings: body at most max_response_bytes, header at most kMaxResponseHeaderBytes, and no body
// expected after the header of an answer to HEAD (it announces a Content-Length but carries none).
void limit_response_parser(ResponseParser& parser, std::size_t max_response_bytes, bool head_request);

// Whether the message just parsed is the final answer (true) or an interim one, after which the final answer to
// the same request follows on the same stream (false); TooManyInterimResponses past kMaxInterimResponses of them.
// `interims`: how many interim answers came before this message; `where`: host:port, for the message.
Result<bool> final_response(const ResponseParser& parser, int interims, std::string_view where);

struct ReadResponse {
  HttpResponse response;
  // The connection may carry the next request: the answer is final and not 101, the server keeps it alive, the
  // body did not end at EOF, and no byte followed the response (we never pipeline, so a stray byte means the
  // stream is out of step).
  bool reusable = false;
};

// The completed message of `parser` as the plain value; `unread_bytes` is what the read buffer still holds.
ReadResponse take_response(ResponseParser& parser, std::size_t unread_bytes);

// What a failed connect, write or read (`doing`: "reading the response") with `where` (host:port) means:
// kind cancelled, timeout or transport, with a code and a message saying what to do.
Error transport_error(const boost::system::error_code& ec, std::string_view where, std::string_view doing,
                      std::size_t max_response_bytes);

// The reading half of an exchange over `wire`, as if the socket delivered it in reads of at most `read_size`
// bytes and then the peer closed: the same parser, limits, buffer cap, interim answers skipped, and errors as
// HttpClient (where "memory").
Result<ReadResponse> read_http_response(std::string_view wire, std::size_t max_response_bytes, bool head_request,
                                        std::size_t read_size);

}  // namespace pcs::net

#include "net/http_response_reader.hpp"

#include <algorithm>
#include <exception>
#include <string>

#include <boost/asio/buffer.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>

namespace pcs::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

// A SyncReadStream over bytes in memory: hands out at most read_size bytes per read, then reports EOF as a
// socket whose peer closed would.
class MemoryStream {
 public:
  MemoryStream(std::string_view bytes, std::size_t read_size)
      : rest_(bytes), read_size_(std::max<std::size_t>(1, read_size)) {}

  template <class MutableBuffers>
  std::size_t read_some(const MutableBuffers& buffers, boost::system::error_code& ec) {
    if (rest_.empty()) {
      ec = asio::error::eof;
      return 0;
    }
    ec = {};
    const std::size_t n =
        asio::buffer_copy(buffers, asio::buffer(rest_.data(), std::min(rest_.size(), read_size_)));
    rest_.remove_prefix(n);
    return n;
  }

  template <class MutableBuffers>
  std::size_t read_some(const MutableBuffers& buffers) {
    boost::system::error_code ec;
    const std::size_t n = read_some(buffers, ec);
    if (ec) throw boost::system::system_error(ec);
    return n;
  }

  std::size_t unread() const { return rest_.size(); }

 private:
  std::string_view rest_;
  std::size_t read_size_;
};

}  // namespace

void limit_response_parser(ResponseParser& parser, std::size_t max_response_bytes, bool head_request) {
  parser.body_limit(max_response_bytes);
  parser.header_limit(kMaxResponseHeaderBytes);
  if (head_request) parser.skip(true);
}

Result<bool> final_response(const ResponseParser& parser, int interims, std::string_view where) {
  const unsigned status = parser.get().result_int();
  if (status < 100 || status >= 200 || status == 101) return true;
  if (interims < kMaxInterimResponses) return false;
  return make_error(ErrorKind::transport, "TooManyInterimResponses",
                    std::string(where) + " sent more than " + std::to_string(kMaxInterimResponses) +
                        " interim (1xx) answers to one request and no final one; the request may be retried");
}

ReadResponse take_response(ResponseParser& parser, std::size_t unread_bytes) {
  ReadResponse out;
  out.reusable = parser.get().result_int() >= 200 && parser.get().keep_alive() && !parser.need_eof() &&
                 unread_bytes == 0;
  auto msg = parser.release();
  out.response.status = msg.result_int();
  for (const auto& field : msg)
    out.response.headers.push_back(Header{std::string(field.name_string()), std::string(field.value())});
  out.response.body = std::move(msg.body());
  return out;
}

Error transport_error(const boost::system::error_code& ec, std::string_view where, std::string_view doing,
                      std::size_t max_response_bytes) {
  const std::string at(where);
  const std::string what(doing);
  if (ec == asio::error::operation_aborted)
    return make_error(ErrorKind::cancelled, "Cancelled",
                      "request to " + at + " cancelled while " + what + " (client closed)");
  if (ec == beast::error::timeout)
    return make_error(ErrorKind::timeout, "Timeout",
                      "no answer from " + at + " while " + what +
                          " before the deadline; check network and proxy, or raise the timeout");
  if (ec == http::error::buffer_overflow)
    return make_error(ErrorKind::transport, "ResponseTooLarge",
                      "response from " + at + " has a chunk-size line or trailer block that fills the " +
                          std::to_string(kMaxReadBufferBytes / 1024) +
                          " KiB read buffer without ending; the response was refused");
  if (ec == http::error::body_limit || ec == http::error::header_limit)
    return make_error(ErrorKind::transport, "ResponseTooLarge",
                      "response from " + at + " is larger than max_response_bytes (" +
                          std::to_string(max_response_bytes) + "); raise the limit if this is expected");
  if (ec == asio::error::connection_reset || ec == asio::error::broken_pipe || ec == asio::error::connection_aborted)
    return make_error(ErrorKind::transport, "ConnectionReset",
                      at + " reset the connection while " + what + "; the request may be retried");
  if (ec == http::error::end_of_stream || ec == asio::error::eof || ec == http::error::partial_message ||
      ec == asio::ssl::error::stream_truncated)
    return make_error(ErrorKind::transport, "ConnectionClosed",
                      at + " closed the connection while " + what +
                          " (incomplete response); the request may be retried");
  return make_error(ErrorKind::transport, "TransportError", what + " with " + at + " failed: " + ec.message());
}

Result<ReadResponse> read_http_response(std::string_view wire, std::size_t max_response_bytes, bool head_request,
                                        std::size_t read_size) {
  MemoryStream stream(wire, read_size);
  beast::flat_buffer buffer;
  buffer.max_size(kMaxReadBufferBytes);
  for (int interim = 0;; ++interim) {
    ResponseParser parser;
    limit_response_parser(parser, max_response_bytes, head_request);
    boost::system::error_code ec;
    try {
      http::read(stream, buffer, parser, ec);
    } catch (const std::exception& e) {
      // As HttpClient::send: nothing Beast throws (allocation failure) escapes as an exception.
      return make_error(ErrorKind::transport, "TransportError", std::string("unexpected failure reading: ") + e.what());
    }
    if (ec) return transport_error(ec, "memory", "reading the response", max_response_bytes);
    auto is_final = final_response(parser, interim, "memory");
    if (!is_final) return is_final.error();
    if (!*is_final) continue;
    // Bytes after the response count whether or not a read reached them: the stream is out of step either way.
    return take_response(parser, buffer.size() + stream.unread());
  }
}

}  // namespace pcs::net

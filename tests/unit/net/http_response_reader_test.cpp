// HttpClient's reading of a response, over bytes in memory (the same parser, limits and errors as the socket).
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "net/http_response_reader.hpp"

namespace pcs::net {
namespace {

constexpr std::size_t kLimit = 1024;

TEST(HttpResponseReader, ReadsStatusHeadersAndBodyWhateverTheReadSize) {
  const std::string wire =
      "HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.0\r\nx-amzn-RequestId: rid\r\n"
      "Content-Length: 2\r\n\r\n{}";
  for (std::size_t read_size : {std::size_t{1}, std::size_t{7}, std::size_t{65536}}) {
    auto r = read_http_response(wire, kLimit, false, read_size);
    ASSERT_TRUE(r.ok()) << r.error().describe();
    EXPECT_EQ(r->response.status, 200);
    EXPECT_EQ(r->response.body, "{}");
    ASSERT_NE(r->response.header("X-Amzn-RequestId"), nullptr);
    EXPECT_EQ(*r->response.header("X-Amzn-RequestId"), "rid");
    EXPECT_TRUE(r->reusable);
  }
}

// The body is appended piece by piece (AppendStringBody): every byte in order, whichever way the reads split the
// content, the chunks or the buffer the parser hands over.
TEST(HttpResponseReader, ALargerBodyArrivesWholeInAnyPieces) {
  std::string body;
  for (int i = 0; body.size() < 900; ++i) body += "{\"Id\":\"engi-" + std::to_string(i) + "\"},";
  std::string chunked_wire = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (std::size_t at = 0; at < body.size(); at += 97) {
    const std::string piece = body.substr(at, 97);
    char size[16];
    std::snprintf(size, sizeof size, "%zx", piece.size());
    chunked_wire += std::string(size) + "\r\n" + piece + "\r\n";
  }
  chunked_wire += "0\r\n\r\n";
  const std::string sized_wire =
      "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  for (const std::string* wire : {static_cast<const std::string*>(&chunked_wire), &sized_wire})
    for (std::size_t read_size : {std::size_t{1}, std::size_t{5}, std::size_t{64}, std::size_t{65536}}) {
      auto r = read_http_response(*wire, kLimit, false, read_size);
      ASSERT_TRUE(r.ok()) << read_size << ": " << r.error().describe();
      EXPECT_EQ(r->response.body, body) << read_size;
    }
  // Chunks past the limit, with no Content-Length to refuse up front.
  auto too_long = read_http_response(chunked_wire, 500, false, 64);
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.error().code, "ResponseTooLarge");
}

TEST(HttpResponseReader, ChunkedCloseDelimitedAndHead) {
  auto chunked = read_http_response(
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2;ext=1\r\n{}\r\n0\r\nTrailer: x\r\n\r\n", kLimit,
      false, 3);
  ASSERT_TRUE(chunked.ok()) << chunked.error().describe();
  EXPECT_EQ(chunked->response.body, "{}");

  auto until_eof = read_http_response("HTTP/1.0 200 OK\r\n\r\n{\"a\":1}", kLimit, false, 65536);
  ASSERT_TRUE(until_eof.ok()) << until_eof.error().describe();
  EXPECT_EQ(until_eof->response.body, "{\"a\":1}");
  EXPECT_FALSE(until_eof->reusable);  // the body ended with the connection

  auto head = read_http_response("HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n", kLimit, true, 65536);
  ASSERT_TRUE(head.ok()) << head.error().describe();
  EXPECT_TRUE(head->response.body.empty());
  EXPECT_TRUE(head->reusable);
}

// Found by fuzzing (tests/fuzz/regressions/http_response/empty_chunked_body_split): Beast 1.81 asserted on an
// empty chunked body split after "0\r\n", aborting builds with assertions (this test under the asan preset).
TEST(HttpResponseReader, AnEmptyChunkedBodyMayArriveInAnyPieces) {
  const std::string wire = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n";
  for (std::size_t read_size = 1; read_size <= 6; ++read_size) {
    auto r = read_http_response(wire, kLimit, false, read_size);
    ASSERT_TRUE(r.ok()) << read_size << ": " << r.error().describe();
    EXPECT_TRUE(r->response.body.empty());
    EXPECT_TRUE(r->reusable);
  }
  auto trailers = read_http_response(
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nTrailer: x\r\n\r\n", kLimit, false, 1);
  EXPECT_TRUE(trailers.ok()) << trailers.error().describe();
}

TEST(HttpResponseReader, FailuresAreTheClientsTransportErrors) {
  struct Case {
    std::string wire;
    std::string code;
  } cases[] = {
      {"", "ConnectionClosed"},
      {"HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{}", "ConnectionClosed"},
      {"HTTP/1.1 200 OK\r\nContent-Length: 2000\r\n\r\n" + std::string(2000, 'x'), "ResponseTooLarge"},
      {"HTTP/1.1 200 OK\r\nX: " + std::string(70 * 1024, 'h') + "\r\n\r\n", "ResponseTooLarge"},
      {"SSH-2.0-OpenSSH_9.2\r\n\r\n", "TransportError"},
      {"HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n{}", "TransportError"},
  };
  for (const auto& c : cases) {
    auto r = read_http_response(c.wire, kLimit, false, 65536);
    ASSERT_FALSE(r.ok()) << c.wire.substr(0, 60);
    EXPECT_EQ(r.error().kind, ErrorKind::transport);
    EXPECT_EQ(r.error().code, c.code) << r.error().describe();
  }
}

// Beast bounds neither a chunk-size line (its extensions) nor the trailers; the read buffer's cap does. Without
// it, these kept growing the buffer for as long as the server kept sending (6.5 GB in a review run).
TEST(HttpResponseReader, AChunkLineOrTrailerBlockThatNeverEndsIsRefused) {
  const std::string head = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
  std::string trailers = head + "0\r\n";
  while (trailers.size() < 3 * kMaxReadBufferBytes) trailers += "X-Trailer: " + std::string(1000, 't') + "\r\n";
  for (const std::string& wire :
       {head + "1;ext=" + std::string(3 * kMaxReadBufferBytes, 'a'), trailers}) {
    for (std::size_t read_size : {std::size_t{100}, std::size_t{65536}}) {
      auto r = read_http_response(wire, 1 << 30, false, read_size);
      ASSERT_FALSE(r.ok()) << read_size;
      EXPECT_EQ(r.error().code, "ResponseTooLarge") << r.error().describe();
      EXPECT_NE(r.error().message.find("without ending"), std::string::npos) << r.error().describe();
    }
  }
}

// 100 Continue and 103 Early Hints come before the final answer to the same request: they are skipped, and the
// connection stays usable. Before, the 100 was taken as the answer and the next request read this one's.
TEST(HttpResponseReader, InterimAnswersAreSkippedForTheFinalOne) {
  const std::string wire =
      "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>; rel=preload\r\n\r\n"
      "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}";
  for (std::size_t read_size : {std::size_t{1}, std::size_t{65536}}) {
    auto r = read_http_response(wire, kLimit, false, read_size);
    ASSERT_TRUE(r.ok()) << r.error().describe();
    EXPECT_EQ(r->response.status, 200);
    EXPECT_EQ(r->response.body, "{}");
    EXPECT_EQ(r->response.header("Link"), nullptr);
    EXPECT_TRUE(r->reusable) << read_size;
  }
  std::string endless_interims;
  for (int i = 0; i <= kMaxInterimResponses; ++i) endless_interims += "HTTP/1.1 100 Continue\r\n\r\n";
  auto refused = read_http_response(endless_interims + "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", kLimit,
                                    false, 65536);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "TooManyInterimResponses");
  EXPECT_EQ(refused.error().kind, ErrorKind::transport);
  // 101 is final (the stream would be another protocol now): returned, and the connection never reused.
  auto switched = read_http_response("HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n", kLimit, false, 65536);
  ASSERT_TRUE(switched.ok()) << switched.error().describe();
  EXPECT_EQ(switched->response.status, 101);
  EXPECT_FALSE(switched->reusable);
}

// The connection is out of step when bytes follow the response: we never pipeline, so they answer nothing we
// asked, and the next request on that connection would read them as its own answer.
TEST(HttpResponseReader, BytesAfterTheResponseMakeTheConnectionUnusable) {
  const std::string one = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}";
  for (std::size_t read_size : {std::size_t{1}, std::size_t{65536}}) {
    auto r = read_http_response(one + one, kLimit, false, read_size);
    ASSERT_TRUE(r.ok()) << r.error().describe();
    EXPECT_EQ(r->response.body, "{}");
    EXPECT_FALSE(r->reusable) << read_size;
  }
}

}  // namespace
}  // namespace pcs::net

#pragma once
// A loopback HTTP/1.1 server that plays a hostile Partner Central at the byte level, for the process tests:
// each request goes to a Script that returns the raw bytes to send and how (all at once, one byte at a time
// with a pause, or followed by an endless stream), so the test can answer what lib/net's well-behaved
// HttpServer never would: bodies over any cap, chunked bodies that never end, a byte a second, garbage
// framing. It counts what it received per operation and how many hostile answers it gave.
//
// Plain POSIX sockets on threads (one accepting, one per connection), so a child process can be served while
// the test thread waits on it. Every blocking call polls with a short timeout and checks the stop flag: the
// destructor stops and joins everything within a fraction of a second, whatever a connection is doing.

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace pcs::sync::test {

struct HostileRequest {
  std::string operation;  // the X-Amz-Target suffix ("ListEngagementInvitations"), "" when absent
  std::string body;
};

struct HostileAnswer {
  std::string bytes;  // written as is: status line, headers, body (or the start of one)
  // Non-zero: the bytes go out one at a time with this pause between them.
  std::chrono::milliseconds pause_per_byte{0};
  // After `bytes`: keep the connection for the next request, close it, or write `endless` again and again
  // until the peer goes away (a body with no end).
  enum class Then { keep_alive, close, stream_forever } then = Then::keep_alive;
  std::string endless;
  bool hostile = true;  // false for the ordinary answers a case needs around its hostile one
};

using HostileScript = std::function<HostileAnswer(const HostileRequest&)>;

// Answers with a complete response: status line, Content-Type JSON, Content-Length of `body`.
HostileAnswer json_answer(int status, std::string body, bool hostile = true);

class HostileServer {
 public:
  explicit HostileServer(HostileScript script);
  ~HostileServer();
  HostileServer(const HostileServer&) = delete;
  HostileServer& operator=(const HostileServer&) = delete;

  int port() const { return port_; }
  std::map<std::string, int> requests() const;
  int requests(const std::string& operation) const;
  // StartEngagementByAcceptingInvitationTask and RejectEngagementInvitation received.
  int write_calls() const;
  int hostile_answers() const { return hostile_answers_; }
  std::uint64_t bytes_sent() const { return bytes_sent_; }

 private:
  void accept_loop();
  void serve(int fd);
  bool send_all(int fd, const std::string& bytes, std::chrono::milliseconds pause_per_byte);

  HostileScript script_;
  int listen_fd_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> hostile_answers_{0};
  std::atomic<std::uint64_t> bytes_sent_{0};
  mutable std::mutex mutex_;
  std::map<std::string, int> requests_;
  std::vector<std::thread> connections_;
  std::thread acceptor_;
};

}  // namespace pcs::sync::test

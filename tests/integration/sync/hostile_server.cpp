#include "hostile_server.hpp"

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>

namespace pcs::sync::test {
namespace {

using namespace std::chrono_literals;
constexpr int kPollMs = 50;
constexpr std::size_t kMaxRequestBytes = 1 << 20;  // pcsyncd's requests are a few kB (a NextToken at most)

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The value of a header in a request head, or "" (names compared case-insensitively).
std::string header_value(const std::string& head, const std::string& name) {
  const std::string lowered = lower(head);
  const auto at = lowered.find("\r\n" + lower(name) + ":");
  if (at == std::string::npos) return {};
  auto start = at + 2 + name.size() + 1;
  auto end = head.find("\r\n", start);
  std::string v = head.substr(start, end - start);
  v.erase(0, v.find_first_not_of(" \t"));
  v.erase(v.find_last_not_of(" \t") + 1);
  return v;
}

}  // namespace

HostileAnswer json_answer(int status, std::string body, bool hostile) {
  HostileAnswer a;
  a.bytes = "HTTP/1.1 " + std::to_string(status) + (status < 300 ? " OK" : " Error") +
            "\r\nContent-Type: application/x-amz-json-1.0\r\nx-amzn-RequestId: hostile-test\r\nContent-Length: " +
            std::to_string(body.size()) + "\r\n\r\n" + body;
  a.hostile = hostile;
  return a;
}

HostileServer::HostileServer(HostileScript script) : script_(std::move(script)) {
  listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (listen_fd_ < 0 || bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || listen(listen_fd_, 16) != 0)
    return;
  socklen_t len = sizeof a;
  getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len);
  port_ = ntohs(a.sin_port);
  acceptor_ = std::thread([this] { accept_loop(); });
}

HostileServer::~HostileServer() {
  stop_ = true;
  if (acceptor_.joinable()) acceptor_.join();
  for (auto& t : connections_) t.join();
  if (listen_fd_ >= 0) close(listen_fd_);
}

std::map<std::string, int> HostileServer::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

int HostileServer::requests(const std::string& operation) const {
  std::lock_guard lock(mutex_);
  auto it = requests_.find(operation);
  return it == requests_.end() ? 0 : it->second;
}

int HostileServer::write_calls() const {
  return requests("StartEngagementByAcceptingInvitationTask") + requests("RejectEngagementInvitation");
}

void HostileServer::accept_loop() {
  while (!stop_) {
    pollfd p{listen_fd_, POLLIN, 0};
    if (poll(&p, 1, kPollMs) <= 0) continue;
    const int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    // Only this thread touches connections_ until the destructor joins it.
    connections_.emplace_back([this, fd] {
      serve(fd);
      close(fd);
    });
  }
}

bool HostileServer::send_all(int fd, const std::string& bytes, std::chrono::milliseconds pause_per_byte) {
  const std::size_t step = pause_per_byte.count() > 0 ? 1 : bytes.size();
  for (std::size_t at = 0; at < bytes.size();) {
    if (stop_) return false;
    pollfd p{fd, POLLOUT, 0};
    if (poll(&p, 1, kPollMs) <= 0) continue;
    const auto n = ::send(fd, bytes.data() + at, std::min(step, bytes.size() - at), MSG_NOSIGNAL);
    if (n <= 0) return false;
    at += std::size_t(n);
    bytes_sent_ += std::uint64_t(n);
    // Sleep in slices, so a stop is seen within one poll interval.
    for (auto slept = 0ms; slept < pause_per_byte && !stop_; slept += std::chrono::milliseconds(kPollMs))
      std::this_thread::sleep_for(std::min(std::chrono::milliseconds(kPollMs), pause_per_byte - slept));
  }
  return true;
}

void HostileServer::serve(int fd) {
  std::string buffer;
  char chunk[16384];
  while (!stop_) {
    // One request: the head, then Content-Length bytes of body.
    std::size_t head_end;
    while ((head_end = buffer.find("\r\n\r\n")) == std::string::npos) {
      if (stop_ || buffer.size() > kMaxRequestBytes) return;
      pollfd p{fd, POLLIN, 0};
      if (poll(&p, 1, kPollMs) <= 0) continue;
      const auto n = ::recv(fd, chunk, sizeof chunk, 0);
      if (n <= 0) return;
      buffer.append(chunk, std::size_t(n));
    }
    const std::string head = buffer.substr(0, head_end + 2);
    std::size_t length = 0;
    try {
      length = std::stoul("0" + header_value(head, "Content-Length"));
    } catch (const std::exception&) {
      return;
    }
    if (length > kMaxRequestBytes) return;
    while (buffer.size() < head_end + 4 + length) {
      if (stop_) return;
      pollfd p{fd, POLLIN, 0};
      if (poll(&p, 1, kPollMs) <= 0) continue;
      const auto n = ::recv(fd, chunk, sizeof chunk, 0);
      if (n <= 0) return;
      buffer.append(chunk, std::size_t(n));
    }
    HostileRequest request;
    const std::string target = header_value(head, "X-Amz-Target");
    request.operation = target.substr(target.find('.') == std::string::npos ? target.size() : target.find('.') + 1);
    request.body = buffer.substr(head_end + 4, length);
    buffer.erase(0, head_end + 4 + length);

    HostileAnswer answer;
    {
      std::lock_guard lock(mutex_);
      ++requests_[request.operation];
      answer = script_(request);
    }
    if (answer.hostile) ++hostile_answers_;
    if (!send_all(fd, answer.bytes, answer.pause_per_byte)) return;
    switch (answer.then) {
      case HostileAnswer::Then::keep_alive:
        break;
      case HostileAnswer::Then::close:
        shutdown(fd, SHUT_RDWR);
        return;
      case HostileAnswer::Then::stream_forever:
        while (send_all(fd, answer.endless, 0ms)) {
        }
        return;
    }
  }
}

}  // namespace pcs::sync::test

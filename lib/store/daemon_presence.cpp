#include "store/daemon_presence.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

namespace pcs::store {
namespace {

Result<int> open_for_lock(const std::string& database) {
  const int fd = ::open(database.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0)
    return make_error(ErrorKind::config, "StoreCannotOpen",
                      "database " + database + ": cannot open it to tell whether pcsyncd runs on it: " +
                          std::strerror(errno));
  return fd;
}

}  // namespace

Result<DaemonPresence> DaemonPresence::announce(const std::string& database, std::chrono::milliseconds wait) {
  auto fd = open_for_lock(database);
  if (!fd) return fd.error();
  const auto deadline = std::chrono::steady_clock::now() + wait;
  while (::flock(*fd, LOCK_SH | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK && errno != EINTR) {
      ::close(*fd);
      return DaemonPresence(-1);  // a file system without flock: nothing to announce, nothing to refuse
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      ::close(*fd);
      return make_error(ErrorKind::conflict, "StoreBusyNow",
                        "database " + database +
                            " is held by pcsyncctl accept|reject --now, which is sending a decision; start pcsyncd "
                            "again when it has finished");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds{100});
  }
  return DaemonPresence(*fd);
}

Result<DaemonPresence> DaemonPresence::exclusive(const std::string& database) {
  auto fd = open_for_lock(database);
  if (!fd) return fd.error();
  if (::flock(*fd, LOCK_EX | LOCK_NB) != 0) {
    const int e = errno;
    ::close(*fd);
    if (e == EWOULDBLOCK)
      return make_error(ErrorKind::conflict, "DaemonRunning",
                        "pcsyncd is running on " + database +
                            ": leave out --now; the daemon carries the decision out within seconds");
    return make_error(ErrorKind::config, "StoreCannotLock",
                      "database " + database + ": cannot tell whether pcsyncd runs on it (flock: " +
                          std::strerror(e) + "); leave out --now and let pcsyncd send it");
  }
  return DaemonPresence(*fd);
}

bool DaemonPresence::daemon_running(const std::string& database) {
  const int fd = ::open(database.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return false;
  const bool held = ::flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK;
  // Closing this descriptor drops the process's POSIX locks on the file: call this before opening a Store.
  ::close(fd);
  return held;
}

DaemonPresence& DaemonPresence::operator=(DaemonPresence&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    other.fd_ = -1;
  }
  return *this;
}

DaemonPresence::~DaemonPresence() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace pcs::store

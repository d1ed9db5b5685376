#include "store/daemon_presence.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>
#include <utility>

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

// The daemon lock's byte: far past SQLite's lock bytes (at 1 GiB), which it must never overlap.
constexpr off_t kDaemonLockByte = off_t{1} << 62;

// The file's daemon lock on a descriptor of its own: the descriptor, -1 when it cannot be told (no write access,
// a file system without OFD locks: the Store then says what is wrong, or nothing is), or an error when another
// daemon holds it.
Result<int> take_daemon_lock(const std::string& database) {
  const int fd = ::open(database.c_str(), O_RDWR | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return -1;
  struct flock lock {};
  lock.l_type = F_WRLCK;
  lock.l_whence = SEEK_SET;
  lock.l_start = kDaemonLockByte;
  lock.l_len = 1;
  if (::fcntl(fd, F_OFD_SETLK, &lock) == 0) return fd;
  const int e = errno;
  ::close(fd);
  if (e == EAGAIN || e == EACCES)
    return make_error(ErrorKind::conflict, "DaemonAlreadyRunning",
                      "another pcsyncd runs on database " + database +
                          "; one pcsyncd per database file: stop the other (systemctl list-units 'pcsyncd*'), or "
                          "give this one its own database:");
  return -1;
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
  auto daemon_lock = take_daemon_lock(database);
  if (!daemon_lock) {
    ::close(*fd);
    return daemon_lock.error();
  }
  return DaemonPresence(*fd, *daemon_lock);
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
    if (daemon_fd_ >= 0) ::close(daemon_fd_);
    fd_ = std::exchange(other.fd_, -1);
    daemon_fd_ = std::exchange(other.daemon_fd_, -1);
  }
  return *this;
}

DaemonPresence::~DaemonPresence() {
  if (fd_ >= 0) ::close(fd_);
  if (daemon_fd_ >= 0) ::close(daemon_fd_);
}

}  // namespace pcs::store

#pragma once
// Whether a pcsyncd is running on a database file: the daemon holds flock(LOCK_SH) on the file for its whole
// life; `pcsyncctl accept|reject --now`, which sends from pcsyncctl itself, takes flock(LOCK_EX|LOCK_NB) and
// refuses when a daemon holds the file (the daemon carries the decision out within seconds anyway, and two
// senders of one decision would race over its state).
//
// flock, not fcntl: SQLite's own locks are POSIX (fcntl) locks, which a process loses on the file when it
// closes ANY descriptor of it. The lock's descriptor must therefore outlive the process's Store on that file:
// take the presence before Store::open and release it after the Store is gone.
//
// One pcsyncd per file: each daemon also takes an open-file-description write lock (F_OFD_SETLK) on one byte far
// past SQLite's lock bytes; a second daemon is refused at start (DaemonAlreadyRunning). Such a lock is not
// dropped when SQLite closes one of its descriptors, and it conflicts neither with SQLite's locks nor with flock.

#include <chrono>
#include <string>
#include <utility>

#include "core/result.hpp"

namespace pcs::store {

class DaemonPresence {
 public:
  // pcsyncd: a shared hold, and the file's one daemon lock (another pcsyncd holding it: DaemonAlreadyRunning).
  // Waits up to `wait` for a pcsyncctl --now that is sending, then fails naming it.
  static Result<DaemonPresence> announce(const std::string& database, std::chrono::milliseconds wait);
  // pcsyncctl --now: an exclusive hold, or an error saying that pcsyncd is running on this file.
  static Result<DaemonPresence> exclusive(const std::string& database);
  // pcsyncctl without --now: whether a daemon holds the file right now (false when it cannot be told).
  static bool daemon_running(const std::string& database);

  DaemonPresence(DaemonPresence&& other) noexcept
      : fd_(std::exchange(other.fd_, -1)), daemon_fd_(std::exchange(other.daemon_fd_, -1)) {}
  DaemonPresence& operator=(DaemonPresence&& other) noexcept;
  DaemonPresence(const DaemonPresence&) = delete;
  DaemonPresence& operator=(const DaemonPresence&) = delete;
  ~DaemonPresence();

 private:
  explicit DaemonPresence(int fd, int daemon_fd = -1) : fd_(fd), daemon_fd_(daemon_fd) {}
  int fd_ = -1;
  int daemon_fd_ = -1;  // holds the daemon lock (announce only)
};

}  // namespace pcs::store

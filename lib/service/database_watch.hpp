#pragma once
// Tells the daemon that its database file or its -wal was written, so that a person's decision committed by
// pcsyncctl is carried out within seconds, without polling: inotify on the database's directory (the -wal
// may be created, truncated or replaced; the directory watch sees each), read through Asio on the daemon's
// io_context. An idle daemon gets no event and spends no CPU. The callback also runs for the daemon's own
// writes: the caller tells them apart (PRAGMA data_version, Store::data_version).

#include <boost/asio/any_io_executor.hpp>
#include <functional>
#include <memory>
#include <string>

#include "core/result.hpp"

namespace pcs::service {

class DatabaseWatch {
 public:
  // Errors (inotify limits, a directory that cannot be watched) are kind config; the daemon logs them and
  // carries person decisions out at the next cycle instead.
  static Result<std::unique_ptr<DatabaseWatch>> start(boost::asio::any_io_executor executor,
                                                      const std::string& database, std::function<void()> on_write);
  ~DatabaseWatch();
  void stop();

  struct Impl;

 private:
  explicit DatabaseWatch(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<Impl> impl_;
};

}  // namespace pcs::service

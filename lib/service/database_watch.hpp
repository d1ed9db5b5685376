#pragma once
// Tells the daemon that another process wrote its database file or its -wal, so that a person's decision
// committed by pcsyncctl is carried out within seconds, without polling: inotify on the database's directory
// (the -wal may be created or replaced; the directory watch sees each) for a file closed after writing, read
// through Asio on the daemon's io_context. The daemon's own connection never closes its files, so its own writes
// raise no event; an idle daemon gets none either. The caller still checks that the database changed (PRAGMA
// data_version, Store::data_version): a process may close the file after writing nothing.

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

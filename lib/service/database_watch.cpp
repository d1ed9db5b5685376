#include "service/database_watch.hpp"

#include <sys/inotify.h>
#include <unistd.h>

#include <array>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <cerrno>
#include <cstring>
#include <filesystem>

namespace pcs::service {

struct DatabaseWatch::Impl : std::enable_shared_from_this<DatabaseWatch::Impl> {
  Impl(boost::asio::any_io_executor executor, int fd) : stream(executor, fd) {}

  boost::asio::posix::stream_descriptor stream;
  std::string file_name;  // the database's base name
  std::string wal_name;   // "<name>-wal", which counts too
  std::function<void()> on_write;
  alignas(inotify_event) std::array<char, 4096> buffer{};

  bool concerns_database(const char* data, std::size_t size) const {
    for (std::size_t at = 0; at + sizeof(inotify_event) <= size;) {
      const auto* e = reinterpret_cast<const inotify_event*>(data + at);
      if (e->mask & IN_Q_OVERFLOW) return true;  // events were lost, pcsyncctl's close may be among them
      const std::string_view name = e->len ? std::string_view(e->name) : std::string_view();
      if (name == file_name || name == wal_name) return true;
      at += sizeof(inotify_event) + e->len;
    }
    return false;
  }

  void read() {
    stream.async_read_some(boost::asio::buffer(buffer),
                           [self = shared_from_this()](const boost::system::error_code& ec, std::size_t n) {
                             if (ec) return;  // stopped (operation_aborted) or the descriptor failed
                             if (self->concerns_database(self->buffer.data(), n)) self->on_write();
                             self->read();
                           });
  }
};

Result<std::unique_ptr<DatabaseWatch>> DatabaseWatch::start(boost::asio::any_io_executor executor,
                                                            const std::string& database,
                                                            std::function<void()> on_write) {
  const std::filesystem::path path(database);
  const std::string directory = path.has_parent_path() ? path.parent_path().string() : std::string(".");
  const int fd = ::inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd < 0)
    return make_error(ErrorKind::config, "WatchUnavailable",
                      std::string("cannot watch the database for decisions made with pcsyncctl (inotify_init1: ") +
                          std::strerror(errno) + "); they are carried out at the next cycle instead");
  // Not IN_MODIFY: every page the daemon writes itself raised one (a 100,000-invitation mirror in service mode
  // spent a quarter of its CPU on those events and the data_version reads behind them). The daemon's connection
  // keeps its files open for its whole life, so IN_CLOSE_WRITE is another process's write: pcsyncctl closes the
  // database right after committing a decision.
  if (::inotify_add_watch(fd, directory.c_str(), IN_CREATE | IN_MOVED_TO | IN_CLOSE_WRITE) < 0) {
    const int e = errno;
    ::close(fd);
    return make_error(ErrorKind::config, "WatchUnavailable",
                      "cannot watch " + directory + " for decisions made with pcsyncctl (inotify_add_watch: " +
                          std::strerror(e) + (e == ENOSPC ? "; raise fs.inotify.max_user_watches" : "") +
                          "); they are carried out at the next cycle instead");
  }
  auto impl = std::make_shared<Impl>(executor, fd);
  impl->file_name = path.filename().string();
  impl->wal_name = impl->file_name + "-wal";
  impl->on_write = std::move(on_write);
  impl->read();
  return std::unique_ptr<DatabaseWatch>(new DatabaseWatch(std::move(impl)));
}

void DatabaseWatch::stop() {
  boost::system::error_code ignored;
  impl_->stream.cancel(ignored);
  impl_->stream.close(ignored);
}

DatabaseWatch::~DatabaseWatch() { stop(); }

}  // namespace pcs::service

#pragma once
// Real storage faults for tests: a tmpfs of a given size (a disk that fills up) and a read-only bind mount
// (a read-only directory even for root, whom file modes do not stop). Needs CAP_SYS_ADMIN.
//
// The first mount moves this test process into its own mount namespace with every mount private, so nothing
// mounted here is visible outside the process or outlives it, even when a test crashes; children spawned
// afterwards (pcsyncd in the process tests) inherit the namespace and see the mounts.
// Header-only: tests/support is on every test's include path.

#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>
#include <string>

#include "temp_dir.hpp"

namespace pcs::test {

class PrivateMount {
 public:
  // A tmpfs of `bytes` on dir (created if missing). nullopt, with why_not set, when mounting is not allowed.
  static std::optional<PrivateMount> tmpfs(const std::filesystem::path& dir, std::size_t bytes, std::string& why_not) {
    if (!enter_namespace(why_not)) return std::nullopt;
    std::filesystem::create_directories(dir);
    const std::string options = "size=" + std::to_string(bytes) + ",mode=0755";
    if (::mount("tmpfs", dir.c_str(), "tmpfs", 0, options.c_str()) != 0) {
      why_not = "mount -t tmpfs " + dir.string() + ": " + std::strerror(errno);
      return std::nullopt;
    }
    return PrivateMount(dir);
  }

  // dir bound onto itself, read-only: its files stay readable, nothing in it can be created or written.
  static std::optional<PrivateMount> read_only(const std::filesystem::path& dir, std::string& why_not) {
    if (!enter_namespace(why_not)) return std::nullopt;
    if (::mount(dir.c_str(), dir.c_str(), nullptr, MS_BIND, nullptr) != 0) {
      why_not = "mount --bind " + dir.string() + ": " + std::strerror(errno);
      return std::nullopt;
    }
    PrivateMount m(dir);
    if (::mount(nullptr, dir.c_str(), nullptr, MS_REMOUNT | MS_BIND | MS_RDONLY, nullptr) != 0) {
      why_not = "mount -o remount,bind,ro " + dir.string() + ": " + std::strerror(errno);
      return std::nullopt;  // m's destructor undoes the bind
    }
    return m;
  }

  PrivateMount(PrivateMount&& other) noexcept : dir_(std::move(other.dir_)) { other.dir_.clear(); }
  PrivateMount& operator=(PrivateMount&& other) noexcept {
    if (this != &other) {
      unmount();
      dir_ = std::move(other.dir_);
      other.dir_.clear();
    }
    return *this;
  }
  PrivateMount(const PrivateMount&) = delete;
  ~PrivateMount() { unmount(); }

  // Undoes the mount now (a read-only directory becomes writable again; a tmpfs's files disappear).
  void unmount() {
    if (!dir_.empty()) ::umount2(dir_.c_str(), MNT_DETACH);
    dir_.clear();
  }

 private:
  explicit PrivateMount(std::filesystem::path dir) : dir_(std::move(dir)) {}

  static bool enter_namespace(std::string& why_not) {
    static const std::string failure = [] {
      if (::unshare(CLONE_NEWNS) != 0) return std::string("unshare(CLONE_NEWNS): ") + std::strerror(errno);
      if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
        return std::string("mount --make-rprivate /: ") + std::strerror(errno);
      return std::string();
    }();
    if (failure.empty()) return true;
    why_not = failure + " (needs CAP_SYS_ADMIN, e.g. root outside a restricted container)";
    return false;
  }

  std::filesystem::path dir_;
};

// Fills what is left of dir's file system with a ballast file; removing the file frees the space.
inline std::filesystem::path fill_up(const std::filesystem::path& dir) {
  const std::filesystem::path ballast = dir / "ballast";
  const int fd = ::open(ballast.c_str(), O_CREAT | O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0) return ballast;
  const std::string chunk(4096, 'b');
  while (::write(fd, chunk.data(), chunk.size()) > 0) {
  }
  ::close(fd);
  return ballast;
}

// A disk that fills up: a tmpfs of `bytes` at <temporary dir>/disk, gone with the object.
//   SmallDisk disk(2 << 20);
//   if (!disk.mounted()) GTEST_SKIP() << "no small file system to fill: " << disk.why_not();
class SmallDisk {
 public:
  explicit SmallDisk(std::size_t bytes) : mount_(PrivateMount::tmpfs(path(), bytes, why_not_)) {}
  bool mounted() const { return mount_.has_value(); }
  const std::string& why_not() const { return why_not_; }
  std::filesystem::path path() const { return dir_.path() / "disk"; }

  std::filesystem::path fill_up() const { return pcs::test::fill_up(path()); }

 private:
  TempDir dir_;  // first: mounted on below, removed after the unmount
  std::string why_not_;
  std::optional<PrivateMount> mount_;
};

}  // namespace pcs::test

#include "service/idle_memory.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstring>
#include <string>

#include "temp_dir.hpp"

namespace pcs::service {
namespace {

const std::size_t kPage = std::size_t(sysconf(_SC_PAGESIZE));
constexpr std::size_t kPages = 8;

// Whether this process maps the page at `address` (the present bit of /proc/self/pagemap).
bool mapped(const void* address) {
  const int fd = ::open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  std::uint64_t entry = 0;
  const auto at = off_t(reinterpret_cast<std::uintptr_t>(address) / kPage * sizeof entry);
  const bool read = ::pread(fd, &entry, sizeof entry, at) == ssize_t(sizeof entry);
  ::close(fd);
  return read && (entry >> 63) != 0;
}

// A file of kPages pages, page i filled with the letter 'a' + i.
class MappedFile : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string content;
    for (std::size_t i = 0; i < kPages; ++i) content.append(kPage, char('a' + i));
    fd_ = ::open(dir_.write("pages", content).c_str(), O_RDONLY | O_CLOEXEC);
    ASSERT_GE(fd_, 0);
  }
  void TearDown() override {
    if (map_ != MAP_FAILED) ::munmap(map_, kPages * kPage);
    if (fd_ >= 0) ::close(fd_);
  }
  char* map(int protection) {
    map_ = ::mmap(nullptr, kPages * kPage, protection, MAP_PRIVATE, fd_, 0);
    EXPECT_NE(map_, MAP_FAILED);
    return static_cast<char*>(map_);
  }
  static void touch_all(const char* base) {
    volatile char sink = 0;
    for (std::size_t i = 0; i < kPages; ++i) sink = sink + base[i * kPage];
  }
  static std::uintptr_t begin(const char* base) { return reinterpret_cast<std::uintptr_t>(base); }
  static std::uintptr_t end(const char* base) { return begin(base) + kPages * kPage; }

  test::TempDir dir_;
  int fd_ = -1;
  void* map_ = MAP_FAILED;
};

TEST_F(MappedFile, UnmapsReadOnlyFilePagesAndTheyReadTheSameAfterwards) {
  const char* base = map(PROT_READ);
  touch_all(base);
  ASSERT_TRUE(mapped(base)) << "/proc/self/pagemap is needed for this test";

  EXPECT_EQ(drop_clean_file_pages(begin(base), end(base)), kPages * kPage);

  for (std::size_t i = 0; i < kPages; ++i) EXPECT_FALSE(mapped(base + i * kPage)) << "page " << i;
  for (std::size_t i = 0; i < kPages; ++i) EXPECT_EQ(base[i * kPage + 7], char('a' + i)) << "page " << i;
}

// The safety property: a page this process wrote (copy-on-write, then made read-only, as the dynamic loader does
// with relocated data) is anonymous memory now; dropping it would bring the file's bytes back.
TEST_F(MappedFile, KeepsAPageThisProcessWroteEvenWhenItIsReadOnlyNow) {
  char* base = map(PROT_READ | PROT_WRITE);
  touch_all(base);
  std::memset(base + 2 * kPage, 'Z', kPage);
  ASSERT_EQ(::mprotect(base, kPages * kPage, PROT_READ), 0);

  EXPECT_EQ(drop_clean_file_pages(begin(base), end(base)), (kPages - 1) * kPage);

  EXPECT_TRUE(mapped(base + 2 * kPage));
  EXPECT_EQ(base[2 * kPage], 'Z');
  EXPECT_EQ(base[3 * kPage - 1], 'Z');
  EXPECT_EQ(base[3 * kPage], 'd');
}

TEST_F(MappedFile, LeavesPagesNotMappedAlone) {
  const char* base = map(PROT_READ);
  EXPECT_EQ(drop_clean_file_pages(begin(base), end(base)), 0u);
  EXPECT_EQ(base[5 * kPage], 'f');
}

TEST(IdleMemory, KeepsAnonymousMemory) {
  void* anonymous = ::mmap(nullptr, 2 * kPage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(anonymous, MAP_FAILED);
  auto* bytes = static_cast<char*>(anonymous);
  std::memset(bytes, 'q', 2 * kPage);
  const auto at = reinterpret_cast<std::uintptr_t>(bytes);
  EXPECT_EQ(drop_clean_file_pages(at, at + 2 * kPage), 0u);
  EXPECT_EQ(bytes[kPage + 1], 'q');
  ::munmap(anonymous, 2 * kPage);
}

int g_writable_global = 17;

int twice(int x) { return 2 * x; }

TEST(IdleMemory, CapturesTheReadOnlySegmentsOfTheLoadedObjectsOnly) {
  const IdleMemory memory = IdleMemory::capture();
  ASSERT_FALSE(memory.ranges().empty());
  auto covered = [&](const void* address) {
    const auto at = reinterpret_cast<std::uintptr_t>(address);
    for (const auto& r : memory.ranges())
      if (r.begin <= at && at < r.end) return true;
    return false;
  };
  for (const auto& r : memory.ranges()) {
    EXPECT_EQ(r.begin % kPage, 0u);
    EXPECT_EQ(r.end % kPage, 0u);
    EXPECT_LT(r.begin, r.end);
  }
  EXPECT_TRUE(covered(reinterpret_cast<const void*>(&twice)));  // this program's code
  EXPECT_TRUE(covered(reinterpret_cast<const void*>(&std::strlen)));  // libc's
  EXPECT_FALSE(covered(&g_writable_global));
  int on_the_stack = 0;
  EXPECT_FALSE(covered(&on_the_stack));
}

TEST(IdleMemory, TheProgramRunsOnAfterItsCodeWasReleased) {
  const IdleMemory memory = IdleMemory::capture();
  const ReleasedMemory released = memory.release();
  EXPECT_GT(released.mapped_bytes, 0u);  // at least this test's own code was mapped
  EXPECT_EQ(twice(g_writable_global), 34);
  EXPECT_EQ(std::string("idle").size(), 4u);
  // Released again right away: what ran in between was mapped again, and only that can be released now.
  EXPECT_LT(memory.release().mapped_bytes, released.mapped_bytes);
}

}  // namespace
}  // namespace pcs::service

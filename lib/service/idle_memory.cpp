#include "service/idle_memory.hpp"

#include <fcntl.h>
#include <link.h>
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <array>

#include "core/unique_fd.hpp"

namespace pcs::service {
namespace {

// /proc/self/pagemap: one 64-bit entry per virtual page (Documentation/admin-guide/mm/pagemap.rst).
constexpr std::uint64_t kPresent = std::uint64_t{1} << 63;
constexpr std::uint64_t kFileOrSharedAnon = std::uint64_t{1} << 61;

std::uintptr_t page_size() {
  static const auto size = std::uintptr_t(sysconf(_SC_PAGESIZE));
  return size;
}

int collect_read_only_segments(dl_phdr_info* info, size_t, void* out) {
  auto& ranges = *static_cast<std::vector<IdleMemory::Range>*>(out);
  const std::uintptr_t page = page_size();
  for (int i = 0; i < info->dlpi_phnum; ++i) {
    const ElfW(Phdr)& ph = info->dlpi_phdr[i];
    if (ph.p_type != PT_LOAD || (ph.p_flags & PF_W) || ph.p_memsz == 0) continue;
    // Whole pages only: a segment's first or last page may be shared with a writable neighbour.
    const std::uintptr_t start = info->dlpi_addr + ph.p_vaddr;
    const std::uintptr_t begin = (start + page - 1) & ~(page - 1);
    const std::uintptr_t end = (start + ph.p_filesz) & ~(page - 1);
    if (begin < end) ranges.push_back({begin, end});
  }
  return 0;
}


}  // namespace

IdleMemory IdleMemory::capture() {
  std::vector<Range> ranges;
  dl_iterate_phdr(collect_read_only_segments, &ranges);
  return IdleMemory(std::move(ranges));
}

namespace {

core::UniqueFd open_pagemap() { return core::UniqueFd(::open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC)); }

std::size_t drop_clean_file_pages(const core::UniqueFd& pagemap, std::uintptr_t begin, std::uintptr_t end) {
  if (pagemap.get() < 0) return 0;
  const std::uintptr_t page = page_size();
  std::size_t dropped = 0;
  std::uintptr_t run_begin = 0;  // the start of the current run of droppable pages, 0 when none
  auto flush = [&](std::uintptr_t run_end) {
    if (run_begin != 0 && ::madvise(reinterpret_cast<void*>(run_begin), run_end - run_begin, MADV_DONTNEED) == 0)
      dropped += run_end - run_begin;
    run_begin = 0;
  };
  std::array<std::uint64_t, 512> entries{};
  std::uintptr_t at = begin;
  while (at < end) {
    const std::size_t want = std::min<std::size_t>(entries.size(), (end - at) / page);
    const ssize_t got = ::pread(pagemap.get(), entries.data(), want * sizeof(std::uint64_t),
                                off_t(at / page * sizeof(std::uint64_t)));
    if (got <= 0) break;
    const std::size_t count = std::size_t(got) / sizeof(std::uint64_t);
    for (std::size_t i = 0; i < count; ++i, at += page) {
      const bool droppable = (entries[i] & kPresent) && (entries[i] & kFileOrSharedAnon);
      if (droppable && run_begin == 0) run_begin = at;
      if (!droppable) flush(at);
    }
    if (count < want) break;
  }
  flush(at);
  return dropped;
}

}  // namespace

std::size_t drop_clean_file_pages(std::uintptr_t begin, std::uintptr_t end) {
  return drop_clean_file_pages(open_pagemap(), begin, end);
}

ReleasedMemory IdleMemory::release() const {
  ReleasedMemory released;
  released.heap_trimmed = ::malloc_trim(0) != 0;
  const core::UniqueFd pagemap = open_pagemap();  // once for every range
  for (const Range& r : ranges_) released.mapped_bytes += drop_clean_file_pages(pagemap, r.begin, r.end);
  return released;
}

}  // namespace pcs::service

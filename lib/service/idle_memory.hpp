#pragma once
// What the daemon gives back once start-up is done, and while it sleeps until its next cycle (minutes, with the
// default poll_interval):
// - the heap's free memory (malloc_trim), and
// - its mappings of the program's and its libraries' read-only pages (code, constants, symbol and relocation
//   tables). Those pages stay in the page cache, shared with every process that maps them; only this process's
//   page-table entries go, so the next cycle maps them again with minor faults (no disk read while the cache
//   holds them). Under memory pressure the kernel may then reclaim them without unmapping them first.
//
// Which pages are safe to drop: only pages still identical to the file. The ranges are the read-only PT_LOAD
// segments of the objects the dynamic loader mapped before main (`IdleMemory::capture()`, called at start):
// those are relocated and never unmapped. A library dlopen()ed later (an NSS module, an OpenSSL provider) is left
// alone, since another thread may be relocating it. Within the ranges, /proc/self/pagemap tells a page still
// backed by the file from one this process modified (a debugger's breakpoint, text relocations): only the former
// are dropped, so the program never sees different bytes.
//
// How it fails: silently and partly. Without /proc/self/pagemap (not Linux, /proc not mounted) only the heap is
// trimmed; a failed madvise leaves that range mapped. Nothing here can make the next cycle fail.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace pcs::service {

struct ReleasedMemory {
  std::size_t mapped_bytes = 0;  // read-only file pages unmapped
  bool heap_trimmed = false;     // malloc_trim returned memory to the kernel
};

class IdleMemory {
 public:
  struct Range {
    std::uintptr_t begin = 0;  // page aligned
    std::uintptr_t end = 0;
  };

  // The read-only segments of the objects loaded so far. Call it before any thread could dlopen() (at start).
  static IdleMemory capture();
  explicit IdleMemory(std::vector<Range> ranges) : ranges_(std::move(ranges)) {}

  ReleasedMemory release() const;
  const std::vector<Range>& ranges() const { return ranges_; }

 private:
  std::vector<Range> ranges_;
};

// Drops this process's mapping of the pages in [begin, end) that are present and still the file's own pages
// (private file mappings only: anonymous pages and pages this process wrote are kept). Returns the bytes dropped.
std::size_t drop_clean_file_pages(std::uintptr_t begin, std::uintptr_t end);

}  // namespace pcs::service

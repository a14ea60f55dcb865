// Two views of allocation traffic: a counting nghttp2_mem handed to one
// library object (what the library asks its allocator for), and every
// malloc-family call in the process (what actually happens, including
// allocations hidden behind operator new or libc).
#pragma once

#include <cstddef>
#include <cstdint>

#define NGHTTP2_NO_DEPRECATION_WARNINGS
#include <nghttp2/nghttp2.h>

namespace bench {

struct AllocStats {
  uint64_t calls = 0;  // malloc + calloc + realloc (frees are not counted)
  uint64_t bytes = 0;  // bytes requested by those calls
  uint64_t frees = 0;

  AllocStats operator-(const AllocStats &o) const {
    return {calls - o.calls, bytes - o.bytes, frees - o.frees};
  }
  AllocStats operator+(const AllocStats &o) const {
    return {calls + o.calls, bytes + o.bytes, frees + o.frees};
  }
  AllocStats &operator+=(const AllocStats &o) {
    calls += o.calls;
    bytes += o.bytes;
    frees += o.frees;
    return *this;
  }
};

// A counting allocator table. Each block carries its size in a 16-byte
// prefix, so live bytes are exact and alignment stays that of malloc.
class CountingMem {
 public:
  CountingMem();
  CountingMem(const CountingMem &) = delete;
  CountingMem &operator=(const CountingMem &) = delete;

  nghttp2_mem *table() { return &mem_; }
  AllocStats stats() const { return stats_; }
  uint64_t live_bytes() const { return live_; }
  uint64_t peak_bytes() const { return peak_; }

 private:
  static void *m_malloc(size_t n, void *self);
  static void m_free(void *p, void *self);
  static void *m_calloc(size_t n, size_t sz, void *self);
  static void *m_realloc(void *p, size_t n, void *self);
  void grew(size_t n);

  nghttp2_mem mem_;
  AllocStats stats_;
  uint64_t live_ = 0;
  uint64_t peak_ = 0;
};

// Process-wide counters maintained by the malloc interposer (malloc_hook.cc).
AllocStats process_allocs();

}  // namespace bench

// A growable byte region owned through nghttp2_mem. It never shrinks: the
// buffers that hold frames being sent or received are reused for every
// frame, so after warm-up they stop reaching the allocator.
#pragma once

#include <cstddef>
#include <cstdint>

#include "util/mem.h"

namespace h2pool {

struct ByteBuf {
  uint8_t *data = nullptr;
  size_t cap = 0;

  // Makes room for at least |n| bytes; existing content is not kept.
  bool reserve(Mem mem, size_t n) {
    if (n <= cap) return true;
    const size_t want = grown(n);
    void *p = mem.alloc(want);
    if (!p) return false;
    mem.free(data);
    data = static_cast<uint8_t *>(p);
    cap = want;
    return true;
  }
  // Like reserve, but keeps the first |keep| bytes.
  bool grow_keep(Mem mem, size_t n, size_t keep) {
    if (n <= cap) return true;
    const size_t want = grown(n);
    void *p = mem.realloc(data, want);
    if (!p) return false;
    (void)keep;
    data = static_cast<uint8_t *>(p);
    cap = want;
    return true;
  }
  // Doubling keeps slowly growing buffers to a few reallocations, but a
  // single large request is served exactly: rounding a 16 KiB frame buffer
  // up to the next power of two would leave almost half of it unused for
  // the session's lifetime.
  size_t grown(size_t n) const {
    const size_t doubled = cap ? cap * 2 : 64;
    return doubled > n ? doubled : n;
  }
  void release(Mem mem) {
    mem.free(data);
    data = nullptr;
    cap = 0;
  }
};

}  // namespace h2pool

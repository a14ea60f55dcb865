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
    size_t want = cap ? cap : 64;
    while (want < n) want *= 2;
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
    size_t want = cap ? cap : 64;
    while (want < n) want *= 2;
    void *p = mem.realloc(data, want);
    if (!p) return false;
    (void)keep;
    data = static_cast<uint8_t *>(p);
    cap = want;
    return true;
  }
  void release(Mem mem) {
    mem.free(data);
    data = nullptr;
    cap = 0;
  }
};

}  // namespace h2pool

// Fixed-size object pool: objects live in chunks obtained from nghttp2_mem
// and go back on a free list when released, so a session that keeps
// opening and closing streams (or queueing frames) stops calling the
// allocator once the pool has grown to its working-set size. Addresses are
// stable for the lifetime of an object because chunks never move.
#pragma once

#include <cstddef>
#include <new>

#include "util/mem.h"

namespace h2pool {

template <class T>
class Slab {
 public:
  // |first_chunk| objects are allocated on first use; later chunks double.
  explicit Slab(Mem mem, size_t first_chunk = 8)
      : mem_(mem), next_chunk_(first_chunk) {}
  Slab(const Slab &) = delete;
  Slab &operator=(const Slab &) = delete;
  ~Slab() {
    Chunk *c = chunks_;
    while (c) {
      Chunk *next = c->next;
      mem_.free(c);
      c = next;
    }
  }

  // Default-constructs a T in a free slot; nullptr when memory runs out.
  T *acquire() {
    if (!free_ && !grow()) return nullptr;
    Slot *s = free_;
    free_ = s->next_free;
    ++live_;
    return ::new (static_cast<void *>(s->storage)) T();
  }

  void release(T *obj) {
    if (!obj) return;
    obj->~T();
    Slot *s = reinterpret_cast<Slot *>(obj);
    s->next_free = free_;
    free_ = s;
    --live_;
  }

  size_t live() const { return live_; }

 private:
  union Slot {
    Slot *next_free;
    alignas(T) unsigned char storage[sizeof(T)];
  };
  struct Chunk {
    Chunk *next;
    size_t count;
    Slot *slots() { return reinterpret_cast<Slot *>(this + 1); }
  };
  static_assert(alignof(Chunk) >= alignof(Slot) || alignof(Slot) <= 16);

  bool grow() {
    // Chunks double up to a cap so small sessions stay small while busy
    // ones reach their working set in a few steps.
    const size_t count = next_chunk_;
    if (next_chunk_ < 256) next_chunk_ *= 2;
    const size_t header = (sizeof(Chunk) + alignof(Slot) - 1) /
                          alignof(Slot) * alignof(Slot);
    void *raw = mem_.alloc(header + count * sizeof(Slot));
    if (!raw) return false;
    Chunk *c = static_cast<Chunk *>(raw);
    c->next = chunks_;
    c->count = count;
    chunks_ = c;
    Slot *slots = reinterpret_cast<Slot *>(static_cast<unsigned char *>(raw) +
                                           header);
    for (size_t i = count; i > 0; --i) {
      slots[i - 1].next_free = free_;
      free_ = &slots[i - 1];
    }
    return true;
  }

  Mem mem_;
  Chunk *chunks_ = nullptr;
  Slot *free_ = nullptr;
  size_t next_chunk_;
  size_t live_ = 0;
};

}  // namespace h2pool

#include "hpack/rcbuf.h"

#include <bit>
#include <cstring>

namespace h2pool::hpack {
namespace {

// Payload capacity of a size class, including the terminating NUL that every
// rcbuf carries (applications read values as C strings, as upstream allows).
constexpr size_t class_bytes(int cls) {
  return size_t(1) << (cls + RcPool::kMinShift);
}

// Arena footprint of a block: header plus payload, 8-byte aligned.
constexpr size_t block_bytes(int cls) {
  return (sizeof(nghttp2_rcbuf) + class_bytes(cls) + 7) & ~size_t(7);
}

int class_for(size_t bytes) {
  if (bytes <= class_bytes(0)) return 0;
  return int(std::bit_width(bytes - 1)) - RcPool::kMinShift;
}

}  // namespace

RcPool *RcPool::create(Mem mem, size_t arena_bytes) {
  void *p = mem.alloc(sizeof(RcPool));
  if (!p) return nullptr;
  RcPool *pool = ::new (p) RcPool();
  pool->mem_table_ = *mem.table();
  pool->arena_budget_ = arena_bytes;
  return pool;
}

void RcPool::release_owner() {
  owner_alive_ = false;
  // Cached blocks are only useful to a live owner.
  Mem mem(&mem_table_);
  for (nghttp2_rcbuf *&head : free_) {
    while (head) {
      nghttp2_rcbuf *next = head->next_free;
      if (head->kind != kRcArena) mem.free(head);
      head = next;
    }
  }
  cached_bytes_ = 0;
  maybe_destroy();
}

void RcPool::maybe_destroy() {
  if (owner_alive_ || outstanding_ != 0) return;
  nghttp2_mem table = mem_table_;
  for (Chunk *c = chunks_; c;) {
    Chunk *next = c->next;
    table.free(c, table.mem_user_data);
    c = next;
  }
  this->~RcPool();
  table.free(this, table.mem_user_data);
}

void *RcPool::carve(size_t block) {
  if (chunks_ && chunks_->size - chunk_used_ >= block) {
    void *b = reinterpret_cast<uint8_t *>(chunks_ + 1) + chunk_used_;
    chunk_used_ += block;
    return b;
  }
  // Each chunk doubles the previous one; the last one takes whatever the
  // budget has left.
  size_t size = chunks_ ? chunks_->size * 2 : kFirstChunkBytes;
  while (size < block) size *= 2;
  if (sizeof(Chunk) + size > arena_budget_) {
    if (arena_budget_ < sizeof(Chunk) + block) return nullptr;
    size = arena_budget_ - sizeof(Chunk);
  }
  void *p = Mem(&mem_table_).alloc(sizeof(Chunk) + size);
  if (!p) {
    arena_budget_ = 0;
    return nullptr;
  }
  arena_budget_ -= sizeof(Chunk) + size;
  park_chunk_tail();
  Chunk *c = static_cast<Chunk *>(p);
  c->next = chunks_;
  c->size = size;
  chunks_ = c;
  chunk_used_ = block;
  return c + 1;
}

void RcPool::park_chunk_tail() {
  if (!chunks_) return;
  // The tail of the chunk being left behind is cut into the largest blocks
  // that fit and parked on the free lists, so no arena byte is wasted.
  uint8_t *base = reinterpret_cast<uint8_t *>(chunks_ + 1);
  for (int cls = kClasses - 1; cls >= 0; --cls) {
    const size_t block = block_bytes(cls);
    while (chunks_->size - chunk_used_ >= block) {
      auto *rc = reinterpret_cast<nghttp2_rcbuf *>(base + chunk_used_);
      chunk_used_ += block;
      rc->kind = kRcArena;
      rc->size_class = uint8_t(cls);
      rc->pool = this;
      rc->next_free = free_[cls];
      free_[cls] = rc;
    }
  }
}

size_t RcPool::capacity_of(const nghttp2_rcbuf *rc) {
  return class_bytes(rc->size_class) - 1;
}

nghttp2_rcbuf *RcPool::get(size_t cap) {
  const size_t bytes = cap + 1;
  nghttp2_rcbuf *rc;
  if (bytes > class_bytes(kClasses - 1)) {
    Mem mem(&mem_table_);
    void *p = mem.alloc(sizeof(nghttp2_rcbuf) + bytes);
    if (!p) return nullptr;
    rc = static_cast<nghttp2_rcbuf *>(p);
    rc->kind = kRcOversize;
    rc->size_class = 0;
  } else {
    // The mix of string sizes alive at once drifts with the table contents;
    // borrowing a parked block of a somewhat larger class keeps a warm pool
    // from allocating when one class runs dry while others have spares
    // (at most 8x larger, so small strings do not use up the big blocks).
    const int want = class_for(bytes);
    const int limit = want + 3 < kClasses ? want + 3 : kClasses - 1;
    int cls = want;
    while (cls <= limit && !free_[cls]) ++cls;
    if (cls <= limit) {
      rc = free_[cls];
      free_[cls] = rc->next_free;
      if (rc->kind != kRcArena) cached_bytes_ -= class_bytes(cls);
    } else {
      cls = want;
      const size_t block = block_bytes(cls);
      if (void *b = carve(block)) {
        rc = static_cast<nghttp2_rcbuf *>(b);
        rc->kind = kRcArena;
      } else {
        Mem mem(&mem_table_);
        void *p = mem.alloc(sizeof(nghttp2_rcbuf) + class_bytes(cls));
        if (!p) return nullptr;
        rc = static_cast<nghttp2_rcbuf *>(p);
        rc->kind = kRcPooled;
      }
    }
    rc->size_class = uint8_t(cls);
  }
  rc->base = reinterpret_cast<uint8_t *>(rc + 1);
  rc->base[0] = 0;
  rc->len = 0;
  rc->ref = 1;
  rc->pool = this;
  rc->next_free = nullptr;
  ++outstanding_;
  return rc;
}

void RcPool::put(nghttp2_rcbuf *rc) {
  --outstanding_;
  const size_t bytes = class_bytes(rc->size_class);
  if (rc->kind == kRcArena) {
    // Arena blocks are never freed one by one; a dead owner's arena goes
    // with the pool.
    if (owner_alive_) {
      rc->next_free = free_[rc->size_class];
      free_[rc->size_class] = rc;
    } else {
      maybe_destroy();
    }
    return;
  }
  if (rc->kind == kRcPooled && owner_alive_ &&
      cached_bytes_ + bytes <= kMaxCachedBytes) {
    rc->next_free = free_[rc->size_class];
    free_[rc->size_class] = rc;
    cached_bytes_ += bytes;
    return;
  }
  Mem(&mem_table_).free(rc);
  maybe_destroy();
}

}  // namespace h2pool::hpack

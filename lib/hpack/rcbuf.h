// Reference-counted byte buffers handed to the application through
// on_header_callback2 (public type nghttp2_rcbuf) and used as the storage of
// HPACK dynamic-table entries.
//
// Three kinds exist:
//  - static: names/values of the RFC 7541 static table; refcount operations
//    are no-ops and nghttp2_rcbuf_is_static() reports 1.
//  - pooled / arena: header + inline bytes of an RcPool size class, either
//    carved from one of the pool's arena chunks or, once the arena budget
//    is used up, allocated on its own. The chunks start small and double,
//    so an idle or lightly used codec holds little memory while a busy one
//    converges on a few chunks. When the last reference goes away the block
//    goes back on the pool's free list instead of to the allocator, so a
//    decoder or encoder stops allocating once its table is warm. The pool
//    outlives its owner while any block is still referenced by the
//    application.
//  - oversize: strings longer than the largest size class; allocated and
//    freed one by one (rare by construction: they are > 64 KiB).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#include <nghttp2/nghttp2.h>

#include "util/mem.h"

namespace h2pool::hpack {
class RcPool;
}

struct nghttp2_rcbuf {
  uint8_t *base;
  size_t len;
  // Only the inflater/deflater thread touches refcounts (nghttp2 sessions are
  // single-threaded), so a plain integer suffices.
  int32_t ref;
  uint8_t kind;       // h2pool::hpack::RcKind
  uint8_t size_class; // index into RcPool free lists (pooled kind only)
  h2pool::hpack::RcPool *pool;  // null for static
  nghttp2_rcbuf *next_free;     // free-list link while parked in the pool
};

namespace h2pool::hpack {

enum RcKind : uint8_t { kRcStatic = 0, kRcPooled = 1, kRcOversize = 2, kRcArena = 3 };

inline void rcbuf_incref(nghttp2_rcbuf *rc) {
  if (rc->kind != kRcStatic) ++rc->ref;
}
// Drops one reference; the last one returns the block to its pool. Inline:
// the decoder drops the previous field's references on every call.
inline void rcbuf_decref(nghttp2_rcbuf *rc);

// Size-class allocator for rcbufs. Classes hold 32 B .. 64 KiB of payload in
// powers of two. Freed blocks are cached per class (bounded by
// kMaxCachedBytes) so that steady-state traffic reuses them.
class RcPool {
 public:
  static constexpr int kMinShift = 5;
  static constexpr int kMaxShift = 16;
  static constexpr int kClasses = kMaxShift - kMinShift + 1;
  static constexpr size_t kMaxCachedBytes = 256 * 1024;
  // Arena chunks: the first one holds a handful of typical strings, each
  // next one doubles, and all of them together stay within the budget
  // (enough for a full default-size table plus the fields in flight).
  static constexpr size_t kFirstChunkBytes = 1024;
  static constexpr size_t kDefaultArenaBytes = 16 * 1024;

  // Creates a pool whose blocks come from mem (the nghttp2_mem table is
  // copied, so the pool may outlive the caller's struct). Nothing else is
  // allocated until the first block is requested.
  static RcPool *create(Mem mem, size_t arena_bytes = kDefaultArenaBytes);
  // The owner (inflater/deflater) is done with the pool; the pool frees
  // itself once every outstanding block has been released too.
  void release_owner();

  // A buffer with room for at least cap bytes, ref = 1, len = 0.
  // nullptr on allocation failure.
  nghttp2_rcbuf *get(size_t cap);
  void put(nghttp2_rcbuf *rc);

  static size_t capacity_of(const nghttp2_rcbuf *rc);

 private:
  // Arena chunks are chained through this header, newest first.
  struct Chunk {
    Chunk *next;
    size_t size;  // usable bytes after the header
  };

  RcPool() = default;
  void maybe_destroy();
  // Carves `block` bytes from the arena, adding a chunk if the budget
  // allows; nullptr when it does not (or the allocator failed).
  void *carve(size_t block);
  void park_chunk_tail();

  nghttp2_mem mem_table_{};
  nghttp2_rcbuf *free_[kClasses] = {};
  Chunk *chunks_ = nullptr;
  size_t chunk_used_ = 0;     // bytes carved from the newest chunk
  size_t arena_budget_ = 0;   // bytes the chunks may still take
  size_t cached_bytes_ = 0;
  size_t outstanding_ = 0;
  bool owner_alive_ = true;
};

}  // namespace h2pool::hpack

namespace h2pool::hpack {

inline void rcbuf_decref(nghttp2_rcbuf *rc) {
  if (rc->kind != kRcStatic && --rc->ref == 0) rc->pool->put(rc);
}

// A pooled copy of src[0..n) (NUL-terminated); nullptr on allocation failure.
inline nghttp2_rcbuf *rcbuf_copy(RcPool *pool, const uint8_t *src, size_t n) {
  nghttp2_rcbuf *rc = pool->get(n);
  if (!rc) return nullptr;
  if (n) std::memcpy(rc->base, src, n);
  rc->base[n] = 0;
  rc->len = n;
  return rc;
}

}  // namespace h2pool::hpack

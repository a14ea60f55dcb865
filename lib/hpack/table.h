// HPACK dynamic table (RFC 7541 section 2.3.2) shared by the encoder and the
// decoder.
//
// Entries live in a power-of-two ring of fixed-size records indexed by a
// monotonically increasing sequence number; the oldest entry is evicted by
// shrinking the live range. The name/value bytes are pooled rcbufs, so
// evicting an entry is a decref that parks the block on a free list and
// inserting one reuses a parked block: once warm the table never reaches the
// allocator. Because the bytes are rcbufs, a decoder hands a table entry to
// the application with an incref instead of a copy, and an entry that the
// application keeps alive survives its own eviction.
#pragma once

#include <cstddef>
#include <cstdint>

#include <nghttp2/nghttp2.h>

#include "hpack/rcbuf.h"
#include "hpack/token.h"
#include "util/mem.h"

namespace h2pool::hpack {

// RFC 7541 section 4.1: every entry costs its name and value plus 32.
constexpr size_t kEntryOverhead = 32;
constexpr size_t kStaticTableLength = 61;
constexpr size_t kDefaultTableSize = 4096;

struct Entry {
  nghttp2_rcbuf *name;
  nghttp2_rcbuf *value;
  // nghttp2_nv view handed out by table_entry(); points into the rcbufs.
  nghttp2_nv nv;
  uint64_t seq;       // insertion number; ring slot = seq & mask
  uint64_t next_seq;  // next older entry in the same name bucket, 0 = none
  uint32_t name_hash;
  Token token;
};

struct StaticEntry {
  nghttp2_rcbuf name;
  nghttp2_rcbuf value;
  nghttp2_nv nv;
  uint32_t name_hash;
  Token token;
};

// 0-based: static_entry(0) is ":authority".
const StaticEntry &static_entry(size_t i);

// Bucket hash of a header name: names with a token hash by token so the
// bytes are never rehashed; other names by content.
uint32_t name_hash(Token token, const uint8_t *name, size_t len);

class DynTable {
 public:
  // Hash buckets are only maintained when `hashed` (the encoder searches the
  // table, the decoder only indexes it). Allocates nothing; cannot fail.
  int init(Mem mem, size_t max_size, bool hashed);
  void destroy();

  size_t size() const { return size_; }          // RFC accounting
  size_t max_size() const { return max_size_; }
  size_t count() const { return count_; }

  // i = 0 is the newest entry; i < count().
  Entry &get(size_t i) { return ring_[(next_seq_ - 1 - i) & mask_]; }
  const Entry &get(size_t i) const { return ring_[(next_seq_ - 1 - i) & mask_]; }

  // Evicts until the table fits max_size.
  void set_max_size(size_t max_size);

  // Inserts (name, value), taking over one reference to each. An entry
  // larger than the maximum empties the table and is not stored (the
  // references are dropped). Returns NGHTTP2_ERR_NOMEM if the ring could not
  // grow; the references are dropped then too.
  int add(nghttp2_rcbuf *name, nghttp2_rcbuf *value, Token token,
          uint32_t name_hash);

  // Encoder search among entries with this name: the newest one whose value
  // matches too (*exact = true), else the newest one with the name. Returns
  // the 0-based dynamic position, or -1 if no entry has the name. With
  // name_only the value is not compared.
  ptrdiff_t find(Token token, const uint8_t *name, size_t namelen,
                 const uint8_t *value, size_t valuelen, uint32_t name_hash,
                 bool name_only, bool *exact) const;

 private:
  static constexpr size_t kBuckets = 128;
  static constexpr size_t kInitialSlots = 8;

  void evict_oldest();
  int grow();

  Mem mem_;
  Entry *ring_ = nullptr;
  size_t mask_ = 0;        // ring capacity - 1
  size_t count_ = 0;
  uint64_t next_seq_ = 1;  // seq of the next insertion (0 means "none")
  size_t size_ = 0;
  size_t max_size_ = 0;
  uint64_t *buckets_ = nullptr;  // newest seq per name bucket, 0 = empty
  bool hashed_ = false;
};

}  // namespace h2pool::hpack

#include "hpack/table.h"

#include "hpack/bytes_eq.h"

namespace h2pool::hpack {

uint32_t name_hash(Token token, const uint8_t *name, size_t len) {
  if (token != kNone) return uint32_t(token) * 0x9e3779b1u;
  // 32-bit FNV-1a: cheap, and good enough to spread header names over 128
  // buckets.
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < len; ++i) {
    h ^= name[i];
    h *= 16777619u;
  }
  return h;
}

int DynTable::init(Mem mem, size_t max_size, bool hashed) {
  mem_ = mem;
  max_size_ = max_size;
  hashed_ = hashed;
  // The ring and the buckets are allocated by the first insertion, so a
  // codec that never indexes anything (or is never used) holds none.
  return 0;
}

void DynTable::destroy() {
  while (count_) evict_oldest();
  mem_.free(ring_);
  mem_.free(buckets_);
  ring_ = nullptr;
  buckets_ = nullptr;
}

void DynTable::evict_oldest() {
  Entry &e = get(count_ - 1);
  size_ -= e.name->len + e.value->len + kEntryOverhead;
  rcbuf_decref(e.value);
  rcbuf_decref(e.name);
  --count_;
  // Bucket chains are pruned lazily: a chain walk stops at the first seq
  // that is no longer live, and everything after it is older still.
}

void DynTable::set_max_size(size_t max_size) {
  max_size_ = max_size;
  while (size_ > max_size_ && count_) evict_oldest();
}

int DynTable::grow() {
  // Start with room for a few typical entries and double: the slot count a
  // table needs follows its content, up to max_size / 32 for tiny entries.
  const size_t cap = ring_ ? (mask_ + 1) * 2 : kInitialSlots;
  Entry *ring = static_cast<Entry *>(mem_.alloc(cap * sizeof(Entry)));
  if (!ring) return NGHTTP2_ERR_NOMEM;
  if (hashed_ && !buckets_) {
    buckets_ = static_cast<uint64_t *>(mem_.alloc_zeroed(kBuckets, sizeof(uint64_t)));
    if (!buckets_) {
      mem_.free(ring);
      return NGHTTP2_ERR_NOMEM;
    }
  }
  for (size_t i = 0; i < count_; ++i) {
    const Entry &e = get(i);
    ring[e.seq & (cap - 1)] = e;
  }
  mem_.free(ring_);
  ring_ = ring;
  mask_ = cap - 1;
  return 0;
}

int DynTable::add(nghttp2_rcbuf *name, nghttp2_rcbuf *value, Token token,
                  uint32_t hash) {
  const size_t room = name->len + value->len + kEntryOverhead;
  while (count_ && size_ + room > max_size_) evict_oldest();
  if (room > max_size_) {
    rcbuf_decref(value);
    rcbuf_decref(name);
    return 0;
  }
  if ((!ring_ || count_ == mask_ + 1) && grow() != 0) {
    rcbuf_decref(value);
    rcbuf_decref(name);
    return NGHTTP2_ERR_NOMEM;
  }
  const uint64_t seq = next_seq_++;
  Entry &e = ring_[seq & mask_];
  e.name = name;
  e.value = value;
  e.nv.name = name->base;
  e.nv.value = value->base;
  e.nv.namelen = name->len;
  e.nv.valuelen = value->len;
  e.nv.flags = NGHTTP2_NV_FLAG_NONE;
  e.seq = seq;
  e.name_hash = hash;
  e.token = token;
  if (buckets_) {
    uint64_t &head = buckets_[hash & (kBuckets - 1)];
    e.next_seq = head;
    head = seq;
  }
  ++count_;
  size_ += room;
  return 0;
}

ptrdiff_t DynTable::find(Token token, const uint8_t *name, size_t namelen,
                         const uint8_t *value, size_t valuelen, uint32_t hash,
                         bool name_only, bool *exact) const {
  *exact = false;
  ptrdiff_t found = -1;
  if (!buckets_) return found;
  const uint64_t oldest = next_seq_ - count_;
  for (uint64_t seq = buckets_[hash & (kBuckets - 1)]; seq >= oldest && seq != 0;) {
    const Entry &e = ring_[seq & mask_];
    const bool same_name =
        e.token == token &&
        (token != kNone || (e.name_hash == hash && e.name->len == namelen &&
                            bytes_eq(e.name->base, name, namelen)));
    if (same_name) {
      const ptrdiff_t pos = ptrdiff_t(next_seq_ - 1 - seq);
      if (found < 0) {
        found = pos;
        if (name_only) break;
      }
      if (e.value->len == valuelen &&
          bytes_eq(e.value->base, value, valuelen)) {
        *exact = true;
        return pos;
      }
    }
    seq = e.next_seq;
  }
  return found;
}

}  // namespace h2pool::hpack

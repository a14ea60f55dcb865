// Stream id -> object map with open addressing and linear probing. A slot
// is just the object pointer (the key is read from the object itself), so
// the table costs 8 bytes per slot; deletion shifts the following run back
// instead of leaving tombstones, and the table only grows, so a session
// with a stable number of live streams never allocates here.
#pragma once

#include <cstddef>
#include <cstdint>

#include "util/mem.h"

namespace h2pool {

template <class T, int32_t T::*Key>
class IdMap {
 public:
  explicit IdMap(Mem mem) : mem_(mem) {}
  IdMap(const IdMap &) = delete;
  IdMap &operator=(const IdMap &) = delete;
  ~IdMap() { mem_.free(slots_); }

  T *find(int32_t key) const {
    if (!slots_) return nullptr;
    for (size_t i = home(key);; i = (i + 1) & mask_) {
      T *v = slots_[i];
      if (!v) return nullptr;
      if (v->*Key == key) return v;
    }
  }

  // Adds |value| under its own key, replacing an object with the same key.
  // Returns false only when the table had to grow and memory ran out.
  bool insert(T *value) {
    if ((size_ + 1) * 2 > capacity() && !rehash(capacity() ? capacity() * 2 : 16))
      return false;
    const int32_t key = value->*Key;
    size_t i = home(key);
    while (slots_[i] && slots_[i]->*Key != key) i = (i + 1) & mask_;
    if (!slots_[i]) ++size_;
    slots_[i] = value;
    return true;
  }

  void remove(int32_t key) {
    if (!slots_) return;
    size_t i = home(key);
    for (;; i = (i + 1) & mask_) {
      if (!slots_[i]) return;
      if (slots_[i]->*Key == key) break;
    }
    // Backward-shift deletion keeps every probe run contiguous.
    size_t hole = i;
    for (size_t j = (i + 1) & mask_; slots_[j]; j = (j + 1) & mask_) {
      const size_t h = home(slots_[j]->*Key);
      const bool movable = hole <= j ? (h <= hole || h > j) : (h <= hole && h > j);
      if (movable) {
        slots_[hole] = slots_[j];
        hole = j;
      }
    }
    slots_[hole] = nullptr;
    --size_;
  }

  size_t size() const { return size_; }

  // Keys are stream ids the peer picks. With a fixed hash a hostile peer
  // could choose ids that all land in one probe run; a per-session secret
  // mixed into the hash makes such a set unpredictable. Only valid while the
  // map is empty.
  void set_seed(uint32_t seed) { seed_ = seed; }

  // Visits every value; |fn| must not insert or remove.
  template <class Fn>
  int for_each(Fn &&fn) const {
    for (size_t i = 0; i < capacity(); ++i) {
      if (slots_[i]) {
        int rv = fn(slots_[i]);
        if (rv != 0) return rv;
      }
    }
    return 0;
  }

 private:
  size_t capacity() const { return slots_ ? mask_ + 1 : 0; }
  size_t home(int32_t key) const {
    // Fibonacci hashing: take the TOP bits of the product, which depend on
    // every bit of the key (the low bits would depend only on the key's low
    // bits, so ids differing by a multiple of the capacity would collide).
    const uint64_t h = (static_cast<uint64_t>(static_cast<uint32_t>(key) ^ seed_) *
                        0x9E3779B97F4A7C15ull);
    return static_cast<size_t>(h >> shift_);
  }

  bool rehash(size_t cap) {
    T **fresh = static_cast<T **>(mem_.alloc(cap * sizeof(T *)));
    if (!fresh) return false;
    for (size_t i = 0; i < cap; ++i) fresh[i] = nullptr;
    T **old = slots_;
    const size_t oldcap = capacity();
    slots_ = fresh;
    mask_ = cap - 1;
    shift_ = 64 - static_cast<unsigned>(__builtin_ctzll(cap));
    for (size_t i = 0; i < oldcap; ++i) {
      if (!old[i]) continue;
      size_t j = home(old[i]->*Key);
      while (slots_[j]) j = (j + 1) & mask_;
      slots_[j] = old[i];
    }
    mem_.free(old);
    return true;
  }

  Mem mem_;
  T **slots_ = nullptr;
  size_t mask_ = 0;
  unsigned shift_ = 64;
  size_t size_ = 0;
  uint32_t seed_ = 0;
};

}  // namespace h2pool

// Streams with DATA to send at one RFC 9218 urgency level, ordered the way
// newest upstream orders them: by virtual "cycle" (advanced by the bytes a
// stream wrote when it is incremental) and then by stream creation order.
// A binary heap over an array that only grows, with each stream remembering
// its slot so removal from the middle is O(log n) and allocation-free.
#pragma once

#include <cstddef>
#include <cstdint>

#include "util/mem.h"

namespace h2pool {

struct Stream;

class DataScheduler {
 public:
  DataScheduler() = default;
  DataScheduler(const DataScheduler &) = delete;
  DataScheduler &operator=(const DataScheduler &) = delete;

  void set_mem(Mem mem) { mem_ = mem; }
  void release() {
    mem_.free(heap_);
    heap_ = nullptr;
    cap_ = 0;
    n_ = 0;
  }

  bool push(Stream *s);
  void remove(Stream *s);
  Stream *top() const { return n_ ? heap_[0] : nullptr; }
  bool empty() const { return n_ == 0; }
  size_t size() const { return n_; }

 private:
  static bool less(const Stream *a, const Stream *b);
  void sift_up(size_t i);
  void sift_down(size_t i);
  void place(size_t i, Stream *s);

  Mem mem_;
  Stream **heap_ = nullptr;
  size_t n_ = 0;
  size_t cap_ = 0;
};

}  // namespace h2pool

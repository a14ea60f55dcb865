#include "session/data_scheduler.h"

#include "session/outbound_item.h"
#include "session/stream.h"

namespace h2pool {

namespace {
// Cycles are compared modulo 2^64; a gap larger than one maximal frame
// means the counter wrapped.
constexpr uint64_t kMaxCycleGap = (1u << 24) - 1;
}  // namespace

bool DataScheduler::less(const Stream *a, const Stream *b) {
  const uint64_t ca = a->item->cycle, cb = b->item->cycle;
  if (ca == cb) return a->seq < b->seq;
  return cb - ca <= kMaxCycleGap;
}

void DataScheduler::place(size_t i, Stream *s) {
  heap_[i] = s;
  s->item->heap_index = static_cast<uint32_t>(i);
}

void DataScheduler::sift_up(size_t i) {
  Stream *s = heap_[i];
  while (i > 0) {
    const size_t parent = (i - 1) / 2;
    if (!less(s, heap_[parent])) break;
    place(i, heap_[parent]);
    i = parent;
  }
  place(i, s);
}

void DataScheduler::sift_down(size_t i) {
  Stream *s = heap_[i];
  for (;;) {
    size_t child = 2 * i + 1;
    if (child >= n_) break;
    if (child + 1 < n_ && less(heap_[child + 1], heap_[child])) ++child;
    if (!less(heap_[child], s)) break;
    place(i, heap_[child]);
    i = child;
  }
  place(i, s);
}

bool DataScheduler::push(Stream *s) {
  if (n_ == cap_) {
    const size_t ncap = cap_ ? cap_ * 2 : 16;
    void *p = mem_.realloc(heap_, ncap * sizeof(Stream *));
    if (!p) return false;
    heap_ = static_cast<Stream **>(p);
    cap_ = ncap;
  }
  place(n_, s);
  ++n_;
  sift_up(n_ - 1);
  return true;
}

void DataScheduler::remove(Stream *s) {
  const size_t i = s->item->heap_index;
  --n_;
  if (i == n_) return;
  place(i, heap_[n_]);
  sift_down(i);
  sift_up(heap_[i]->item->heap_index);
}

}  // namespace h2pool

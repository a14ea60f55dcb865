#include <cstdlib>
#include <cstring>

#include "counters.h"

namespace bench {

namespace {
constexpr size_t kPrefix = 16;

size_t &size_of(void *block) { return *static_cast<size_t *>(block); }
}  // namespace

CountingMem::CountingMem() {
  mem_.mem_user_data = this;
  mem_.malloc = m_malloc;
  mem_.free = m_free;
  mem_.calloc = m_calloc;
  mem_.realloc = m_realloc;
}

void CountingMem::grew(size_t n) {
  live_ += n;
  if (live_ > peak_) peak_ = live_;
}

void *CountingMem::m_malloc(size_t n, void *self) {
  auto *cm = static_cast<CountingMem *>(self);
  cm->stats_.calls++;
  cm->stats_.bytes += n;
  void *b = std::malloc(n + kPrefix);
  if (!b) return nullptr;
  size_of(b) = n;
  cm->grew(n);
  return static_cast<char *>(b) + kPrefix;
}

void *CountingMem::m_calloc(size_t n, size_t sz, void *self) {
  auto *cm = static_cast<CountingMem *>(self);
  if (sz && n > (SIZE_MAX - kPrefix) / sz) return nullptr;
  void *p = m_malloc(n * sz, self);
  if (p) std::memset(p, 0, n * sz);
  (void)cm;
  return p;
}

void CountingMem::m_free(void *p, void *self) {
  if (!p) return;
  auto *cm = static_cast<CountingMem *>(self);
  void *b = static_cast<char *>(p) - kPrefix;
  cm->stats_.frees++;
  cm->live_ -= size_of(b);
  std::free(b);
}

void *CountingMem::m_realloc(void *p, size_t n, void *self) {
  auto *cm = static_cast<CountingMem *>(self);
  if (!p) return m_malloc(n, self);
  void *b = static_cast<char *>(p) - kPrefix;
  size_t old = size_of(b);
  cm->stats_.calls++;
  cm->stats_.bytes += n;
  void *nb = std::realloc(b, n + kPrefix);
  if (!nb) return nullptr;
  size_of(nb) = n;
  cm->live_ -= old;
  cm->grew(n);
  return static_cast<char *>(nb) + kPrefix;
}

}  // namespace bench

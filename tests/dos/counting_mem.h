// An nghttp2_mem that tracks live and peak bytes and can be told to refuse
// the n-th allocation. Each block carries its size in a header so free and
// realloc can keep the live count exact without asking the C library.
#pragma once

#include <nghttp2/nghttp2.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace h2test {

struct CountingMem {
  size_t live = 0;
  size_t peak = 0;
  size_t allocations = 0; // successful and refused requests, in order
  size_t blocks = 0;      // live blocks
  size_t fail_at = 0;     // 1-based request number to refuse; 0 = never
  size_t refused = 0;

  nghttp2_mem mem() {
    return nghttp2_mem{this, &CountingMem::do_malloc, &CountingMem::do_free,
                       &CountingMem::do_calloc, &CountingMem::do_realloc};
  }
  void reset_peak() { peak = live; }

private:
  // max_align_t keeps the user pointer as aligned as malloc's own.
  static constexpr size_t kHeader = alignof(std::max_align_t);

  bool admit() {
    ++allocations;
    if (fail_at != 0 && allocations == fail_at) {
      ++refused;
      return false;
    }
    return true;
  }
  void grew(size_t n) {
    live += n;
    if (live > peak) peak = live;
  }
  static size_t size_of(void *user) {
    size_t n;
    std::memcpy(&n, static_cast<char *>(user) - kHeader, sizeof n);
    return n;
  }
  static void *do_malloc(size_t size, void *ud) {
    auto *self = static_cast<CountingMem *>(ud);
    if (!self->admit()) return nullptr;
    auto *raw = static_cast<char *>(std::malloc(size + kHeader));
    if (!raw) return nullptr;
    std::memcpy(raw, &size, sizeof size);
    self->grew(size);
    ++self->blocks;
    return raw + kHeader;
  }
  static void do_free(void *ptr, void *ud) {
    if (!ptr) return;
    auto *self = static_cast<CountingMem *>(ud);
    self->live -= size_of(ptr);
    --self->blocks;
    std::free(static_cast<char *>(ptr) - kHeader);
  }
  static void *do_calloc(size_t nmemb, size_t size, void *ud) {
    if (size != 0 && nmemb > SIZE_MAX / size) return nullptr;
    void *p = do_malloc(nmemb * size, ud);
    if (p) std::memset(p, 0, nmemb * size);
    return p;
  }
  static void *do_realloc(void *ptr, size_t size, void *ud) {
    auto *self = static_cast<CountingMem *>(ud);
    if (!ptr) return do_malloc(size, ud);
    if (!self->admit()) return nullptr;
    const size_t old = size_of(ptr);
    auto *raw = static_cast<char *>(
        std::realloc(static_cast<char *>(ptr) - kHeader, size + kHeader));
    if (!raw) return nullptr;
    std::memcpy(raw, &size, sizeof size);
    self->live -= old;
    self->grew(size);
    return raw + kHeader;
  }
};

} // namespace h2test

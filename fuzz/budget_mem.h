// An nghttp2_mem that fails every allocation after a budget (0 = never) and
// counts live blocks, so the targets catch leaks on every path, failure
// paths included, even without LeakSanitizer (the gcc replay).
#pragma once

#include <cstdlib>

#define NGHTTP2_NO_DEPRECATION_WARNINGS
#include <nghttp2/nghttp2.h>

namespace fuzz {

struct BudgetMem {
  nghttp2_mem mem;
  unsigned budget = 0, made = 0;
  long live = 0;

  explicit BudgetMem(unsigned b) : budget(b) {
    mem = {this, m_malloc, m_free, m_calloc, m_realloc};
  }
  BudgetMem(const BudgetMem &) = delete;
  BudgetMem &operator=(const BudgetMem &) = delete;

 private:
  bool spent() const { return budget && made >= budget; }
  static void *m_malloc(size_t n, void *self) {
    auto *b = static_cast<BudgetMem *>(self);
    if (b->spent()) return nullptr;
    void *p = std::malloc(n);
    if (p) ++b->made, ++b->live;
    return p;
  }
  static void m_free(void *p, void *self) {
    if (p) --static_cast<BudgetMem *>(self)->live;
    std::free(p);
  }
  static void *m_calloc(size_t n, size_t sz, void *self) {
    auto *b = static_cast<BudgetMem *>(self);
    if (b->spent()) return nullptr;
    void *p = std::calloc(n, sz);
    if (p) ++b->made, ++b->live;
    return p;
  }
  static void *m_realloc(void *p, size_t n, void *self) {
    auto *b = static_cast<BudgetMem *>(self);
    if (!p) return m_malloc(n, self);
    if (b->spent()) return nullptr;
    void *q = std::realloc(p, n);
    if (q) ++b->made;
    return q;
  }
};

}  // namespace fuzz

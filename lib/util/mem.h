// All engine memory goes through the caller's nghttp2_mem. This header is the
// one place that turns that C table into typed C++ helpers; nothing in lib/
// calls operator new/delete or malloc directly.
#pragma once

#include <cstddef>
#include <cstdint>
#include <new>
#include <utility>

#include <nghttp2/nghttp2.h>

namespace h2pool {

// libc-backed table used when the application passes NULL.
const nghttp2_mem *default_mem();

// A borrowed view of an allocator table. Cheap to copy; the table it points
// to must outlive every object allocated through it.
class Mem {
 public:
  Mem() : m_(default_mem()) {}
  explicit Mem(const nghttp2_mem *m) : m_(m ? m : default_mem()) {}

  void *alloc(size_t n) const { return m_->malloc(n, m_->mem_user_data); }
  void *alloc_zeroed(size_t count, size_t size) const {
    return m_->calloc(count, size, m_->mem_user_data);
  }
  void *realloc(void *p, size_t n) const {
    return m_->realloc(p, n, m_->mem_user_data);
  }
  void free(void *p) const {
    if (p) m_->free(p, m_->mem_user_data);
  }

  // Constructs a T in allocator memory; nullptr when allocation fails.
  template <class T, class... Args>
  T *create(Args &&...args) const {
    void *p = alloc(sizeof(T));
    if (!p) return nullptr;
    return ::new (p) T(std::forward<Args>(args)...);
  }
  template <class T>
  void destroy(T *p) const {
    if (!p) return;
    p->~T();
    free(p);
  }

  const nghttp2_mem *table() const { return m_; }

 private:
  const nghttp2_mem *m_;
};

}  // namespace h2pool

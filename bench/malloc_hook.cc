// Replaces the malloc family for the whole process. The bench executable
// exports these names (see meson.build), so every dlopen()ed library binds
// to them; they forward to glibc's own entry points.
#include <cerrno>
#include <cstddef>
#include <cstdint>

#include "counters.h"

extern "C" {
void *__libc_malloc(size_t);
void *__libc_calloc(size_t, size_t);
void *__libc_realloc(void *, size_t);
void __libc_free(void *);
void *__libc_memalign(size_t, size_t);
}

namespace {
// Plain globals: the bench is single-threaded and these must work before
// any constructor has run.
uint64_t g_calls, g_bytes, g_frees;

inline void note(size_t n) {
  ++g_calls;
  g_bytes += n;
}

}  // namespace

extern "C" {

void *malloc(size_t n) {
  note(n);
  return __libc_malloc(n);
}

void *calloc(size_t n, size_t sz) {
  note(n * sz);
  return __libc_calloc(n, sz);
}

void *realloc(void *p, size_t n) {
  note(n);
  return __libc_realloc(p, n);
}

void free(void *p) {
  if (p) ++g_frees;
  __libc_free(p);
}

void *memalign(size_t align, size_t n) {
  note(n);
  return __libc_memalign(align, n);
}

void *aligned_alloc(size_t align, size_t n) { return memalign(align, n); }

int posix_memalign(void **out, size_t align, size_t n) {
  if (align % sizeof(void *) || (align & (align - 1))) return EINVAL;
  void *p = memalign(align, n);
  if (!p) return ENOMEM;
  *out = p;
  return 0;
}

}  // extern "C"

namespace bench {

AllocStats process_allocs() { return {g_calls, g_bytes, g_frees}; }

}  // namespace bench

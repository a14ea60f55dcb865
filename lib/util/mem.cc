#include "util/mem.h"

#include <cstdlib>

namespace h2pool {
namespace {

void *libc_malloc(size_t n, void *) { return std::malloc(n); }
void libc_free(void *p, void *) { std::free(p); }
void *libc_calloc(size_t c, size_t n, void *) { return std::calloc(c, n); }
void *libc_realloc(void *p, size_t n, void *) { return std::realloc(p, n); }

const nghttp2_mem kLibcMem = {nullptr, libc_malloc, libc_free, libc_calloc,
                              libc_realloc};

}  // namespace

const nghttp2_mem *default_mem() { return &kLibcMem; }

}  // namespace h2pool

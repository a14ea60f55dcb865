#include "reference.h"

#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>

#ifndef FUZZ_REFERENCE_LIB
#define FUZZ_REFERENCE_LIB "/lib/x86_64-linux-gnu/libnghttp2.so.14"
#endif

namespace fuzz {

void *reference_symbol(const char *name) {
  static void *handle = [] {
    const char *path = std::getenv("H2POOL_REFERENCE_LIB");
    if (!path || !*path) path = FUZZ_REFERENCE_LIB;
    void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
      std::fprintf(stderr, "fuzz: cannot load reference %s: %s\n", path,
                   dlerror());
      std::abort();
    }
    return h;
  }();
  void *f = dlsym(handle, name);
  if (!f) {
    std::fprintf(stderr, "fuzz: reference lacks %s\n", name);
    std::abort();
  }
  return f;
}

}  // namespace fuzz

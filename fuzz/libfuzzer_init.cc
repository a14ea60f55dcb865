// libFuzzer builds only: refuse to start a target that cannot run, rather
// than fuzz a function that is not there.
#include <cstdio>
#include <cstdlib>

#include "target.h"

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  if (const char *why = fuzz_unavailable()) {
    std::fprintf(stderr, "fuzz target unavailable: %s\n", why);
    std::exit(1);
  }
  return 0;
}

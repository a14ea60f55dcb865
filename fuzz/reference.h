// Upstream libnghttp2 loaded with dlopen(RTLD_LOCAL): its symbols never mix
// with ours, which are linked into the target.
#pragma once

#define NGHTTP2_NO_DEPRECATION_WARNINGS
#include <nghttp2/nghttp2.h>

namespace fuzz {

// Path from $H2POOL_REFERENCE_LIB, else the build's reference_lib option.
// Aborts with a message when the library or the symbol is missing.
void *reference_symbol(const char *name);

}  // namespace fuzz

#define REF(name) \
  (reinterpret_cast<decltype(&::name)>(::fuzz::reference_symbol(#name)))

#include "api.h"

#include <dlfcn.h>

namespace bench {

namespace {

template <class F>
bool resolve(void *handle, const char *name, F &slot, std::string &missing) {
  slot = reinterpret_cast<F>(dlsym(handle, name));
  if (!slot && missing.empty()) missing = name;
  return slot != nullptr;
}

}  // namespace

bool load(Api &api, const std::string &label, const std::string &path,
          std::string &err) {
  api.label = label;
  api.path = path;
  // RTLD_LOCAL keeps each library's symbols private, so two libraries that
  // export the same names never bind to each other.
  api.handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!api.handle) {
    const char *e = dlerror();
    err = e ? e : "dlopen failed";
    return false;
  }
  bool ok = true;
  std::string miss;
#define BENCH_RESOLVE(name) ok &= resolve(api.handle, #name, api.name, miss);
  BENCH_HPACK_API(BENCH_RESOLVE)
  api.has_hpack = ok;
  if (!ok) api.missing = miss;
  ok = true;
  miss.clear();
  BENCH_SESSION_API(BENCH_RESOLVE)
#undef BENCH_RESOLVE
  api.has_session = ok;
  if (!ok) api.missing += (api.missing.empty() ? "" : ", ") + miss;
  return true;
}

}  // namespace bench

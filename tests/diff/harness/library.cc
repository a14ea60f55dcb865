#include "library.h"

#include <dlfcn.h>
#include <stdlib.h>

namespace h2diff {

std::unique_ptr<Library> Library::open(const std::string &path,
                                       const std::string &label,
                                       std::string *error) {
  void *handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char *msg = dlerror();
    if (error)
      *error = msg ? msg : "dlopen failed";
    return nullptr;
  }
  std::unique_ptr<Library> lib(new Library());
  lib->handle_ = handle;
  lib->path_ = path;
  lib->label_ = label;
  for (const auto &name : api_symbol_names()) {
    // dlsym on a handle searches that object and its dependencies only, so
    // a symbol missing from this build stays null instead of being taken
    // from the other library.
    dlerror();
    void *sym = dlsym(handle, name.c_str());
    *api_slot(lib->api_, name) = sym;
    Dl_info info;
    if (sym && dladdr(sym, &info) && info.dli_fname) {
      char *a = realpath(info.dli_fname, nullptr);
      char *b = realpath(path.c_str(), nullptr);
      if (!a || !b || std::string(a) != b)
        lib->foreign_.push_back(name + " -> " + info.dli_fname);
      free(a);
      free(b);
    }
  }
  return lib;
}

Library::~Library() {
  if (handle_)
    dlclose(handle_);
}

} // namespace h2diff

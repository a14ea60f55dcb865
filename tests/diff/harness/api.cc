#include "api.h"

namespace h2diff {

const std::vector<std::string> &api_symbol_names() {
  static const std::vector<std::string> names = {
#define H2_DIFF_NAME(name) "nghttp2_" #name,
      H2_DIFF_API_FUNCTIONS(H2_DIFF_NAME)
#undef H2_DIFF_NAME
  };
  return names;
}

void **api_slot(Api &api, const std::string &symbol) {
  // Function pointers are stored through void* slots only by the loader,
  // which gets void* from dlsym; POSIX guarantees the round trip.
#define H2_DIFF_SLOT(name)                                                     \
  if (symbol == "nghttp2_" #name)                                              \
    return reinterpret_cast<void **>(&api.name);
  H2_DIFF_API_FUNCTIONS(H2_DIFF_SLOT)
#undef H2_DIFF_SLOT
  return nullptr;
}

const void *api_pointer(const Api &api, const std::string &symbol) {
  void **slot = api_slot(const_cast<Api &>(api), symbol);
  return slot ? *slot : nullptr;
}

std::vector<std::string> api_missing(const Api &api) {
  std::vector<std::string> out;
  for (const auto &n : api_symbol_names())
    if (api_pointer(api, n) == nullptr)
      out.push_back(n);
  return out;
}

} // namespace h2diff

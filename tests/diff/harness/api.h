// One table of function pointers per loaded libnghttp2, typed from our own
// public header. The same scenario code then runs against the reference and
// against h2pool by going through different Api instances, never through
// link-time symbols (the test binaries do not link any libnghttp2).
#pragma once

// The harness must name deprecated functions too; it is a caller on behalf
// of the applications that still use them.
#ifndef NGHTTP2_NO_DEPRECATION_WARNINGS
#define NGHTTP2_NO_DEPRECATION_WARNINGS
#endif
#include <nghttp2/nghttp2.h>

#include <cstddef>
#include <string>
#include <vector>

#include "api_list.h"

namespace h2diff {

struct Api {
#define H2_DIFF_MEMBER(name) decltype(&::nghttp2_##name) name = nullptr;
  H2_DIFF_API_FUNCTIONS(H2_DIFF_MEMBER)
#undef H2_DIFF_MEMBER
};

// Exported names ("nghttp2_..."), in the order of api_list.h.
const std::vector<std::string> &api_symbol_names();

// Address of the member that holds the pointer for `symbol`, or nullptr if
// the name is not part of the API. Lets generic code (loader, reports) walk
// the table by name.
void **api_slot(Api &api, const std::string &symbol);
// The pointer stored for `symbol` (nullptr if absent or unknown).
const void *api_pointer(const Api &api, const std::string &symbol);

// Names whose pointer is null in `api`.
std::vector<std::string> api_missing(const Api &api);

} // namespace h2diff

// ABI test (c): error-code texts and fatality, reference vs h2pool at run
// time. Applications print these strings and branch on is_fatal, so every
// code in range must agree, not just the named ones.
#include <cstdint>
#include <string>

#include "harness.h"

int main(int argc, char **argv) {
  h2diff::Harness h("abi-errors", argc, argv);
  auto &ck = h.check();
  if (!h.require(h.ours(), {"nghttp2_strerror", "nghttp2_http2_strerror",
                            "nghttp2_is_fatal"}))
    return h.finish();

  long codes = 0;
  for (int code = -1000; code <= 10; ++code, ++codes) {
    std::string c = std::to_string(code);
    h.compare("nghttp2_strerror(" + c + ")",
              [&](const h2diff::Side &s) { return std::string(s->strerror(code)); });
    h.compare("nghttp2_is_fatal(" + c + ")",
              [&](const h2diff::Side &s) { return s->is_fatal(code); });
  }
  // Wire error codes: the 14 defined ones, the unassigned values after them,
  // and the largest uint32_t.
  std::vector<uint32_t> wire;
  for (uint32_t v = 0; v <= 0x20; ++v)
    wire.push_back(v);
  wire.push_back(0xffffffffu);
  for (uint32_t v : wire)
    h.compare("nghttp2_http2_strerror(" + std::to_string(v) + ")",
              [&](const h2diff::Side &s) {
                return std::string(s->http2_strerror(v));
              });
  // Spot values straight from INVENTORY 3.1: guards against both libraries
  // drifting together (e.g. a reference swapped for another build).
  const auto &o = *h.ours();
  ck.eq("ours strerror(-505)", std::string("Protocol error"),
        std::string(o.strerror(-505)));
  ck.eq("ours is_fatal(-900)", 0, o.is_fatal(-900));
  ck.eq("ours is_fatal(-901)", 1, o.is_fatal(-901));
  ck.eq("ours http2_strerror(0xd)", std::string("HTTP_1_1_REQUIRED"),
        std::string(o.http2_strerror(0xd)));
  ck.add_count("library codes", codes);
  ck.add_count("wire codes", static_cast<long>(wire.size()));
  return h.finish();
}

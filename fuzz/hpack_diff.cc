// The same bytes into upstream's inflater (dlopen) and h2pool's: both must
// emit the same fields block by block, or both fail the same block (error
// codes are not compared; each library has its own).
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "hpack_feed.h"
#include "ours.h"
#include "reference.h"
#include "target.h"

namespace {

const fuzz::Inflater &ref_api() {
  static const fuzz::Inflater api = {
      REF(nghttp2_hd_inflate_new2), REF(nghttp2_hd_inflate_del),
      REF(nghttp2_hd_inflate_hd2), REF(nghttp2_hd_inflate_end_headers),
      REF(nghttp2_hd_inflate_change_table_size)};
  return api;
}

const fuzz::Inflater kOurs = {
    nghttp2_hd_inflate_new2, nghttp2_hd_inflate_del, nghttp2_hd_inflate_hd2,
    nghttp2_hd_inflate_end_headers, nghttp2_hd_inflate_change_table_size};

[[noreturn]] void mismatch(size_t block, const fuzz::BlockResult *up,
                           const fuzz::BlockResult *ours) {
  std::fprintf(stderr, "hpack_diff: block %zu differs\n  upstream: %s\n  h2pool:   %s\n",
               block, up ? fuzz::describe(*up).c_str() : "(not reached)",
               ours ? fuzz::describe(*ours).c_str() : "(not reached)");
  std::abort();
}

// Self-test hook (test fuzz_hpack_diff_detects_flip): alters h2pool's first
// decoded value, so the comparison must report a mismatch.
void flip_for_selftest(std::vector<fuzz::BlockResult> &ours) {
  static const bool flip = [] {
    const char *e = std::getenv("H2POOL_FUZZ_FLIP");
    return e && std::strcmp(e, "1") == 0;
  }();
  if (!flip) return;
  for (fuzz::BlockResult &r : ours)
    if (!r.fields.empty()) {
      r.fields[0].value += '!';
      return;
    }
}

}  // namespace

const char *fuzz_unavailable() { return fuzz::missing_hpack(); }

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz::Script s = fuzz::parse_script(data, size);
  auto up = fuzz::run_script(ref_api(), s, nullptr, true);
  auto ours = fuzz::run_script(kOurs, s, nullptr, true);
  flip_for_selftest(ours);
  for (size_t i = 0; i < up.size() || i < ours.size(); ++i) {
    const fuzz::BlockResult *a = i < up.size() ? &up[i] : nullptr;
    const fuzz::BlockResult *b = i < ours.size() ? &ours[i] : nullptr;
    if (!a || !b) mismatch(i, a, b);
    if (a->status == fuzz::BlockResult::kError &&
        b->status == fuzz::BlockResult::kError)
      break;
    if (a->status != b->status || a->fields != b->fields) mismatch(i, a, b);
  }
  return 0;
}

// Arbitrary bytes into h2pool's inflater (layout in hpack_feed.h), through an
// allocator that can be told to fail (budget_mem.h), then checks the
// invariants any input must leave intact.
#include <cstdio>
#include <cstdlib>

#include "budget_mem.h"
#include "hpack_feed.h"
#include "ours.h"
#include "target.h"

namespace {

[[noreturn]] void fail(const char *what) {
  std::fprintf(stderr, "hpack_inflate: %s\n", what);
  std::abort();
}

const fuzz::Inflater kOurs = {
    nghttp2_hd_inflate_new2, nghttp2_hd_inflate_del, nghttp2_hd_inflate_hd2,
    nghttp2_hd_inflate_end_headers, nghttp2_hd_inflate_change_table_size};

}  // namespace

const char *fuzz_unavailable() { return fuzz::missing_hpack(); }

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz::Script s = fuzz::parse_script(data, size);
  fuzz::BudgetMem bm(s.alloc_budget);
  nghttp2_hd_inflater *inf = nullptr;
  std::vector<fuzz::BlockResult> res =
      fuzz::run_script(kOurs, s, &bm.mem, false, &inf);
  for (const fuzz::BlockResult &r : res)
    if (r.status == fuzz::BlockResult::kStuck)
      fail("final input neither completed the block nor failed");
  if (inf) {
    size_t size_now = nghttp2_hd_inflate_get_dynamic_table_size(inf);
    size_t max = nghttp2_hd_inflate_get_max_dynamic_table_size(inf);
    if (size_now > max) fail("dynamic table larger than its limit");
    size_t n = nghttp2_hd_inflate_get_num_table_entries(inf);
    if (n < 61) fail("fewer than 61 table entries");
    size_t sum = 0;
    for (size_t i = 1; i <= n; ++i) {
      const nghttp2_nv *nv = nghttp2_hd_inflate_get_table_entry(inf, i);
      if (!nv) fail("table entry missing inside the table");
      if (i > 61) sum += nv->namelen + nv->valuelen + 32;
    }
    if (nghttp2_hd_inflate_get_table_entry(inf, n + 1))
      fail("table entry past the end");
    if (sum != size_now) fail("dynamic table size is not the sum of its entries");
    nghttp2_hd_inflate_del(inf);
  }
  if (bm.live != 0) fail("allocations outlive the inflater");
  return 0;
}

// Header lists built from the input go through h2pool's deflater (with
// table-size changes); every block must decode back to exactly the same
// list, in h2pool's inflater and in upstream's (dlopen). Fields sent as
// never-indexed must come back flagged so. Also checks the deflater's own
// invariants: output within nghttp2_hd_deflate_bound, table within limits.
#include <cstdio>
#include <cstdlib>

#include "hpack_feed.h"
#include "hpack_roundtrip.h"
#include "ours.h"
#include "reference.h"
#include "target.h"

namespace {

const fuzz::Inflater kOurs = {
    nghttp2_hd_inflate_new2, nghttp2_hd_inflate_del, nghttp2_hd_inflate_hd2,
    nghttp2_hd_inflate_end_headers, nghttp2_hd_inflate_change_table_size};

const fuzz::Inflater &ref_api() {
  static const fuzz::Inflater api = {
      REF(nghttp2_hd_inflate_new2), REF(nghttp2_hd_inflate_del),
      REF(nghttp2_hd_inflate_hd2), REF(nghttp2_hd_inflate_end_headers),
      REF(nghttp2_hd_inflate_change_table_size)};
  return api;
}

[[noreturn]] void fail(size_t block, const char *what,
                       const fuzz::BlockResult *got = nullptr) {
  std::fprintf(stderr, "hpack_roundtrip: block %zu: %s\n", block, what);
  if (got) std::fprintf(stderr, "  decoded: %s\n", fuzz::describe(*got).c_str());
  std::abort();
}

void expect_same(size_t i, const char *who, const fuzz::BlockResult &r,
                 const fuzz::RtBlock &b) {
  if (r.status != fuzz::BlockResult::kOk) fail(i, who, &r);
  if (r.fields.size() != b.fields.size()) fail(i, who, &r);
  for (size_t k = 0; k < r.fields.size(); ++k) {
    const fuzz::Field &f = r.fields[k];
    if (f.name != b.fields[k].name || f.value != b.fields[k].value)
      fail(i, who, &r);
    if (b.fields[k].no_index && !(f.flags & NGHTTP2_NV_FLAG_NO_INDEX))
      fail(i, "never-indexed field lost its flag", &r);
  }
}

}  // namespace

const char *fuzz_unavailable() { return fuzz::missing_hpack(); }

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  uint16_t max_table;
  std::vector<fuzz::RtBlock> blocks = fuzz::parse_roundtrip(data, size, max_table);

  nghttp2_hd_deflater *def = nullptr;
  if (nghttp2_hd_deflate_new2(&def, max_table, nullptr) != 0)
    fail(0, "deflate_new2 failed");
  nghttp2_hd_inflater *inf[2] = {nullptr, nullptr};
  const fuzz::Inflater *apis[2] = {&kOurs, &ref_api()};
  for (int k = 0; k < 2; ++k) {
    // The decoders advertise the largest table, so any size the encoder
    // picks up to its own maximum is legal.
    if (apis[k]->new2(&inf[k], nullptr) != 0 ||
        apis[k]->change_table_size(inf[k], 65535) != 0)
      fail(0, "inflater setup failed");
  }

  std::vector<nghttp2_nv> nva;
  std::vector<uint8_t> buf;
  for (size_t i = 0; i < blocks.size(); ++i) {
    const fuzz::RtBlock &b = blocks[i];
    if (b.resize && nghttp2_hd_deflate_change_table_size(def, b.new_size) != 0)
      fail(i, "deflate_change_table_size failed");
    nva.clear();
    for (const fuzz::RtField &f : b.fields)
      nva.push_back({(uint8_t *)f.name.data(), (uint8_t *)f.value.data(),
                     f.name.size(), f.value.size(),
                     static_cast<uint8_t>(f.no_index ? NGHTTP2_NV_FLAG_NO_INDEX
                                                     : NGHTTP2_NV_FLAG_NONE)});
    size_t bound = nghttp2_hd_deflate_bound(def, nva.data(), nva.size());
    buf.assign(bound, 0);
    ssize_t n = nghttp2_hd_deflate_hd(def, buf.data(), buf.size(), nva.data(),
                                      nva.size());
    if (n < 0) fail(i, "deflate_hd failed with a buffer of deflate_bound bytes");
    if (nghttp2_hd_deflate_get_dynamic_table_size(def) >
        nghttp2_hd_deflate_get_max_dynamic_table_size(def))
      fail(i, "deflater table larger than its limit");
    if (nghttp2_hd_deflate_get_max_dynamic_table_size(def) > max_table)
      fail(i, "deflater table limit above its maximum");
    for (int k = 0; k < 2; ++k)
      expect_same(i, k ? "upstream decodes differently" : "h2pool decodes differently",
                  fuzz::inflate_block(*apis[k], inf[k], buf.data(),
                                      static_cast<size_t>(n), 0, true),
                  b);
  }
  nghttp2_hd_deflate_del(def);
  for (int k = 0; k < 2; ++k) apis[k]->del(inf[k]);
  return 0;
}

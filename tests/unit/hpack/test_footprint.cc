// lib/hpack footprint: how many bytes an inflater + deflater pair holds
// before use, after one and after 100 blocks of real browsing traffic (the
// hpack-test-case corpus), and that scattered output (deflate_vec) costs no
// allocation per call. The session budget is 8 KiB when idle, so an unused
// pair must hold next to nothing and storage must follow the table content.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

extern "C" {
#include <cmocka.h>
}

#include <cstdio>
#include <map>

#include "corpus.h"
#include "hpack/deflater.h"
#include "hpack/inflater.h"

namespace {

using h2pool::Mem;
using h2pool::hpack::Deflater;
using h2pool::hpack::HeaderField;
using h2pool::hpack::Inflater;

// Tracks live bytes per pointer (the nghttp2_mem free has no size).
struct Counter {
  std::map<void *, size_t> live;
  size_t bytes = 0;
  size_t allocs = 0;
};

void *c_malloc(size_t n, void *ud) {
  auto *c = static_cast<Counter *>(ud);
  void *p = malloc(n);
  c->live[p] = n;
  c->bytes += n;
  ++c->allocs;
  return p;
}
void c_free(void *p, void *ud) {
  if (!p) return;
  auto *c = static_cast<Counter *>(ud);
  c->bytes -= c->live.at(p);
  c->live.erase(p);
  free(p);
}
void *c_calloc(size_t a, size_t b, void *ud) {
  void *p = c_malloc(a * b, ud);
  memset(p, 0, a * b);
  return p;
}
void *c_realloc(void *, size_t, void *) {
  fail_msg("lib/hpack does not realloc");
  return nullptr;
}

bench::Corpus &corpus() {
  static bench::Corpus c;
  static bool loaded = false;
  if (!loaded) {
    std::string err;
    if (!bench::load_corpus(HPACK_CORPUS, c, err)) fail_msg("%s", err.c_str());
    loaded = true;
  }
  return c;
}

void decode(Inflater &inf, const bench::Block &b) {
  const uint8_t *p = b.wire.data();
  size_t left = b.wire.size();
  size_t fields = 0;
  for (;;) {
    HeaderField f;
    int flags = 0;
    const nghttp2_ssize r = inf.inflate(&f, &flags, p, left, true);
    assert_true(r >= 0);
    p += r;
    left -= size_t(r);
    if (flags & NGHTTP2_HD_INFLATE_EMIT) {
      assert_true(fields < b.names.size());
      assert_int_equal(f.value->len, b.values[fields].size());
      ++fields;
    }
    if (flags & NGHTTP2_HD_INFLATE_FINAL) break;
  }
  inf.end_headers();
  assert_int_equal(fields, b.names.size());
}

void test_footprint_grows_with_content(void **) {
  const bench::Story *story = nullptr;
  for (const bench::Story &s : corpus().stories)
    if (s.blocks.size() >= 100) {
      story = &s;
      break;
    }
  assert_non_null(story);

  Counter c;
  nghttp2_mem table{&c, c_malloc, c_free, c_calloc, c_realloc};
  Inflater inf;
  Deflater def;
  assert_int_equal(inf.init(Mem(&table)), 0);
  assert_int_equal(def.init(Mem(&table)), 0);
  const size_t at0 = c.bytes;

  std::vector<uint8_t> out(1 << 16);
  size_t at1 = 0, at100 = 0;
  size_t allocs_at[101] = {};
  for (size_t k = 0; k < 100; ++k) {
    allocs_at[k] = c.allocs;
    const bench::Block &b = story->blocks[k];
    decode(inf, b);
    assert_true(def.deflate(out.data(), out.size(), b.nva.data(), b.nva.size()) > 0);
    if (k == 0) at1 = c.bytes;
  }
  at100 = c.bytes;
  allocs_at[100] = c.allocs;
  std::printf("hpack footprint (inflater + deflater, %s): 0 blocks %zu B, "
              "1 block %zu B, 100 blocks %zu B; dynamic tables %zu + %zu B\n",
              story->name.c_str(), at0, at1, at100, inf.dynamic_table_size(),
              def.dynamic_table_size());
  // Growth happens in a few geometric steps while the tables fill (this
  // story's tables are still filling after block 70), never per block.
  std::printf("allocations in blocks 1-100: %zu (first block %zu, blocks 2-10 "
              "%zu, 11-50 %zu, 51-100 %zu)\n",
              allocs_at[100] - allocs_at[0], allocs_at[1] - allocs_at[0],
              allocs_at[10] - allocs_at[1], allocs_at[50] - allocs_at[10],
              allocs_at[100] - allocs_at[50]);
  assert_true(allocs_at[100] - allocs_at[0] <= 20);
  // Unused: only the two pool headers.
  assert_true(at0 <= 512);
  // One block: a few KiB at most, far below the old fixed 2 x (16 KiB
  // arena + 10 KiB ring).
  assert_true(at1 <= 8 * 1024);
  // Warm: bounded by what two full 4 KiB tables need.
  assert_true(at100 <= 48 * 1024);
  assert_true(at1 < at100);

  inf.destroy();
  def.destroy();
  assert_int_equal(c.bytes, 0);
}

// deflate_vec over several buffers writes straight into them.
void test_deflate_vec_no_alloc(void **) {
  Counter c;
  nghttp2_mem table{&c, c_malloc, c_free, c_calloc, c_realloc};
  Deflater def;
  Deflater ref;
  assert_int_equal(def.init(Mem(&table)), 0);
  assert_int_equal(ref.init(Mem(&table)), 0);
  const bench::Story &story = corpus().stories[0];
  std::vector<uint8_t> a(7), b(13), d(1 << 16), want(1 << 16);
  for (size_t k = 0; k < story.blocks.size(); ++k) {
    const bench::Block &blk = story.blocks[k];
    const nghttp2_vec vec[3] = {{a.data(), a.size()}, {b.data(), b.size()},
                                {d.data(), d.size()}};
    const size_t before = c.allocs;
    const nghttp2_ssize n = def.deflate_vec(vec, 3, blk.nva.data(), blk.nva.size());
    const size_t vec_allocs = c.allocs - before;
    const size_t before_ref = c.allocs;
    const nghttp2_ssize m = ref.deflate(want.data(), want.size(), blk.nva.data(),
                                        blk.nva.size());
    // Both encoders grow their tables identically, so the scattered path
    // must not add any allocation of its own.
    assert_int_equal(vec_allocs, c.allocs - before_ref);
    assert_true(n > 0);
    assert_int_equal(n, m);
    std::vector<uint8_t> got(a);
    got.insert(got.end(), b.begin(), b.end());
    got.insert(got.end(), d.begin(), d.end());
    assert_memory_equal(got.data(), want.data(), size_t(n));
  }
  def.destroy();
  ref.destroy();
  assert_int_equal(c.bytes, 0);
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_footprint_grows_with_content),
      cmocka_unit_test(test_deflate_vec_no_alloc),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}

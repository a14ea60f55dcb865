// lib/hpack memory: every byte comes through the caller's nghttp2_mem, a
// warm encoder/decoder pair makes no allocation at all, rcbufs the
// application keeps stay intact (even past eviction and past the inflater's
// destruction), and nothing leaks.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

extern "C" {
#include <cmocka.h>
}

#include <random>

#include "hpack_test_util.h"

namespace {

using namespace hpack_test;
using h2pool::Mem;
using h2pool::hpack::Deflater;
using h2pool::hpack::HeaderField;
using h2pool::hpack::Inflater;

struct Counter {
  size_t allocs = 0;  // malloc + calloc + realloc
  size_t frees = 0;   // non-null frees
  long live = 0;
};

void *c_malloc(size_t n, void *ud) {
  auto *c = static_cast<Counter *>(ud);
  ++c->allocs;
  ++c->live;
  return malloc(n);
}
void c_free(void *p, void *ud) {
  if (!p) return;
  auto *c = static_cast<Counter *>(ud);
  ++c->frees;
  --c->live;
  free(p);
}
void *c_calloc(size_t a, size_t b, void *ud) {
  auto *c = static_cast<Counter *>(ud);
  ++c->allocs;
  ++c->live;
  return calloc(a, b);
}
void *c_realloc(void *p, size_t n, void *ud) {
  auto *c = static_cast<Counter *>(ud);
  ++c->allocs;
  if (!p) ++c->live;
  return realloc(p, n);
}

// Browser-like traffic: mostly repeated fields, plus per-request values
// (paths, ids, lengths) of varying size that keep the table churning.
std::vector<Fields> traffic(unsigned seed, size_t n) {
  std::mt19937 rng(seed);
  std::vector<Fields> out;
  for (size_t i = 0; i < n; ++i) {
    Fields f = {{":method", i % 5 ? "GET" : "POST"},
                {":scheme", "https"},
                {":authority", "www.example.com"},
                {":path", "/static/" + std::to_string(rng() % 100000) + ".js"},
                {"user-agent", "Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/115.0"},
                {"accept", "*/*"},
                {"accept-encoding", "gzip, deflate, br"},
                {"cookie", "session=" + std::string(20 + rng() % 40, char('a' + rng() % 26))},
                {"x-request-id", std::to_string(rng()) + std::to_string(rng())},
                {"content-length", std::to_string(rng() % 5000)},
                {"x-trace", std::string(rng() % 200, char('A' + rng() % 26))}};
    if (i % 3 == 0) f.push_back({"authorization", "Bearer " + std::to_string(rng())});
    out.push_back(f);
  }
  return out;
}

void test_warm_zero_allocations(void **) {
  Counter c;
  nghttp2_mem mem = {&c, c_malloc, c_free, c_calloc, c_realloc};
  {
    Deflater def;
    Inflater inf;
    assert_int_equal(def.init(Mem(&mem)), 0);
    assert_int_equal(inf.init(Mem(&mem)), 0);
    const auto blocks = traffic(3, 2400);
    std::vector<Bytes> enc;
    Bytes buf(1 << 16);
    size_t warm_allocs = 0;
    for (size_t i = 0; i < blocks.size(); ++i) {
      if (i == 1200) warm_allocs = c.allocs;
      auto nva = to_nva(blocks[i]);
      const nghttp2_ssize n = def.deflate(buf.data(), buf.size(), nva.data(), nva.size());
      assert_true(n > 0);
      // Drive the decoder the way the session does: hand every field to the
      // "application" through the HeaderField, no copies.
      size_t off = 0;
      size_t fields = 0;
      for (;;) {
        HeaderField f;
        int flags = 0;
        const nghttp2_ssize rv = inf.inflate(&f, &flags, buf.data() + off, size_t(n) - off, true);
        assert_true(rv >= 0);
        off += size_t(rv);
        if (flags & NGHTTP2_HD_INFLATE_EMIT) {
          assert_int_equal(f.name->len, blocks[i][fields].first.size());
          assert_int_equal(f.value->len, blocks[i][fields].second.size());
          ++fields;
        }
        if (flags & NGHTTP2_HD_INFLATE_FINAL) break;
      }
      inf.end_headers();
      assert_int_equal(fields, blocks[i].size());
    }
    const size_t after = c.allocs - warm_allocs;
    print_message("allocations in the last 1200 blocks (encode+decode): %zu\n", after);
    assert_int_equal(after, 0);
    def.destroy();
    inf.destroy();
  }
  assert_int_equal(c.live, 0);
  assert_int_equal(c.allocs, c.frees);
}

void test_kept_rcbufs(void **) {
  Counter c;
  nghttp2_mem mem = {&c, c_malloc, c_free, c_calloc, c_realloc};
  Deflater def;
  Inflater inf;
  assert_int_equal(def.init(Mem(&mem)), 0);
  assert_int_equal(inf.init(Mem(&mem)), 0);
  inf.change_table_size(200);
  def.change_table_size(200);

  struct Kept {
    nghttp2_rcbuf *rc;
    std::string want;
  };
  std::vector<Kept> kept;
  Bytes buf(4096);
  bool saw_static = false;
  for (int i = 0; i < 300; ++i) {
    Fields fl = {{":method", "GET"},
                 {"x-name-" + std::to_string(i % 7), "value-" + std::to_string(i)},
                 {"x-name-" + std::to_string(i % 7), "value-" + std::to_string(i)}};
    auto nva = to_nva(fl);
    const nghttp2_ssize n = def.deflate(buf.data(), buf.size(), nva.data(), nva.size());
    assert_true(n > 0);
    size_t off = 0, k = 0;
    for (;;) {
      HeaderField f;
      int flags = 0;
      const nghttp2_ssize rv = inf.inflate(&f, &flags, buf.data() + off, size_t(n) - off, true);
      assert_true(rv >= 0);
      off += size_t(rv);
      if (flags & NGHTTP2_HD_INFLATE_EMIT) {
        if (k == 0) {
          // Static-table fields are static rcbufs.
          assert_int_equal(f.name->kind, h2pool::hpack::kRcStatic);
          saw_static = true;
        }
        if (i % 10 == 0) {
          // Keep both the literal (k == 1) and the indexed copy (k == 2).
          h2pool::hpack::rcbuf_incref(f.name);
          h2pool::hpack::rcbuf_incref(f.value);
          kept.push_back({f.name, fl[k].first});
          kept.push_back({f.value, fl[k].second});
        }
        ++k;
      }
      if (flags & NGHTTP2_HD_INFLATE_FINAL) break;
    }
    inf.end_headers();
  }
  assert_true(saw_static);
  // The table (200 bytes) has been overwritten many times since.
  for (const auto &kp : kept) assert_string_equal(reinterpret_cast<char *>(kp.rc->base), kp.want.c_str());
  def.destroy();
  inf.destroy();
  // Still valid after the inflater is gone.
  for (const auto &kp : kept) assert_string_equal(reinterpret_cast<char *>(kp.rc->base), kp.want.c_str());
  assert_true(c.live > 0);
  for (const auto &kp : kept) h2pool::hpack::rcbuf_decref(kp.rc);
  assert_int_equal(c.live, 0);
}

// Allocation failures surface as NGHTTP2_ERR_NOMEM / HEADER_COMP and leak
// nothing.
size_t g_fail_after;
void *f_malloc(size_t n, void *ud) {
  if (g_fail_after == 0) return nullptr;
  --g_fail_after;
  return c_malloc(n, ud);
}
void *f_calloc(size_t a, size_t b, void *ud) {
  if (g_fail_after == 0) return nullptr;
  --g_fail_after;
  return c_calloc(a, b, ud);
}

void test_allocation_failures(void **) {
  const auto blocks = traffic(9, 30);
  for (size_t budget = 0; budget < 60; ++budget) {
    Counter c;
    nghttp2_mem mem = {&c, f_malloc, c_free, f_calloc, c_realloc};
    g_fail_after = budget;
    Deflater def;
    Inflater inf;
    const int r1 = def.init(Mem(&mem));
    const int r2 = r1 == 0 ? inf.init(Mem(&mem)) : -1;
    if (r1 == 0 && r2 == 0) {
      Bytes buf(1 << 16);
      for (const auto &b : blocks) {
        auto nva = to_nva(b);
        const nghttp2_ssize n = def.deflate(buf.data(), buf.size(), nva.data(), nva.size());
        if (n < 0) {
          assert_true(n == NGHTTP2_ERR_HEADER_COMP || n == NGHTTP2_ERR_NOMEM);
          break;
        }
        Decoded d = decode_block(inf, Bytes(buf.begin(), buf.begin() + n));
        if (d.rv != 0) {
          assert_true(d.rv == NGHTTP2_ERR_NOMEM || d.rv == NGHTTP2_ERR_HEADER_COMP);
          break;
        }
        assert_true(d.fields == b);
      }
    } else {
      assert_true(r1 == NGHTTP2_ERR_NOMEM || r2 == NGHTTP2_ERR_NOMEM);
    }
    if (r1 == 0) def.destroy();
    if (r2 == 0) inf.destroy();
    assert_int_equal(c.live, 0);
  }
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_warm_zero_allocations),
      cmocka_unit_test(test_kept_rcbufs),
      cmocka_unit_test(test_allocation_failures),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}

// lib/hpack encoder and decoder: RFC 7541 Appendix C examples, decoder
// rejections, dynamic table size updates, resumable decoding, and byte-exact
// agreement with the reference libnghttp2 encoder.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

extern "C" {
#include <cmocka.h>
}

#include <random>

#include "hpack_test_util.h"
#include "hpack/int_codec.h"
#include "hpack/token.h"

namespace {

using namespace hpack_test;
using h2pool::Mem;
using h2pool::hpack::Deflater;
using h2pool::hpack::Inflater;

struct InflaterGuard {
  Inflater inf;
  InflaterGuard() { assert_int_equal(inf.init(Mem()), 0); }
  ~InflaterGuard() { inf.destroy(); }
};
struct DeflaterGuard {
  Deflater def;
  explicit DeflaterGuard(size_t max = 4096) { assert_int_equal(def.init(Mem(), max), 0); }
  ~DeflaterGuard() { def.destroy(); }
};

void expect_fields(const Decoded &d, const Fields &want) {
  assert_int_equal(d.rv, 0);
  assert_int_equal(d.fields.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    assert_string_equal(d.fields[i].first.c_str(), want[i].first.c_str());
    assert_string_equal(d.fields[i].second.c_str(), want[i].second.c_str());
  }
}

void expect_bytes(const Bytes &got, const Bytes &want) {
  assert_int_equal(got.size(), want.size());
  assert_memory_equal(got.data(), want.data(), want.size());
}

// RFC 7541 C.2: one field per block, fresh decoder state per example.
void test_rfc_c2(void **) {
  {
    InflaterGuard g;
    Decoded d = decode_block(g.inf, hex("400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572"));
    expect_fields(d, {{"custom-key", "custom-header"}});
    assert_int_equal(g.inf.dynamic_table_size(), 55);
  }
  {
    InflaterGuard g;
    Decoded d = decode_block(g.inf, hex("040c 2f73 616d 706c 652f 7061 7468"));
    expect_fields(d, {{":path", "/sample/path"}});
    assert_int_equal(g.inf.dynamic_table_size(), 0);
  }
  {
    InflaterGuard g;
    Decoded d = decode_block(g.inf, hex("1008 7061 7373 776f 7264 0673 6563 7265 74"));
    expect_fields(d, {{"password", "secret"}});
    assert_int_equal(d.flags[0], NGHTTP2_NV_FLAG_NO_INDEX);
    assert_int_equal(g.inf.dynamic_table_size(), 0);
  }
  {
    InflaterGuard g;
    Decoded d = decode_block(g.inf, hex("82"));
    expect_fields(d, {{":method", "GET"}});
    assert_int_equal(d.tokens[0], h2pool::hpack::kMethod);
  }
}

const Fields kReq1 = {{":method", "GET"}, {":scheme", "http"}, {":path", "/"},
                      {":authority", "www.example.com"}};
const Fields kReq2 = {{":method", "GET"}, {":scheme", "http"}, {":path", "/"},
                      {":authority", "www.example.com"}, {"cache-control", "no-cache"}};
const Fields kReq3 = {{":method", "GET"}, {":scheme", "https"}, {":path", "/index.html"},
                      {":authority", "www.example.com"}, {"custom-key", "custom-value"}};

// RFC 7541 C.3 (plain literals): decoding only.
void test_rfc_c3(void **) {
  InflaterGuard g;
  expect_fields(decode_block(g.inf, hex("8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d")), kReq1);
  assert_int_equal(g.inf.dynamic_table_size(), 57);
  expect_fields(decode_block(g.inf, hex("8286 84be 5808 6e6f 2d63 6163 6865")), kReq2);
  assert_int_equal(g.inf.dynamic_table_size(), 110);
  expect_fields(decode_block(g.inf, hex("8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65")), kReq3);
  assert_int_equal(g.inf.dynamic_table_size(), 164);
  assert_int_equal(g.inf.num_table_entries(), 61 + 3);
  const nghttp2_nv *e = g.inf.table_entry(62);
  assert_non_null(e);
  assert_int_equal(e->namelen, 10);
  assert_memory_equal(e->name, "custom-key", 10);
  assert_null(g.inf.table_entry(65));
  assert_null(g.inf.table_entry(0));
}

// RFC 7541 C.4 (Huffman): our encoder must produce exactly these bytes, and
// the decoder must read them back.
void test_rfc_c4(void **) {
  const Bytes b1 = hex("8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff");
  const Bytes b2 = hex("8286 84be 5886 a8eb 1064 9cbf");
  const Bytes b3 = hex("8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf");
  DeflaterGuard dg;
  expect_bytes(encode_block(dg.def, kReq1), b1);
  expect_bytes(encode_block(dg.def, kReq2), b2);
  expect_bytes(encode_block(dg.def, kReq3), b3);
  assert_int_equal(dg.def.dynamic_table_size(), 164);

  InflaterGuard g;
  expect_fields(decode_block(g.inf, b1), kReq1);
  expect_fields(decode_block(g.inf, b2), kReq2);
  expect_fields(decode_block(g.inf, b3), kReq3);
  assert_int_equal(g.inf.dynamic_table_size(), 164);
}

const Fields kResp1 = {{":status", "302"}, {"cache-control", "private"},
                       {"date", "Mon, 21 Oct 2013 20:13:21 GMT"},
                       {"location", "https://www.example.com"}};
const Fields kResp2 = {{":status", "307"}, {"cache-control", "private"},
                       {"date", "Mon, 21 Oct 2013 20:13:21 GMT"},
                       {"location", "https://www.example.com"}};
const Fields kResp3 = {{":status", "200"}, {"cache-control", "private"},
                       {"date", "Mon, 21 Oct 2013 20:13:22 GMT"},
                       {"location", "https://www.example.com"},
                       {"content-encoding", "gzip"},
                       {"set-cookie", "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1"}};

// RFC 7541 C.5/C.6 use a 256-byte table; the blocks here get a leading size
// update to 256 so that a decoder with the default settings agrees.
void run_responses(const Bytes &r1, const Bytes &r2, const Bytes &r3) {
  InflaterGuard g;
  Bytes first = hex("3fe1 01");
  first.insert(first.end(), r1.begin(), r1.end());
  expect_fields(decode_block(g.inf, first), kResp1);
  assert_int_equal(g.inf.dynamic_table_size(), 222);
  assert_int_equal(g.inf.max_dynamic_table_size(), 256);
  expect_fields(decode_block(g.inf, r2), kResp2);
  assert_int_equal(g.inf.dynamic_table_size(), 222);
  expect_fields(decode_block(g.inf, r3), kResp3);
  assert_int_equal(g.inf.dynamic_table_size(), 215);
  assert_int_equal(g.inf.num_table_entries(), 61 + 3);
  const nghttp2_nv *e = g.inf.table_entry(62);
  assert_int_equal(e->namelen, 10);
  assert_memory_equal(e->name, "set-cookie", 10);
}

void test_rfc_c5(void **) {
  run_responses(
      hex("4803 3330 3258 0770 7269 7661 7465 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3120 474d 546e 1768 7474 7073 3a2f 2f77 7777 2e65 7861 6d70 6c65 2e63 6f6d"),
      hex("4803 3330 37c1 c0bf"),
      hex("88c1 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3220 474d 54c0 5a04 677a 6970 7738 666f 6f3d 4153 444a 4b48 514b 425a 584f 5157 454f 5049 5541 5851 5745 4f49 553b 206d 6178 2d61 6765 3d33 3630 303b 2076 6572 7369 6f6e 3d31"));
}

void test_rfc_c6(void **) {
  run_responses(
      hex("4882 6402 5885 aec3 771a 4b61 96d0 7abe 9410 54d4 44a8 2005 9504 0b81 66e0 82a6 2d1b ff6e 919d 29ad 1718 63c7 8f0b 97c8 e9ae 82ae 43d3"),
      hex("4883 640e ffc1 c0bf"),
      hex("88c1 6196 d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff c05a 839b d9ab 77ad 94e7 821d d7f2 e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f 9587 3160 65c0 03ed 4ee5 b106 3d50 07"));
}

// Literal, new name "x", Huffman value made of the given bytes.
Bytes huff_value_block(const Bytes &code) {
  Bytes b = {0x00, 0x01, 'x', uint8_t(0x80 | code.size())};
  b.insert(b.end(), code.begin(), code.end());
  return b;
}

void expect_rejected(const Bytes &block) {
  InflaterGuard g;
  Decoded d = decode_block(g.inf, block);
  assert_int_equal(d.rv, NGHTTP2_ERR_HEADER_COMP);
  // Broken for good afterwards.
  Decoded again = decode_block(g.inf, hex("82"));
  assert_int_equal(again.rv, NGHTTP2_ERR_HEADER_COMP);
}

void test_huffman_rejections(void **) {
  // 'a' is 00011: "a" + 3 one bits of padding is fine.
  {
    InflaterGuard g;
    expect_fields(decode_block(g.inf, huff_value_block({0x1f})), {{"x", "a"}});
  }
  expect_rejected(huff_value_block({0x18}));              // padding 000
  expect_rejected(huff_value_block({0x1f, 0xff}));        // 11 bits of padding
  expect_rejected(huff_value_block({0xff, 0xff, 0xff, 0xff}));  // EOS
  expect_rejected(huff_value_block({0xff, 0xff, 0xff, 0xfc, 0x1f}));  // EOS, then 'a'
  // "aaaaaaaa" ends on a byte boundary; a further byte of ones is 8 bits of
  // padding.
  {
    InflaterGuard g;
    expect_fields(decode_block(g.inf, huff_value_block({0x18, 0xc6, 0x31, 0x8c, 0x63})),
                  {{"x", "aaaaaaaa"}});
  }
  expect_rejected(huff_value_block({0x18, 0xc6, 0x31, 0x8c, 0x63, 0xff}));
}

void test_structural_rejections(void **) {
  expect_rejected(hex("80"));            // index 0
  expect_rejected(hex("be"));            // index 62 with an empty table
  expect_rejected(hex("82 3f e1 01"));   // size update after a field
  expect_rejected(hex("3fe2 1f"));       // size update above SETTINGS (4096)
  expect_rejected(hex("7f 00"));         // indexed name 63 with empty table
  expect_rejected(hex("00 03 61 62"));   // name cut short at end of block
  expect_rejected(hex("00 01 61"));      // value length missing
  // 6-byte integer: shift reaches 35.
  expect_rejected(hex("ff 80 80 80 80 80 00"));
  // 5th continuation carries too many bits for 32-bit arithmetic.
  expect_rejected(hex("3f ff ff ff ff 1f"));
  // String longer than 65536 bytes.
  expect_rejected(hex("00 7f 82 80 04"));
}

void test_integer_boundaries(void **) {
  // Size update to exactly UINT32_MAX is accepted when SETTINGS allows it;
  // one more overflows.
  {
    InflaterGuard g;
    assert_int_equal(g.inf.change_table_size(UINT32_MAX), 0);
    // 0x3f then UINT32_MAX - 31 = 0xffffffe0 in 7-bit groups.
    Bytes b = {0x3f};
    uint64_t v = 0xffffffffull - 31;
    while (v >= 128) {
      b.push_back(uint8_t(0x80 | (v & 0x7f)));
      v >>= 7;
    }
    b.push_back(uint8_t(v));
    b.push_back(0x82);
    expect_fields(decode_block(g.inf, b), {{":method", "GET"}});
    assert_int_equal(g.inf.max_dynamic_table_size(), UINT32_MAX);
  }
  {
    InflaterGuard g;
    assert_int_equal(g.inf.change_table_size(UINT32_MAX), 0);
    Decoded d = decode_block(g.inf, hex("3f e1 ff ff ff 0f 82"));  // 2^32
    assert_int_equal(d.rv, NGHTTP2_ERR_HEADER_COMP);
  }
  // Every prefix length with values around the prefix boundary round-trips
  // through the encoder's integer writer and the decoder (as indices).
  for (unsigned prefix = 4; prefix <= 7; ++prefix) {
    const size_t k = (size_t(1) << prefix) - 1;
    const size_t values[] = {1, k - 1, k, k + 1, k + 127, k + 128, k + 300};
    for (size_t v : values) {
      uint8_t buf[8];
      uint8_t *end = h2pool::hpack::put_int(buf, 0, v, prefix);
      assert_int_equal(size_t(end - buf), h2pool::hpack::int_length(v, prefix));
    }
  }
  // A two-byte index: fill the table with 80 entries, then refer to the
  // oldest one.
  {
    DeflaterGuard dg;
    InflaterGuard g;
    Fields f;
    // std::string::append rather than "k" + ...: g++ 12 -O3 raises a false
    // -Wrestrict on the operator+ form.
    for (int i = 0; i < 80; ++i) f.push_back({std::string("k").append(std::to_string(i)), "v"});
    expect_fields(decode_block(g.inf, encode_block(dg.def, f)), f);
    // Index 61 + 80 = 141 > 127: a two-byte index.
    Bytes again = encode_block(dg.def, {{"k0", "v"}});
    assert_int_equal(again.size(), 2);
    assert_int_equal(again[0], 0xff);
    assert_int_equal(again[1], 141 - 127);
    expect_fields(decode_block(g.inf, again), {{"k0", "v"}});
  }
}

void test_table_size_updates(void **) {
  // A lowered SETTINGS value obliges the next block to start with an update.
  {
    InflaterGuard g;
    decode_block(g.inf, hex("400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572"));
    assert_int_equal(g.inf.change_table_size(100), 0);
    assert_int_equal(g.inf.dynamic_table_size(), 55);  // still fits
    assert_int_equal(decode_block(g.inf, hex("82")).rv, NGHTTP2_ERR_HEADER_COMP);
  }
  {
    InflaterGuard g;
    assert_int_equal(g.inf.change_table_size(100), 0);
    assert_int_equal(decode_block(g.inf, hex("3f 46 82")).rv, NGHTTP2_ERR_HEADER_COMP);  // 101
  }
  {
    InflaterGuard g;
    assert_int_equal(g.inf.change_table_size(100), 0);
    // 0 then 100 in one block; both allowed at the start.
    Decoded d = decode_block(g.inf, hex("20 3f 45 82"));
    expect_fields(d, {{":method", "GET"}});
    assert_int_equal(g.inf.max_dynamic_table_size(), 100);
  }
  {
    // Raising SETTINGS does not require an update.
    InflaterGuard g;
    assert_int_equal(g.inf.change_table_size(8192), 0);
    expect_fields(decode_block(g.inf, hex("82")), {{":method", "GET"}});
    assert_int_equal(g.inf.max_dynamic_table_size(), 4096);
  }
  {
    // change_table_size in the middle of a block is refused.
    InflaterGuard g;
    h2pool::hpack::HeaderField f;
    int flags;
    const Bytes b = hex("4005 6162");
    assert_true(g.inf.inflate(&f, &flags, b.data(), b.size(), false) >= 0);
    assert_int_equal(g.inf.change_table_size(0), NGHTTP2_ERR_INVALID_STATE);
  }
  // Encoder: lowering then raising sends min then final value, and evicts.
  {
    DeflaterGuard dg;
    encode_block(dg.def, {{"custom-key", "custom-header"}});
    assert_int_equal(dg.def.dynamic_table_size(), 55);
    dg.def.change_table_size(0);
    assert_int_equal(dg.def.dynamic_table_size(), 0);
    dg.def.change_table_size(4096);
    Bytes b = encode_block(dg.def, {{":method", "GET"}});
    expect_bytes(b, hex("20 3fe1 1f 82"));
    b = encode_block(dg.def, {{":method", "GET"}});
    expect_bytes(b, hex("82"));
  }
  {
    // A deflate-side cap below 4096 is announced in the first block.
    DeflaterGuard dg(256);
    expect_bytes(encode_block(dg.def, {{":method", "GET"}}), hex("3fe1 01 82"));
    dg.def.change_table_size(8192);
    assert_int_equal(dg.def.max_dynamic_table_size(), 256);
  }
  // Eviction order: the oldest entry goes first.
  {
    DeflaterGuard dg;
    InflaterGuard g;
    dg.def.change_table_size(100);
    Bytes b = encode_block(dg.def, {{"aaaa", "1111"}, {"bbbb", "2222"}, {"cccc", "3333"}});
    assert_int_equal(g.inf.change_table_size(100), 0);
    expect_bytes(Bytes(b.begin(), b.begin() + 2), hex("3f45"));
    expect_fields(decode_block(g.inf, b),
                  {{"aaaa", "1111"}, {"bbbb", "2222"}, {"cccc", "3333"}});
    assert_int_equal(g.inf.num_table_entries(), 61 + 2);
    assert_int_equal(dg.def.num_table_entries(), 61 + 2);
    assert_memory_equal(g.inf.table_entry(62)->name, "cccc", 4);
    assert_memory_equal(g.inf.table_entry(63)->name, "bbbb", 4);
    assert_int_equal(g.inf.dynamic_table_size(), 80);
  }
}

void test_never_indexed(void **) {
  DeflaterGuard dg;
  InflaterGuard g;
  Bytes b = encode_block(dg.def, {{"x-secret", "value"}}, NGHTTP2_NV_FLAG_NO_INDEX);
  assert_int_equal(b[0], 0x10);
  Decoded d = decode_block(g.inf, b);
  expect_fields(d, {{"x-secret", "value"}});
  assert_int_equal(d.flags[0], NGHTTP2_NV_FLAG_NO_INDEX);
  assert_int_equal(dg.def.dynamic_table_size(), 0);
  assert_int_equal(g.inf.dynamic_table_size(), 0);
  // authorization and short cookies are never indexed even without the flag.
  b = encode_block(dg.def, {{"authorization", "basic xyz"}, {"cookie", "a=b"}});
  assert_int_equal(b[0], 0x1f);  // never indexed, name index 23 (15 + 8)
  d = decode_block(g.inf, b);
  assert_int_equal(d.flags[0], NGHTTP2_NV_FLAG_NO_INDEX);
  assert_int_equal(d.flags[1], NGHTTP2_NV_FLAG_NO_INDEX);
}

// Deterministic header sets resembling requests/responses plus oddities.
std::vector<Fields> corpus(unsigned seed, size_t blocks) {
  std::mt19937 rng(seed);
  const char *names[] = {":method", ":path", ":authority", ":scheme", ":status",
                         "user-agent", "accept", "accept-encoding", "cookie",
                         "content-type", "content-length", "x-request-id",
                         "x-forwarded-for", "set-cookie", "date", "etag",
                         "authorization", "te", "x-custom-header-with-long-name",
                         "cache-control", "location", "if-none-match"};
  const char *values[] = {"GET", "POST", "/", "/index.html", "https", "200",
                          "gzip, deflate", "example.com", "text/html", "no-cache",
                          "trailers", "Mozilla/5.0 (X11; Linux x86_64)", "*/*"};
  std::vector<Fields> out;
  for (size_t b = 0; b < blocks; ++b) {
    Fields f;
    const size_t n = 1 + rng() % 14;
    for (size_t i = 0; i < n; ++i) {
      std::string name = names[rng() % std::size(names)];
      std::string value;
      switch (rng() % 4) {
        case 0: value = values[rng() % std::size(values)]; break;
        case 1: value = std::to_string(rng() % 100000); break;
        case 2: {
          const size_t len = rng() % 60;
          for (size_t j = 0; j < len; ++j) value.push_back(char(rng() % 256));
          break;
        }
        default: {
          const size_t len = rng() % 300;
          for (size_t j = 0; j < len; ++j) value.push_back(char('a' + rng() % 26));
        }
      }
      f.emplace_back(name, value);
    }
    if (rng() % 7 == 0) f.emplace_back("", "");
    out.push_back(f);
  }
  return out;
}

// Every block decodes identically however its bytes are split.
void test_resumable_every_split(void **) {
  const auto blocks = corpus(7, 40);
  DeflaterGuard dg;
  std::vector<Bytes> enc;
  for (const auto &f : blocks) enc.push_back(encode_block(dg.def, f));

  // One byte at a time.
  {
    InflaterGuard g;
    for (size_t i = 0; i < blocks.size(); ++i)
      expect_fields(decode_block(g.inf, enc[i], 1), blocks[i]);
  }
  // Two chunks, split at every position of every block (the table state is
  // rebuilt by replaying the earlier blocks whole).
  for (size_t i = 0; i < 12; ++i) {
    for (size_t cut = 0; cut <= enc[i].size(); ++cut) {
      InflaterGuard g;
      for (size_t j = 0; j < i; ++j) decode_block(g.inf, enc[j]);
      Decoded d;
      size_t off = 0;
      const size_t bounds[2] = {cut, enc[i].size()};
      for (size_t part = 0; part < 2; ++part) {
        const bool final = part == 1;
        for (;;) {
          h2pool::hpack::HeaderField f;
          int flags = 0;
          const nghttp2_ssize rv =
              g.inf.inflate(&f, &flags, enc[i].data() + off, bounds[part] - off, final);
          assert_true(rv >= 0);
          off += size_t(rv);
          if (flags & NGHTTP2_HD_INFLATE_EMIT) d.fields.emplace_back(str(f.name), str(f.value));
          if (flags & NGHTTP2_HD_INFLATE_FINAL) break;
          if (!(flags & NGHTTP2_HD_INFLATE_EMIT) && off == bounds[part]) break;
        }
      }
      assert_int_equal(off, enc[i].size());
      expect_fields(d, blocks[i]);
    }
  }
}

// Byte-for-byte agreement with the reference encoder, and both decoders
// agree on both encoders' output.
void test_against_reference(void **) {
  Reference ref;
  if (!ref.load()) skip();
  nghttp2_hd_deflater *rdef;
  nghttp2_hd_inflater *rinf;
  assert_int_equal(ref.deflate_new(&rdef, 4096), 0);
  assert_int_equal(ref.inflate_new(&rinf), 0);
  DeflaterGuard dg;
  InflaterGuard g;
  InflaterGuard g2;
  size_t ours = 0, theirs = 0;
  const auto blocks = corpus(11, 400);
  for (size_t i = 0; i < blocks.size(); ++i) {
    const uint8_t flags = i % 13 == 5 ? NGHTTP2_NV_FLAG_NO_INDEX : 0;
    if (i == 200) {
      dg.def.change_table_size(1024);
      ref.deflate_change(rdef, 1024);
    }
    const Bytes a = encode_block(dg.def, blocks[i], flags);
    const Bytes b = ref.encode(rdef, blocks[i], flags);
    ours += a.size();
    theirs += b.size();
    expect_bytes(a, b);
    expect_fields(decode_block(g.inf, a), blocks[i]);
    Decoded r = ref.decode(rinf, a);
    expect_fields(r, blocks[i]);
    Decoded ours_d = decode_block(g2.inf, b, 3);
    expect_fields(ours_d, blocks[i]);
    assert_true(ours_d.flags == r.flags);
  }
  assert_int_equal(ours, theirs);
  ref.deflate_del(rdef);
  ref.inflate_del(rinf);
}

void test_tokens(void **) {
  using namespace h2pool::hpack;
  auto tok = [](const char *s) {
    return lookup_token(reinterpret_cast<const uint8_t *>(s), strlen(s));
  };
  assert_int_equal(tok(":authority"), kAuthority);
  assert_int_equal(tok(":status"), kStatus);
  assert_int_equal(tok("www-authenticate"), kWwwAuthenticate);
  assert_int_equal(tok("te"), kTe);
  assert_int_equal(tok(":protocol"), kProtocol);
  assert_int_equal(tok("http2-settings"), kHttp2Settings);
  assert_int_equal(tok("Host"), kNone);
  assert_int_equal(tok("x"), kNone);
  assert_int_equal(tok(""), kNone);
  // Each static entry's token agrees with lookup_token on its name.
  for (size_t i = 0; i < kStaticTableLength; ++i) {
    const StaticEntry &e = static_entry(i);
    assert_int_equal(lookup_token(e.name.base, e.name.len), e.token);
    assert_true(e.token >= 1 && size_t(e.token) <= i + 1);
  }
  // Decoded literal names carry their token too.
  InflaterGuard g;
  Decoded d = decode_block(g.inf, hex("0002 7465 0874 7261 696c 6572 73"));
  expect_fields(d, {{"te", "trailers"}});
  assert_int_equal(d.tokens[0], kTe);
}

void test_insufficient_buffer(void **) {
  DeflaterGuard dg;
  const Fields fields = {{"custom-key", "custom-header"}};
  auto nva = to_nva(fields);
  uint8_t buf[4];
  assert_int_equal(dg.def.deflate(buf, sizeof buf, nva.data(), nva.size()),
                   NGHTTP2_ERR_INSUFF_BUFSIZE);
  uint8_t big[256];
  assert_int_equal(dg.def.deflate(big, sizeof big, nva.data(), nva.size()),
                   NGHTTP2_ERR_HEADER_COMP);
  // bound() never leaves the encoder short.
  DeflaterGuard d2;
  const auto blocks = corpus(3, 50);
  for (const auto &f : blocks) assert_int_not_equal(encode_block(d2.def, f).size(), 2);
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_rfc_c2),
      cmocka_unit_test(test_rfc_c3),
      cmocka_unit_test(test_rfc_c4),
      cmocka_unit_test(test_rfc_c5),
      cmocka_unit_test(test_rfc_c6),
      cmocka_unit_test(test_huffman_rejections),
      cmocka_unit_test(test_structural_rejections),
      cmocka_unit_test(test_integer_boundaries),
      cmocka_unit_test(test_table_size_updates),
      cmocka_unit_test(test_never_indexed),
      cmocka_unit_test(test_resumable_every_split),
      cmocka_unit_test(test_against_reference),
      cmocka_unit_test(test_tokens),
      cmocka_unit_test(test_insufficient_buffer),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}

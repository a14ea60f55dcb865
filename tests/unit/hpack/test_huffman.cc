// lib/hpack Huffman coder: round trips over every byte value and random
// strings with arbitrary input splits, rejection of EOS and bad padding, and
// agreement with the reference encoder's Huffman output.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

extern "C" {
#include <cmocka.h>
}

#include <random>

#include "hpack/huffman.h"
#include "hpack_test_util.h"

namespace {

using namespace hpack_test;
using h2pool::hpack::HuffDecoder;
using h2pool::hpack::huff_encode;
using h2pool::hpack::huff_encoded_length;

Bytes encode(const Bytes &in) {
  Bytes out(huff_encoded_length(in.data(), in.size()));
  const size_t n = huff_encode(out.data(), in.data(), in.size());
  assert_int_equal(n, out.size());
  return out;
}

// Decodes `code` fed in pieces whose sizes come from `rng` (or whole if
// rng is null); returns false on a decoding error.
bool decode(const Bytes &code, Bytes *out, std::mt19937 *rng) {
  HuffDecoder dec;
  dec.reset();
  out->assign(code.size() * 8 / 5 + 1, 0);
  size_t off = 0, w = 0;
  do {
    size_t n = code.size() - off;
    if (rng && n > 0) n = 1 + (*rng)() % n;
    const bool final = off + n == code.size();
    const ptrdiff_t r = dec.feed(out->data() + w, code.data() + off, n, final);
    if (r < 0) return false;
    w += size_t(r);
    off += n;
  } while (off < code.size());
  if (code.empty()) {
    if (dec.feed(out->data(), nullptr, 0, true) < 0) return false;
  }
  out->resize(w);
  return true;
}

void test_every_byte_value(void **) {
  std::mt19937 rng(1);
  Bytes all;
  for (int c = 0; c < 256; ++c) all.push_back(uint8_t(c));
  for (int c = 0; c < 256; ++c) {
    for (size_t reps : {size_t(1), size_t(2), size_t(7), size_t(33)}) {
      const Bytes in(reps, uint8_t(c));
      const Bytes code = encode(in);
      Bytes back;
      assert_true(decode(code, &back, nullptr));
      assert_true(back == in);
      assert_true(decode(code, &back, &rng));
      assert_true(back == in);
    }
  }
  const Bytes code = encode(all);
  Bytes back;
  assert_true(decode(code, &back, nullptr));
  assert_true(back == all);
  // One byte at a time.
  HuffDecoder dec;
  dec.reset();
  Bytes out(all.size() + 8);
  size_t w = 0;
  for (size_t i = 0; i < code.size(); ++i) {
    const ptrdiff_t r = dec.feed(out.data() + w, &code[i], 1, i + 1 == code.size());
    assert_true(r >= 0);
    w += size_t(r);
  }
  out.resize(w);
  assert_true(out == all);
}

void test_random_strings(void **) {
  std::mt19937 rng(42);
  for (int i = 0; i < 3000; ++i) {
    Bytes in(rng() % 200);
    const bool text = i % 2 == 0;
    for (auto &b : in) b = uint8_t(text ? 32 + rng() % 95 : rng() % 256);
    const Bytes code = encode(in);
    Bytes back;
    assert_true(decode(code, &back, &rng));
    assert_true(back == in);
  }
}

// The whole-string decoder agrees with the streaming one on valid codes,
// corrupted codes and random bytes (accepts the same, same output), and
// stays within n * 8 / 5 + 2 bytes (exact-size vectors, for valgrind).
void test_decode_whole(void **) {
  std::mt19937 rng(5);
  for (int i = 0; i < 20000; ++i) {
    Bytes code;
    if (i % 2) {
      Bytes in(rng() % 64);
      for (auto &b : in) b = uint8_t(i % 4 == 1 ? 32 + rng() % 95 : rng() % 256);
      code = encode(in);
      if (i % 8 == 3 && !code.empty()) code[rng() % code.size()] ^= uint8_t(1u << (rng() % 8));
      if (i % 8 == 5) code.push_back(uint8_t(rng()));
      if (i % 8 == 7) code.push_back(0xff);
    } else {
      code.resize(rng() % 40);
      for (auto &b : code) b = uint8_t(rng() % 4 == 0 ? 0xff : rng());
    }
    Bytes ref;
    const bool ok = decode(code, &ref, nullptr);
    Bytes out(code.size() * 8 / 5 + 2);
    const ptrdiff_t w = h2pool::hpack::huff_decode_whole(out.data(), code.data(), code.size());
    assert_int_equal(w >= 0, ok);
    if (ok) {
      out.resize(size_t(w));
      assert_true(out == ref);
    }
  }
}

// The one-pass coder agrees with measure-then-encode: the same bytes when
// the code is shorter, "not shorter" (n) otherwise, and never writes past n.
void test_encode_shorter(void **) {
  std::mt19937 rng(7);
  for (int iter = 0; iter < 20000; ++iter) {
    const size_t n = rng() % 300;
    Bytes in(n);
    // Mostly text (codes shorter than 8 bits), sometimes arbitrary bytes.
    const bool text = rng() % 4 != 0;
    for (auto &b : in) b = uint8_t(text ? 'a' + rng() % 26 : rng());
    const size_t want = huff_encoded_length(in.data(), n);
    Bytes ref(want);
    huff_encode(ref.data(), in.data(), n);
    Bytes out(n + 8, 0xee);
    const size_t got = h2pool::hpack::huff_encode_shorter(out.data(), in.data(), n);
    for (size_t i = n; i < n + 8; ++i) assert_int_equal(out[i], 0xee);
    if (want < n) {
      assert_int_equal(got, want);
      assert_memory_equal(out.data(), ref.data(), want);
    } else {
      assert_int_equal(got, n);
    }
  }
}

void test_rejections(void **) {
  Bytes out;
  assert_true(decode({0x1f}, &out, nullptr));  // "a" + 3 ones
  assert_int_equal(out.size(), 1);
  assert_int_equal(out[0], 'a');
  assert_false(decode({0x18}, &out, nullptr));              // zero padding
  assert_false(decode({0x1e}, &out, nullptr));              // padding 110
  assert_false(decode({0x1f, 0xff}, &out, nullptr));        // 11 padding bits
  assert_false(decode({0xff}, &out, nullptr));              // 8 padding bits
  assert_false(decode({0xff, 0xff, 0xff, 0xff}, &out, nullptr));  // EOS
  // EOS in a non-final chunk is rejected at once.
  HuffDecoder dec;
  dec.reset();
  uint8_t buf[16];
  const uint8_t eos[] = {0xff, 0xff, 0xff, 0xfc};
  assert_int_equal(dec.feed(buf, eos, sizeof eos, false), -1);
  // 29 one bits are still an incomplete code, not yet an error.
  dec.reset();
  const uint8_t ones[] = {0xff, 0xff, 0xff};
  assert_int_equal(dec.feed(buf, ones, sizeof ones, false), 0);
  // Empty input is a valid empty string.
  assert_true(decode({}, &out, nullptr));
  assert_int_equal(out.size(), 0);
}

// The reference encoder Huffman-codes a value when that is shorter; its
// bytes must be exactly ours.
void test_matches_reference(void **) {
  Reference ref;
  if (!ref.load()) skip();
  nghttp2_hd_deflater *def;
  assert_int_equal(ref.deflate_new(&def, 4096), 0);
  std::mt19937 rng(5);
  for (int i = 0; i < 600; ++i) {
    std::string v;
    if (i < 256) {
      v.push_back(char(i));
      v.append(40, 'e');
    } else {
      const size_t len = 1 + rng() % 120;
      for (size_t j = 0; j < len; ++j) v.push_back(char(32 + rng() % 95));
    }
    const Bytes b = ref.encode(def, {{"x", v}}, NGHTTP2_NV_FLAG_NO_INDEX);
    // 0x10, raw name "x", then the value string.
    assert_int_equal(b[0], 0x10);
    const Bytes in(v.begin(), v.end());
    const Bytes code = encode(in);
    if (!(b[3] & 0x80)) {
      assert_true(code.size() >= in.size());
      continue;
    }
    size_t len = b[3] & 0x7f, off = 4;
    if (len == 0x7f) len += b[off++];
    assert_int_equal(len, code.size());
    assert_memory_equal(&b[off], code.data(), code.size());
  }
  ref.deflate_del(def);
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_every_byte_value),
      cmocka_unit_test(test_random_strings),
      cmocka_unit_test(test_decode_whole),
      cmocka_unit_test(test_encode_shorter),
      cmocka_unit_test(test_rejections),
      cmocka_unit_test(test_matches_reference),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}

#include "hpack/huffman.h"

#include <array>
#include <cstring>

namespace h2pool::hpack {
namespace {

struct Code {
  uint8_t len;
  uint32_t bits;
};

constexpr Code kCodes[257] = {
#include "hpack/huffman_codes.inc"
};
constexpr unsigned kEos = 256;
constexpr unsigned kMaxLen = 30;

// Decoding looks at kPeek bits at a time: every code up to kPeek bits long
// (all of the frequent characters) resolves with a single lookup, and when
// the first code leaves room for a second short one (two letters or digits
// usually do) the same lookup yields both. Longer codes go through the
// canonical-code ranges below.
constexpr unsigned kPeek = 12;
struct PeekEntry {
  uint16_t sym;  // valid when len != 0
  uint8_t len;   // 0: the code is longer than kPeek bits
};

// The RFC 7541 code is canonical (codes of one length are consecutive and
// ordered by symbol), which lets long codes be decoded from per-length
// ranges instead of a second table level.
struct Canonical {
  uint32_t first[kMaxLen + 1];  // smallest code of each length
  uint32_t count[kMaxLen + 1];
  uint16_t offset[kMaxLen + 1];  // position of that code in `sorted`
  uint16_t sorted[257];
};

constexpr Canonical make_canonical() {
  Canonical c{};
  for (const Code &k : kCodes) ++c.count[k.len];
  uint16_t pos = 0;
  for (unsigned len = 1; len <= kMaxLen; ++len) {
    c.offset[len] = pos;
    c.first[len] = 0xffffffffu;
    for (unsigned s = 0; s < 257; ++s) {
      if (kCodes[s].len != len) continue;
      if (c.first[len] == 0xffffffffu) c.first[len] = kCodes[s].bits;
      c.sorted[pos++] = uint16_t(s);
    }
  }
  return c;
}

constexpr bool is_canonical(const Canonical &c) {
  for (unsigned len = 1; len <= kMaxLen; ++len)
    for (unsigned i = 0; i < c.count[len]; ++i)
      if (kCodes[c.sorted[c.offset[len] + i]].bits != c.first[len] + i)
        return false;
  return true;
}

constexpr Canonical kCanon = make_canonical();
static_assert(is_canonical(kCanon), "Huffman table must be canonical");

constexpr std::array<PeekEntry, (1u << kPeek)> make_peek() {
  std::array<PeekEntry, (1u << kPeek)> t{};
  for (unsigned s = 0; s < 257; ++s) {
    const unsigned len = kCodes[s].len;
    if (len > kPeek) continue;
    const unsigned span = 1u << (kPeek - len);
    const unsigned base = kCodes[s].bits << (kPeek - len);
    for (unsigned i = 0; i < span; ++i) t[base + i] = {uint16_t(s), uint8_t(len)};
  }
  return t;
}

constexpr std::array<PeekEntry, (1u << kPeek)> kPeekTable = make_peek();

// One or two symbols per kPeek-bit window, packed in 32 bits:
// sym1 | sym2 << 8 | count << 16 | len1 << 18 | total << 24.
// Symbols sit in the low half so both go out with one 16-bit store, and the
// bit count to consume is a plain shift. count = 0 (the whole entry below
// 0x10000) marks a first code longer than kPeek bits.
constexpr uint32_t pack(unsigned sym1, unsigned sym2, unsigned len1,
                        unsigned total, unsigned count) {
  return sym1 | sym2 << 8 | count << 16 | len1 << 18 | total << 24;
}
constexpr bool e_long(uint32_t e) { return e < 0x10000; }
constexpr unsigned e_sym1(uint32_t e) { return e & 0xff; }
constexpr unsigned e_sym2(uint32_t e) { return (e >> 8) & 0xff; }
constexpr unsigned e_count(uint32_t e) { return (e >> 16) & 3; }
constexpr unsigned e_len1(uint32_t e) { return (e >> 18) & 0x1f; }
constexpr unsigned e_total(uint32_t e) { return e >> 24; }

constexpr std::array<uint32_t, (1u << kPeek)> make_pairs() {
  std::array<uint32_t, (1u << kPeek)> t{};
  constexpr unsigned mask = (1u << kPeek) - 1;
  for (unsigned v = 0; v <= mask; ++v) {
    const PeekEntry a = kPeekTable[v];
    if (a.len == 0) continue;  // EOS is 30 bits, so never in here
    const PeekEntry b = kPeekTable[(v << a.len) & mask];
    if (b.len != 0 && a.len + b.len <= kPeek)
      t[v] = pack(a.sym, b.sym, a.len, a.len + b.len, 2);
    else
      t[v] = pack(a.sym, 0, a.len, a.len, 1);
  }
  return t;
}
constexpr std::array<uint32_t, (1u << kPeek)> kPairTable = make_pairs();

constexpr std::array<uint8_t, 256> make_lengths() {
  std::array<uint8_t, 256> t{};
  for (unsigned s = 0; s < 256; ++s) t[s] = kCodes[s].len;
  return t;
}
constexpr std::array<uint8_t, 256> kLengths = make_lengths();

// Decodes a code longer than kPeek bits from the top of acc, of which the
// top `avail` bits are real input. Returns the symbol and sets *len, or
// returns -1 if avail bits are not enough to finish the code.
inline int decode_long(uint64_t acc, unsigned avail, unsigned *len) {
  for (unsigned l = kPeek + 1; l <= kMaxLen && l <= avail; ++l) {
    const uint32_t code = uint32_t(acc >> (64 - l));
    if (code - kCanon.first[l] < kCanon.count[l]) {
      *len = l;
      return kCanon.sorted[kCanon.offset[l] + (code - kCanon.first[l])];
    }
  }
  return -1;
}

inline uint64_t load_be64(const uint8_t *p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return __builtin_bswap64(v);
}

}  // namespace

size_t huff_encoded_length(const uint8_t *src, size_t n) {
  size_t bits = 0;
  for (size_t i = 0; i < n; ++i) bits += kLengths[src[i]];
  return (bits + 7) / 8;
}

size_t huff_encode(uint8_t *dst, const uint8_t *src, size_t n) {
  uint8_t *const begin = dst;
  uint64_t acc = 0;  // low `nbits` bits pending
  unsigned nbits = 0;
  for (size_t i = 0; i < n; ++i) {
    const Code &c = kCodes[src[i]];
    acc = (acc << c.len) | c.bits;
    nbits += c.len;
    // At most 30 new bits per symbol; flushing whole bytes at 32 keeps the
    // accumulator within 64 bits.
    if (nbits >= 32) {
      while (nbits >= 8) {
        nbits -= 8;
        *dst++ = uint8_t(acc >> nbits);
      }
    }
  }
  while (nbits >= 8) {
    nbits -= 8;
    *dst++ = uint8_t(acc >> nbits);
  }
  if (nbits) {
    // Pad with the most significant bits of EOS, i.e. ones.
    *dst++ = uint8_t((acc << (8 - nbits)) | ((1u << (8 - nbits)) - 1));
  }
  return size_t(dst - begin);
}

size_t huff_encode_shorter(uint8_t *dst, const uint8_t *src, size_t n) {
  uint64_t acc = 0;  // low `nbits` bits pending
  unsigned nbits = 0;
  size_t w = 0;
  for (size_t i = 0; i < n; ++i) {
    const Code &c = kCodes[src[i]];
    acc = (acc << c.len) | c.bits;
    nbits += c.len;
    // Below 32 + 30 bits pending, so a 32-bit flush keeps acc within 64.
    if (nbits >= 32) {
      nbits -= 32;
      // Everything written so far is part of the code: once it reaches n
      // bytes the raw form wins.
      if (w + 4 >= n) return n;
      const uint32_t v = __builtin_bswap32(uint32_t(acc >> nbits));
      std::memcpy(dst + w, &v, 4);
      w += 4;
    }
  }
  const unsigned tail = (nbits + 7) / 8;
  if (w + tail >= n) return n;
  // Pad with the most significant bits of EOS, i.e. ones.
  const unsigned pad = tail * 8 - nbits;
  const uint64_t last = (acc << pad) | ((uint64_t(1) << pad) - 1);
  for (unsigned k = 0; k < tail; ++k) dst[w++] = uint8_t(last >> (8 * (tail - 1 - k)));
  return w;
}

ptrdiff_t HuffDecoder::feed(uint8_t *dst, const uint8_t *src, size_t n,
                            bool final) {
  uint8_t *const begin = dst;
  const uint8_t *const start = src;
  const uint8_t *const end = src + n;
  // acc holds the pending bits left-aligned, so a window is always
  // acc >> (64 - kPeek) and consuming a code is a shift.
  uint64_t acc = acc_;
  unsigned nbits = nbits_;

  // One window lookup: a short entry writes both symbol bytes (the second is
  // scratch when count is 1; the output always has room for one byte past
  // the last symbol), a long code falls to the canonical ranges.
  auto step = [&](uint32_t e) {
    const uint16_t pair = uint16_t(e);
    std::memcpy(dst, &pair, 2);
    dst += e_count(e);
    acc <<= e_total(e);
    nbits -= e_total(e);
  };
  auto long_code = [&]() -> bool {
    unsigned len = 0;
    const int sym = decode_long(acc, nbits, &len);
    if (sym == int(kEos)) return false;
    *dst++ = uint8_t(sym);
    acc <<= len;
    nbits -= len;
    return true;
  };

  // Bulk: with 8 input bytes at hand, a branch-free refill tops acc up to at
  // least 56 real bits. Bits below nbits may then hold input that is not
  // counted yet; the next refill ORs the very same bits in again. Three
  // lookups take at most 36 bits, so each still sees the 30 bits the longest
  // code needs.
  while (end - src >= 8) {
    acc |= load_be64(src) >> nbits;
    src += (63 - nbits) >> 3;
    nbits |= 56;
    uint32_t e = kPairTable[acc >> (64 - kPeek)];
    if (e_long(e)) {
      if (!long_code()) return -1;
      continue;
    }
    step(e);
    e = kPairTable[acc >> (64 - kPeek)];
    if (e_long(e)) {
      if (!long_code()) return -1;
      continue;
    }
    step(e);
    e = kPairTable[acc >> (64 - kPeek)];
    if (e_long(e)) {
      if (!long_code()) return -1;
      continue;
    }
    step(e);
  }

  // Tail: fewer than 8 bytes left. They are loaded left-aligned with zeros
  // after them (from the last 8 bytes of this input when there are that
  // many, else through a zeroed copy), so every bit below the real ones is
  // zero once all of them are counted.
  for (;;) {
    if (src != end) {
      const size_t r = size_t(end - src);
      uint64_t v;
      if (end - start >= 8) {
        v = load_be64(end - 8) << (8 * (8 - r));
      } else {
        uint8_t buf[8] = {};
        std::memcpy(buf, src, r);
        v = load_be64(buf);
      }
      acc |= v >> nbits;
      size_t take = (64 - nbits) / 8;
      if (take > r) take = r;
      src += take;
      nbits += unsigned(take) * 8;
    }
    while (nbits >= kMaxLen) {
      const uint32_t e = kPairTable[acc >> (64 - kPeek)];
      if (e_long(e)) {
        if (!long_code()) return -1;
      } else {
        step(e);
      }
    }
    if (src != end) continue;
    // Input exhausted: the last codes, checked against the real bit count
    // (the zeros below it are not input).
    while (nbits >= 5) {
      const uint32_t e = kPairTable[acc >> (64 - kPeek)];
      if (!e_long(e)) {
        if (e_len1(e) > nbits) break;
        *dst++ = uint8_t(e_sym1(e));
        unsigned used = e_len1(e);
        if (e_count(e) == 2 && e_total(e) <= nbits) {
          *dst++ = uint8_t(e_sym2(e));
          used = e_total(e);
        }
        acc <<= used;
        nbits -= used;
        continue;
      }
      unsigned len = 0;
      const int sym = decode_long(acc, nbits, &len);
      if (sym < 0) break;  // needs more input
      if (sym == int(kEos)) return -1;
      *dst++ = uint8_t(sym);
      acc <<= len;
      nbits -= len;
    }
    break;
  }
  if (final) {
    // RFC 7541 5.2: padding is at most 7 bits, all ones (a prefix of EOS).
    if (nbits > 7 || acc != ~(~uint64_t(0) >> nbits)) return -1;
    acc = 0;
    nbits = 0;
  }
  acc_ = acc;
  nbits_ = nbits;
  return dst - begin;
}

ptrdiff_t huff_decode_whole(uint8_t *dst, const uint8_t *src, size_t n) {
  uint8_t *const begin = dst;
  const uint8_t *const start = src;
  const uint8_t *lim = src + n;
  // The last (fewer than 8) input bytes are decoded from a copy followed by
  // ones. Ones are a prefix of EOS, so whatever the padding is, decoding
  // meets EOS right after the last symbol, and where EOS begins tells if the
  // padding was valid: no bit needs to be counted on the way.
  uint8_t tail[40];
  size_t tail_pos = 0;  // stream offset of tail[0]; 0 until switched
  bool in_tail = false;
  uint64_t acc = 0;
  unsigned nbits = 0;
  for (;;) {
    if (lim - src < 8) {
      if (in_tail) return -1;  // unreachable: EOS comes within 15 bytes
      // 0..7 bytes; the mask only tells the compiler so.
      const size_t r = size_t(lim - src) & 7;
      std::memset(tail, 0xff, sizeof tail);
      if (n >= 8) {
        // The last 8 bytes, of which the first 8 - r are decoded already.
        std::memcpy(tail, lim - 8, 8);
        tail_pos = n - 8;
        src = tail + (8 - r);
      } else {
        for (size_t i = 0; i < r; ++i) tail[i] = src[i];
        tail_pos = 0;
        src = tail;
      }
      lim = tail + sizeof tail;
      in_tail = true;
    }
    acc |= load_be64(src) >> nbits;
    src += (63 - nbits) >> 3;
    nbits |= 56;
    // Three lookups use at most 36 of the 56 bits, so each sees the 30 bits
    // a long code may need.
    for (int k = 0; k < 3; ++k) {
      const uint32_t e = kPairTable[acc >> (64 - kPeek)];
      if (!e_long(e)) {
        const uint16_t pair = uint16_t(e);
        std::memcpy(dst, &pair, 2);
        dst += e_count(e);
        acc <<= e_total(e);
        nbits -= e_total(e);
        continue;
      }
      if ((acc >> (64 - kMaxLen)) == (1u << kMaxLen) - 1) {
        // EOS: valid only as at most 7 bits of padding, all of them input.
        const size_t pos = in_tail ? tail_pos + size_t(src - tail)
                                   : size_t(src - start);
        const size_t eos_at = pos * 8 - nbits;
        if (eos_at > n * 8 || eos_at + 7 < n * 8) return -1;
        return dst - begin;
      }
      unsigned len = 0;
      const int sym = decode_long(acc, nbits, &len);
      if (sym < 0) return -1;
      *dst++ = uint8_t(sym);
      acc <<= len;
      nbits -= len;
      break;  // up to 30 bits gone: refill before the next lookup
    }
  }
}

}  // namespace h2pool::hpack

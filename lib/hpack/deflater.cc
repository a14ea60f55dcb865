#include "hpack/deflater.h"

#include <cstring>

#include "hpack/bytes_eq.h"
#include "hpack/huffman.h"
#include "hpack/int_codec.h"
#include "hpack/token.h"

namespace h2pool::hpack {
namespace {

enum class Indexing { kWith, kWithout, kNever };

// First byte and index prefix of each literal representation (RFC 7541 6.2).
constexpr uint8_t first_byte(Indexing m) {
  return m == Indexing::kWith ? 0x40 : m == Indexing::kNever ? 0x10 : 0x00;
}
constexpr unsigned index_prefix(Indexing m) {
  return m == Indexing::kWith ? 6 : 4;
}

// A string literal is Huffman coded only when that is strictly shorter.
struct StrPlan {
  size_t enclen;
  bool huffman;
};

inline StrPlan plan_string(const uint8_t *s, size_t n) {
  const size_t h = huff_encoded_length(s, n);
  if (h < n) return {h, true};
  return {n, false};
}

inline size_t string_length(const StrPlan &plan) {
  return int_length(plan.enclen, 7) + plan.enclen;
}

// Writes the string literal at p, Huffman coded when that is strictly
// shorter; nullptr if it does not fit before end.
inline uint8_t *put_string(uint8_t *p, uint8_t *end, const uint8_t *s,
                           size_t n) {
  const size_t raw_prefix = int_length(n, 7);
  const size_t room = size_t(end - p);
  if (room >= raw_prefix + n) {
    // The raw form fits, so code in place right away (one pass instead of
    // measuring first); the coder gives up as soon as it is not shorter.
    const size_t h = huff_encode_shorter(p + raw_prefix, s, n);
    if (h < n) {
      const size_t h_prefix = int_length(h, 7);
      // A shorter string may need a shorter length prefix (n >= 127 only).
      if (h_prefix != raw_prefix) std::memmove(p + h_prefix, p + raw_prefix, h);
      return put_int(p, 0x80, h, 7) + h;
    }
    p = put_int(p, 0x00, n, 7);
    if (n) std::memcpy(p, s, n);
    return p + n;
  }
  // Tight buffer: only the Huffman form may fit; measure it first.
  const StrPlan plan = plan_string(s, n);
  if (room < string_length(plan)) return nullptr;
  p = put_int(p, plan.huffman ? 0x80 : 0x00, plan.enclen, 7);
  if (plan.huffman) return p + huff_encode(p, s, n);
  if (n) std::memcpy(p, s, n);
  return p + n;
}

}  // namespace

int Deflater::init(Mem mem, size_t max_table_size) {
  mem_ = mem;
  pool_ = RcPool::create(mem);
  if (!pool_) return NGHTTP2_ERR_NOMEM;
  max_table_size_ = max_table_size;
  // A cap below the RFC default must be announced in the first block, since
  // the peer starts out assuming 4096.
  const size_t initial =
      max_table_size < kDefaultTableSize ? max_table_size : kDefaultTableSize;
  size_update_pending_ = max_table_size < kDefaultTableSize;
  min_pending_size_ = UINT32_MAX;
  bad_ = false;
  if (table_.init(mem, initial, true) != 0) {
    pool_->release_owner();
    pool_ = nullptr;
    return NGHTTP2_ERR_NOMEM;
  }
  return 0;
}

void Deflater::destroy() {
  table_.destroy();
  if (pool_) pool_->release_owner();
  pool_ = nullptr;
}

int Deflater::change_table_size(size_t settings_size) {
  const size_t next = settings_size < max_table_size_ ? settings_size : max_table_size_;
  table_.set_max_size(next);
  if (next < min_pending_size_) min_pending_size_ = next;
  size_update_pending_ = true;
  return 0;
}

size_t Deflater::bound(const nghttp2_nv *nva, size_t nvlen) {
  // Two size updates of up to 6 bytes each, then per field the costliest
  // form (literal, new name) with 6-byte length prefixes and raw strings.
  size_t n = 12 + 12 * nvlen;
  for (size_t i = 0; i < nvlen; ++i) n += nva[i].namelen + nva[i].valuelen;
  return n;
}

const nghttp2_nv *Deflater::table_entry(size_t idx) const {
  if (idx == 0) return nullptr;
  if (idx <= kStaticTableLength) return &static_entry(idx - 1).nv;
  idx -= kStaticTableLength + 1;
  if (idx >= table_.count()) return nullptr;
  return &table_.get(idx).nv;
}

nghttp2_ssize Deflater::deflate(uint8_t *out, size_t cap, const nghttp2_nv *nva,
                                size_t nvlen) {
  if (bad_) return NGHTTP2_ERR_HEADER_COMP;
  const nghttp2_ssize rv = encode(out, cap, nva, nvlen);
  if (rv < 0) bad_ = true;
  return rv;
}

namespace {

// Write position over the caller's buffers.
struct VecCursor {
  const nghttp2_vec *vec;
  size_t veclen;
  size_t i = 0;    // current buffer
  size_t off = 0;  // bytes used in it
  size_t left;     // bytes left over all buffers

  // Skips full buffers; the free contiguous room at the cursor.
  size_t room() {
    while (i < veclen && off == vec[i].len) {
      ++i;
      off = 0;
    }
    return i < veclen ? vec[i].len - off : 0;
  }
  uint8_t *at() { return vec[i].base + off; }
  void advance(size_t n) {
    off += n;
    left -= n;
  }
  void scatter(const uint8_t *src, size_t n) {
    while (n) {
      size_t k = room();
      if (k > n) k = n;
      std::memcpy(at(), src, k);
      advance(k);
      src += k;
      n -= k;
    }
  }
};

}  // namespace

nghttp2_ssize Deflater::deflate_vec(const nghttp2_vec *vec, size_t veclen,
                                    const nghttp2_nv *nva, size_t nvlen) {
  if (bad_) return NGHTTP2_ERR_HEADER_COMP;
  if (veclen == 1) return deflate(vec[0].base, vec[0].len, nva, nvlen);
  VecCursor cur{vec, veclen, 0, 0, 0};
  for (size_t i = 0; i < veclen; ++i) cur.left += vec[i].len;
  const size_t total = cur.left;
  // A field is encoded in place when its worst case fits in the current
  // buffer; one that may straddle a boundary goes through this scratch
  // space and is copied across, so small fields never allocate. Only a
  // field too large for the scratch space that also straddles a boundary
  // takes a temporary allocation.
  uint8_t scratch[1024];
  int rv = 0;
  {
    uint8_t *p = scratch;
    rv = encode_size_update(p, scratch + (cur.left < 16 ? cur.left : 16));
    if (rv == 0) cur.scatter(scratch, size_t(p - scratch));
  }
  for (size_t i = 0; rv == 0 && i < nvlen; ++i) {
    const size_t worst = bound(&nva[i], 1) - 12;
    const size_t room = cur.room();
    if (room >= worst) {
      uint8_t *p = cur.at();
      rv = encode_field(p, p + room, nva[i]);
      if (rv == 0) cur.advance(size_t(p - cur.at()));
      continue;
    }
    const size_t cap = worst < cur.left ? worst : cur.left;
    uint8_t *buf = scratch;
    if (cap > sizeof(scratch)) {
      buf = static_cast<uint8_t *>(mem_.alloc(cap));
      if (!buf) {
        rv = NGHTTP2_ERR_NOMEM;
        break;
      }
    }
    uint8_t *p = buf;
    rv = encode_field(p, buf + cap, nva[i]);
    if (rv == 0) cur.scatter(buf, size_t(p - buf));
    if (buf != scratch) mem_.free(buf);
  }
  if (rv != 0) {
    bad_ = true;
    return rv;
  }
  return nghttp2_ssize(total - cur.left);
}

int Deflater::encode_size_update(uint8_t *&p, uint8_t *end) {
  if (!size_update_pending_) return 0;
  size_update_pending_ = false;
  const size_t min_size = min_pending_size_;
  min_pending_size_ = UINT32_MAX;
  // RFC 7541 4.2: if the size went below the final value in between, the
  // smallest value must be signalled first so the peer evicts as we did.
  const bool two = table_.max_size() > min_size;
  const size_t need = (two ? int_length(min_size, 5) : 0) +
                      int_length(table_.max_size(), 5);
  if (size_t(end - p) < need) return NGHTTP2_ERR_INSUFF_BUFSIZE;
  if (two) p = put_int(p, 0x20, min_size, 5);
  p = put_int(p, 0x20, table_.max_size(), 5);
  return 0;
}

int Deflater::encode_field(uint8_t *&p, uint8_t *end, const nghttp2_nv &nv) {
  const Token token = lookup_token(nv.name, nv.namelen);
  const uint32_t hash = name_hash(token, nv.name, nv.namelen);
  const size_t room = nv.namelen + nv.valuelen + kEntryOverhead;

  // Secrets stay out of every table: authorization always, short cookies
  // (low entropy, guessable by probing compression) and whatever the
  // caller flagged.
  Indexing mode;
  if (token == kAuthorization || (token == kCookie && nv.valuelen < 20) ||
      (nv.flags & NGHTTP2_NV_FLAG_NO_INDEX)) {
    mode = Indexing::kNever;
  } else if (token == kPath || token == kAge || token == kContentLength ||
             token == kEtag || token == kIfModifiedSince ||
             token == kIfNoneMatch || token == kLocation ||
             token == kSetCookie || room > table_.max_size() * 3 / 4) {
    // Per-request values that would only churn the table.
    mode = Indexing::kWithout;
  } else {
    mode = Indexing::kWith;
  }

  // Search order: exact dynamic match, exact static match, static name,
  // dynamic name. Never-indexed fields only reuse a name.
  const bool name_only = mode == Indexing::kNever;
  bool exact = false;
  ptrdiff_t idx = -1;  // 0-based over static + dynamic
  const ptrdiff_t pos = table_.find(token, nv.name, nv.namelen, nv.value,
                                    nv.valuelen, hash, name_only, &exact);
  if (exact) {
    idx = ptrdiff_t(kStaticTableLength) + pos;
  } else if (token >= kAuthority && token <= kWwwAuthenticate) {
    idx = token - 1;
    if (!name_only) {
      for (size_t s = size_t(token) - 1;
           s < kStaticTableLength && static_entry(s).token == token; ++s) {
        const nghttp2_nv &snv = static_entry(s).nv;
        if (snv.valuelen == nv.valuelen &&
            bytes_eq(snv.value, nv.value, nv.valuelen)) {
          idx = ptrdiff_t(s);
          exact = true;
          break;
        }
      }
    }
  } else if (pos >= 0) {
    idx = ptrdiff_t(kStaticTableLength) + pos;
  }

  if (exact) {
    const size_t need = int_length(size_t(idx) + 1, 7);
    if (size_t(end - p) < need) return NGHTTP2_ERR_INSUFF_BUFSIZE;
    p = put_int(p, 0x80, size_t(idx) + 1, 7);
    return 0;
  }

  if (mode == Indexing::kWith) {
    nghttp2_rcbuf *name;
    if (idx < 0) {
      name = rcbuf_copy(pool_, nv.name, nv.namelen);
      if (!name) return NGHTTP2_ERR_HEADER_COMP;
    } else if (size_t(idx) < kStaticTableLength) {
      name = const_cast<nghttp2_rcbuf *>(&static_entry(size_t(idx)).name);
    } else {
      name = table_.get(size_t(idx) - kStaticTableLength).name;
      rcbuf_incref(name);
    }
    nghttp2_rcbuf *value = rcbuf_copy(pool_, nv.value, nv.valuelen);
    if (!value) {
      rcbuf_decref(name);
      return NGHTTP2_ERR_HEADER_COMP;
    }
    if (table_.add(name, value, token, hash) != 0) return NGHTTP2_ERR_HEADER_COMP;
  }

  if (idx >= 0) {
    const unsigned prefix = index_prefix(mode);
    if (size_t(end - p) < int_length(size_t(idx) + 1, prefix))
      return NGHTTP2_ERR_INSUFF_BUFSIZE;
    p = put_int(p, first_byte(mode), size_t(idx) + 1, prefix);
  } else {
    if (p == end) return NGHTTP2_ERR_INSUFF_BUFSIZE;
    *p++ = first_byte(mode);
    p = put_string(p, end, nv.name, nv.namelen);
    if (!p) return NGHTTP2_ERR_INSUFF_BUFSIZE;
  }
  p = put_string(p, end, nv.value, nv.valuelen);
  if (!p) return NGHTTP2_ERR_INSUFF_BUFSIZE;
  return 0;
}

nghttp2_ssize Deflater::encode(uint8_t *out, size_t cap, const nghttp2_nv *nva,
                               size_t nvlen) {
  uint8_t *p = out;
  uint8_t *const end = out + cap;

  const int rv = encode_size_update(p, end);
  if (rv != 0) return rv;

  for (size_t i = 0; i < nvlen; ++i) {
    const int frv = encode_field(p, end, nva[i]);
    if (frv != 0) return frv;
  }
  return nghttp2_ssize(p - out);
}

}  // namespace h2pool::hpack

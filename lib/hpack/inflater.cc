#include "hpack/inflater.h"

#include <cstring>

namespace h2pool::hpack {
namespace {

// Longest name or value accepted, counted in encoded bytes (upstream's
// limit, so both reject the same blocks).
constexpr size_t kMaxStringLength = 65536;

// Non-resumable prefix integer for the whole-field path: true with *v set,
// false if the input ends first or the value is malformed or above max (the
// resumable path then runs and reports whatever is wrong).
inline bool take_int(const uint8_t *&p, const uint8_t *end, unsigned prefix,
                     uint32_t max, uint32_t *v) {
  const uint32_t k = (1u << prefix) - 1;
  uint32_t n = *p++ & k;
  if (n == k) {
    // Four continuation bytes cover every value up to kMaxStringLength and
    // any table index; a longer form goes to the careful path.
    for (unsigned shift = 0;; shift += 7) {
      if (p == end || shift > 21) return false;
      const uint8_t b = *p++;
      n += uint32_t(b & 0x7f) << shift;
      if (!(b & 0x80)) break;
    }
  }
  *v = n;
  return n <= max;
}

inline bool take_string(const uint8_t *&p, const uint8_t *end, StringSpan *s) {
  if (p == end) return false;
  s->huffman = (*p & 0x80) != 0;
  if (!take_int(p, end, 7, kMaxStringLength, &s->len)) return false;
  if (size_t(end - p) < s->len) return false;
  s->data = p;
  p += s->len;
  return true;
}

}  // namespace

int Inflater::init(Mem mem) {
  mem_ = mem;
  pool_ = RcPool::create(mem);
  if (!pool_) return NGHTTP2_ERR_NOMEM;
  if (table_.init(mem, kDefaultTableSize, false) != 0) {
    pool_->release_owner();
    pool_ = nullptr;
    return NGHTTP2_ERR_NOMEM;
  }
  huff_.reset();
  settings_size_ = kDefaultTableSize;
  min_size_ = UINT32_MAX;
  state_ = State::kBlockStart;
  bad_ = false;
  return 0;
}

void Inflater::destroy() {
  release_emitted();
  release_partial();
  table_.destroy();
  if (pool_) pool_->release_owner();
  pool_ = nullptr;
}

void Inflater::release_emitted() {
  if (kept_name_) {
    rcbuf_decref(kept_name_);
    kept_name_ = nullptr;
  }
  if (kept_value_) {
    rcbuf_decref(kept_value_);
    kept_value_ = nullptr;
  }
}

void Inflater::release_partial() {
  if (name_) {
    rcbuf_decref(name_);
    name_ = nullptr;
  }
  if (value_) {
    rcbuf_decref(value_);
    value_ = nullptr;
  }
}

int Inflater::change_table_size(size_t settings_size) {
  if (state_ != State::kExpectSizeUpdate && state_ != State::kBlockStart)
    return NGHTTP2_ERR_INVALID_STATE;
  settings_size_ = settings_size;
  // Only a decrease obliges the encoder to send an update (RFC 7541 4.2 as
  // its editor reads it); the first update must then not exceed the new
  // value.
  if (table_.max_size() > settings_size) {
    state_ = State::kExpectSizeUpdate;
    min_size_ = settings_size;
    table_.set_max_size(settings_size);
  }
  return 0;
}

void Inflater::end_headers() {
  release_emitted();
  release_partial();
  state_ = State::kBlockStart;
}

const nghttp2_nv *Inflater::table_entry(size_t idx) const {
  if (idx == 0) return nullptr;
  if (idx <= kStaticTableLength) return &static_entry(idx - 1).nv;
  idx -= kStaticTableLength + 1;
  if (idx >= table_.count()) return nullptr;
  return &table_.get(idx).nv;
}

int Inflater::read_int(const uint8_t *&p, const uint8_t *end, unsigned prefix,
                       size_t max) {
  uint32_t n = int_value_;
  uint32_t shift = shift_;
  if (!int_started_) {
    const uint32_t k = (1u << prefix) - 1;
    const uint8_t b = *p++;
    if ((b & k) != k) {
      int_value_ = b & k;
      return int_value_ > max ? -1 : 1;
    }
    n = k;
    shift = 0;
    int_started_ = true;
  }
  // Values are limited to 32 bits, which also bounds the number of
  // continuation bytes a peer can make us read.
  for (; p != end; shift += 7) {
    const uint8_t b = *p++;
    uint32_t add = b & 0x7f;
    if (shift >= 32 || (UINT32_MAX >> shift) < add) return -1;
    add <<= shift;
    if (UINT32_MAX - add < n) return -1;
    n += add;
    if (!(b & 0x80)) {
      int_started_ = false;
      int_value_ = n;
      return n > max ? -1 : 1;
    }
  }
  int_value_ = n;
  shift_ = shift;
  // A partial value only grows, so reject it as soon as it is too big.
  return n > max ? -1 : 0;
}

void Inflater::emit_indexed(HeaderField *out, size_t index) const {
  if (index < kStaticTableLength) {
    const StaticEntry &s = static_entry(index);
    out->name = const_cast<nghttp2_rcbuf *>(&s.name);
    out->value = const_cast<nghttp2_rcbuf *>(&s.value);
    out->token = s.token;
  } else {
    const Entry &e = table_.get(index - kStaticTableLength);
    out->name = e.name;
    out->value = e.value;
    out->token = e.token;
  }
  out->flags = NGHTTP2_NV_FLAG_NONE;
}

int Inflater::start_string(nghttp2_rcbuf **dst) {
  left_ = int_value_;
  // Every Huffman symbol takes at least 5 bits.
  const size_t cap = huffman_ ? left_ * 8 / 5 : left_;
  nghttp2_rcbuf *rc = pool_->get(cap);
  if (!rc) return NGHTTP2_ERR_NOMEM;
  *dst = rc;
  if (huffman_) huff_.reset();
  return 0;
}

int Inflater::read_string(nghttp2_rcbuf *dst, const uint8_t *&p,
                          const uint8_t *end) {
  size_t n = size_t(end - p);
  if (n > left_) n = left_;
  const bool last = n == left_;
  if (huffman_) {
    const ptrdiff_t w = huff_.feed(dst->base + dst->len, p, n, last);
    if (w < 0) return -1;
    dst->len += size_t(w);
  } else if (n) {
    std::memcpy(dst->base + dst->len, p, n);
    dst->len += n;
  }
  p += n;
  left_ -= n;
  if (!last) return 0;
  dst->base[dst->len] = 0;
  return 1;
}

int Inflater::emit_literal(HeaderField *out) {
  nghttp2_rcbuf *name;
  Token token;
  if (op_ == Op::kNewName) {
    name = name_;
    name_ = nullptr;
    token = lookup_token(name->base, name->len);
  } else if (index_ < kStaticTableLength) {
    const StaticEntry &s = static_entry(index_);
    name = const_cast<nghttp2_rcbuf *>(&s.name);
    token = s.token;
  } else {
    // Referenced before the insertion below may evict its entry.
    const Entry &e = table_.get(index_ - kStaticTableLength);
    name = e.name;
    token = e.token;
    rcbuf_incref(name);
  }
  nghttp2_rcbuf *value = value_;
  value_ = nullptr;
  kept_name_ = name;
  kept_value_ = value;

  out->name = name;
  out->value = value;
  out->token = token;
  out->flags = never_index_ ? NGHTTP2_NV_FLAG_NO_INDEX : NGHTTP2_NV_FLAG_NONE;

  if (index_required_) {
    rcbuf_incref(name);
    rcbuf_incref(value);
    return table_.add(name, value, token, 0);
  }
  return 0;
}

nghttp2_rcbuf *Inflater::decode_string(const StringSpan &s) {
  // Every Huffman symbol takes at least 5 bits; the whole-string decoder
  // may write one byte past that.
  nghttp2_rcbuf *rc = pool_->get(s.huffman ? s.len * 8 / 5 + 1 : s.len);
  if (!rc) return nullptr;
  if (s.huffman) {
    const ptrdiff_t w = huff_decode_whole(rc->base, s.data, s.len);
    if (w < 0) {
      rcbuf_decref(rc);
      return nullptr;
    }
    rc->len = size_t(w);
  } else {
    if (s.len) std::memcpy(rc->base, s.data, s.len);
    rc->len = s.len;
  }
  rc->base[rc->len] = 0;
  return rc;
}

int Inflater::literal_whole(HeaderField *out, const uint8_t *&p,
                            const uint8_t *end) {
  const uint8_t *q = p;
  const uint8_t b = *q;
  const bool index_required = (b & 0x40) != 0;
  const unsigned prefix = index_required ? 6 : 4;
  uint32_t index = 0;
  StringSpan name{}, value{};
  if ((b & ((1u << prefix) - 1)) == 0) {
    ++q;
    if (!take_string(q, end, &name)) return 0;
  } else {
    if (!take_int(q, end, prefix, uint32_t(kStaticTableLength + table_.count()),
                  &index) ||
        index == 0)
      return 0;
  }
  if (!take_string(q, end, &value)) return 0;

  // Everything is here: decode both strings, then emit as the resumable
  // path would. A failure falls back to that path, which reports it.
  if (index == 0) {
    name_ = decode_string(name);
    if (!name_) return 0;
    op_ = Op::kNewName;
  } else {
    op_ = Op::kIndexedName;
    index_ = index - 1;
  }
  value_ = decode_string(value);
  if (!value_) {
    release_partial();
    return 0;
  }
  index_required_ = index_required;
  never_index_ = (b & 0xf0) == 0x10;
  const int rv = emit_literal(out);
  if (rv != 0) return rv;
  p = q;
  return 1;
}

nghttp2_ssize Inflater::inflate(HeaderField *out, int *inflate_flags,
                                const uint8_t *in, size_t len, bool in_final) {
  if (bad_) return NGHTTP2_ERR_HEADER_COMP;
  release_emitted();
  *inflate_flags = NGHTTP2_HD_INFLATE_NONE;

  const uint8_t *p = in;
  const uint8_t *const end = in + len;
  int rv;

  for (;;) {
    switch (state_) {
      case State::kExpectSizeUpdate:
        if (p == end) goto input_end;
        if ((*p & 0xe0) != 0x20) goto fail;
        [[fallthrough]];
      case State::kBlockStart:
      case State::kOpcode: {
        if (p == end) goto input_end;
        const uint8_t b = *p;
        if (b & 0x80) {
          // Indexed field with a one-byte index: the bulk of a warm block.
          const size_t idx = b & 0x7f;
          if (idx != 0x7f) {
            if (idx == 0 || idx > kStaticTableLength + table_.count()) goto fail;
            ++p;
            emit_indexed(out, idx - 1);
            state_ = State::kOpcode;
            *inflate_flags |= NGHTTP2_HD_INFLATE_EMIT;
            return p - in;
          }
          op_ = Op::kIndexed;
          state_ = State::kReadIndex;
        } else if ((b & 0xe0) == 0x20) {
          // Size updates are only allowed before the first field.
          if (state_ == State::kOpcode) goto fail;
          state_ = State::kReadSizeUpdate;
        } else {
          if (state_ != State::kExpectSizeUpdate) {
            rv = literal_whole(out, p, end);
            if (rv < 0) goto fail_with;
            if (rv > 0) {
              state_ = State::kOpcode;
              *inflate_flags |= NGHTTP2_HD_INFLATE_EMIT;
              return p - in;
            }
          }
          index_required_ = (b & 0x40) != 0;
          never_index_ = (b & 0xf0) == 0x10;
          if (b == 0x40 || b == 0x00 || b == 0x10) {
            op_ = Op::kNewName;
            state_ = State::kNameLenStart;
            ++p;
          } else {
            op_ = Op::kIndexedName;
            state_ = State::kReadIndex;
          }
        }
        int_started_ = false;
        int_value_ = 0;
        break;
      }
      case State::kReadSizeUpdate: {
        if (p == end) goto input_end;
        const size_t max = min_size_ < settings_size_ ? min_size_ : settings_size_;
        rv = read_int(p, end, 5, max);
        if (rv < 0) goto fail;
        if (rv == 0) goto input_end;
        min_size_ = UINT32_MAX;
        table_.set_max_size(int_value_);
        state_ = State::kBlockStart;
        break;
      }
      case State::kReadIndex: {
        if (p == end) goto input_end;
        const unsigned prefix =
            op_ == Op::kIndexed ? 7 : index_required_ ? 6 : 4;
        rv = read_int(p, end, prefix, kStaticTableLength + table_.count());
        if (rv < 0) goto fail;
        if (rv == 0) goto input_end;
        if (int_value_ == 0) goto fail;
        if (op_ == Op::kIndexed) {
          emit_indexed(out, int_value_ - 1);
          state_ = State::kOpcode;
          *inflate_flags |= NGHTTP2_HD_INFLATE_EMIT;
          return p - in;
        }
        index_ = int_value_ - 1;
        state_ = State::kValueLenStart;
        break;
      }
      case State::kNameLenStart:
        if (p == end) goto input_end;
        huffman_ = (*p & 0x80) != 0;
        int_started_ = false;
        int_value_ = 0;
        state_ = State::kNameLen;
        [[fallthrough]];
      case State::kNameLen:
        if (p == end) goto input_end;
        rv = read_int(p, end, 7, kMaxStringLength);
        if (rv < 0) goto fail;
        if (rv == 0) goto input_end;
        rv = start_string(&name_);
        if (rv != 0) goto fail_with;
        state_ = State::kName;
        [[fallthrough]];
      case State::kName:
        rv = read_string(name_, p, end);
        if (rv < 0) goto fail;
        if (rv == 0) goto input_end;
        state_ = State::kValueLenStart;
        [[fallthrough]];
      case State::kValueLenStart:
        if (p == end) goto input_end;
        huffman_ = (*p & 0x80) != 0;
        int_started_ = false;
        int_value_ = 0;
        state_ = State::kValueLen;
        [[fallthrough]];
      case State::kValueLen:
        if (p == end) goto input_end;
        rv = read_int(p, end, 7, kMaxStringLength);
        if (rv < 0) goto fail;
        if (rv == 0) goto input_end;
        rv = start_string(&value_);
        if (rv != 0) goto fail_with;
        state_ = State::kValue;
        [[fallthrough]];
      case State::kValue:
        // An empty value completes even with no input left.
        rv = read_string(value_, p, end);
        if (rv < 0) goto fail;
        if (rv == 0) goto input_end;
        rv = emit_literal(out);
        if (rv != 0) goto fail_with;
        state_ = State::kOpcode;
        *inflate_flags |= NGHTTP2_HD_INFLATE_EMIT;
        return p - in;
    }
  }

input_end:
  if (in_final) {
    // The block may only end between fields.
    if (state_ != State::kOpcode && state_ != State::kBlockStart) goto fail;
    *inflate_flags |= NGHTTP2_HD_INFLATE_FINAL;
  }
  return p - in;

fail:
  rv = NGHTTP2_ERR_HEADER_COMP;
fail_with:
  bad_ = true;
  return rv;
}

}  // namespace h2pool::hpack

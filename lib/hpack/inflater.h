// HPACK decoder (RFC 7541). Resumable: input may stop at any byte and the
// decoding state is kept until more arrives.
#pragma once

#include <cstddef>
#include <cstdint>

#include <nghttp2/nghttp2.h>

#include "hpack/huffman.h"
#include "hpack/rcbuf.h"
#include "hpack/table.h"
#include "hpack/token.h"
#include "util/mem.h"

namespace h2pool::hpack {

// One decoded header field.
//
// Lifetime: name and value are owned by the inflater and stay valid until the
// next inflate(), end_headers() or destroy() call on the same inflater. To
// keep them longer, rcbuf_incref()/nghttp2_rcbuf_incref() them (and decref
// later); a kept rcbuf stays valid for as long as it is referenced, even after
// the inflater is destroyed, and is never reused while referenced.
struct HeaderField {
  nghttp2_rcbuf *name;
  nghttp2_rcbuf *value;
  uint8_t flags;   // NGHTTP2_NV_FLAG_NONE or NGHTTP2_NV_FLAG_NO_INDEX
  Token token;     // lookup_token(name); kNone if not a tracked name
};

// A string literal that lies entirely in the input.
struct StringSpan {
  const uint8_t *data;
  uint32_t len;
  bool huffman;
};

class Inflater {
 public:
  // Returns 0 or NGHTTP2_ERR_NOMEM.
  int init(Mem mem);
  void destroy();

  // We announced SETTINGS_HEADER_TABLE_SIZE = settings_size (call when the
  // SETTINGS is sent / acknowledged, as upstream does). A decrease makes the
  // next header block start with a size update. Returns 0,
  // NGHTTP2_ERR_INVALID_STATE if called in the middle of a header block, or
  // NGHTTP2_ERR_NOMEM.
  int change_table_size(size_t settings_size);

  // Decodes from in[0..len). Returns the number of bytes consumed (>= 0) or a
  // negative error (NGHTTP2_ERR_HEADER_COMP for bad input, NGHTTP2_ERR_NOMEM).
  // *inflate_flags gets NGHTTP2_HD_INFLATE_EMIT when *out holds a field (the
  // call returns right after it, so call again with the rest of the input),
  // NGHTTP2_HD_INFLATE_FINAL when in_final is true and the whole block has
  // been decoded (then call end_headers()). in_final = false with all input
  // consumed simply means "more bytes will come". After an error the
  // inflater is unusable and every later call returns NGHTTP2_ERR_HEADER_COMP.
  nghttp2_ssize inflate(HeaderField *out, int *inflate_flags,
                        const uint8_t *in, size_t len, bool in_final);

  // Header block finished (after FINAL); next inflate() starts a new block.
  void end_headers();

  const nghttp2_nv *table_entry(size_t idx) const;
  size_t num_table_entries() const { return kStaticTableLength + table_.count(); }
  size_t dynamic_table_size() const { return table_.size(); }
  size_t max_dynamic_table_size() const { return table_.max_size(); }

  // The allocator given to init().
  Mem mem() const { return mem_; }

 private:
  enum class State : uint8_t {
    kExpectSizeUpdate,  // block must begin with a size update
    kBlockStart,        // a size update is still allowed here
    kOpcode,
    kReadSizeUpdate,
    kReadIndex,
    kNameLenStart,
    kNameLen,
    kName,
    kValueLenStart,
    kValueLen,
    kValue,
  };
  enum class Op : uint8_t { kIndexed, kNewName, kIndexedName };

  void release_emitted();
  void release_partial();
  // Resumable prefix-integer read into int_value_: 1 done, 0 input ran out,
  // -1 malformed or larger than max.
  int read_int(const uint8_t *&p, const uint8_t *end, unsigned prefix,
               size_t max);
  void emit_indexed(HeaderField *out, size_t index) const;
  int emit_literal(HeaderField *out);
  // Literal field entirely inside [p, end): decoded in one go, bypassing the
  // state machine. 1 emitted (p advanced), 0 take the resumable path,
  // negative error.
  int literal_whole(HeaderField *out, const uint8_t *&p, const uint8_t *end);
  // Pooled copy of a whole string literal, Huffman-decoded if flagged;
  // nullptr on allocation failure or a bad code.
  nghttp2_rcbuf *decode_string(const StringSpan &s);
  int start_string(nghttp2_rcbuf **dst);
  // Consumes string bytes into dst: 1 complete, 0 input ran out, -1 bad
  // Huffman code.
  int read_string(nghttp2_rcbuf *dst, const uint8_t *&p, const uint8_t *end);

  Mem mem_;
  RcPool *pool_ = nullptr;
  DynTable table_;
  HuffDecoder huff_;
  // Fields owned until the next call (see HeaderField lifetime).
  nghttp2_rcbuf *kept_name_ = nullptr;
  nghttp2_rcbuf *kept_value_ = nullptr;
  // Strings being decoded.
  nghttp2_rcbuf *name_ = nullptr;
  nghttp2_rcbuf *value_ = nullptr;
  size_t left_ = 0;          // string bytes still to read
  size_t index_ = 0;         // 0-based index of an indexed name
  uint32_t int_value_ = 0;   // integer being read
  uint32_t shift_ = 0;       // its continuation shift
  bool int_started_ = false;
  size_t settings_size_ = kDefaultTableSize;
  size_t min_size_ = UINT32_MAX;  // smallest size announced since last block
  State state_ = State::kBlockStart;
  Op op_ = Op::kIndexed;
  bool huffman_ = false;
  bool index_required_ = false;
  bool never_index_ = false;
  bool bad_ = false;
};

}  // namespace h2pool::hpack

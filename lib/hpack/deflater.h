// HPACK encoder (RFC 7541). Used by the session to serialise HEADERS /
// PUSH_PROMISE blocks and by the nghttp2_hd_deflate_* C API.
#pragma once

#include <cstddef>
#include <cstdint>

#include <nghttp2/nghttp2.h>

#include "hpack/table.h"
#include "util/mem.h"

namespace h2pool::hpack {

class Deflater {
 public:
  // max_table_size caps how much of the peer's SETTINGS_HEADER_TABLE_SIZE the
  // encoder actually uses (nghttp2_option_set_max_deflate_dynamic_table_size;
  // 4096 by default). Returns 0 or NGHTTP2_ERR_NOMEM.
  int init(Mem mem, size_t max_table_size = kDefaultTableSize);
  void destroy();

  // The peer announced SETTINGS_HEADER_TABLE_SIZE = settings_size. The next
  // deflate() starts with the dynamic table size update(s) RFC 7541 4.2
  // requires. Returns 0 or NGHTTP2_ERR_NOMEM.
  int change_table_size(size_t settings_size);

  // Encodes nva[0..nvlen) as one header block into out[0..cap). Returns the
  // number of bytes written, or NGHTTP2_ERR_INSUFF_BUFSIZE when cap is too
  // small, NGHTTP2_ERR_NOMEM, or NGHTTP2_ERR_HEADER_COMP. Any failure leaves
  // the encoder unusable (its table may be half updated, so the peer's copy
  // can no longer be tracked): every later call returns
  // NGHTTP2_ERR_HEADER_COMP. A buffer of bound() bytes never fails with
  // INSUFF_BUFSIZE.
  nghttp2_ssize deflate(uint8_t *out, size_t cap, const nghttp2_nv *nva,
                        size_t nvlen);
  // Same, scattering the block over several buffers (filled in order).
  nghttp2_ssize deflate_vec(const nghttp2_vec *vec, size_t veclen,
                            const nghttp2_nv *nva, size_t nvlen);

  // Worst-case encoded length of nva (matches nghttp2_hd_deflate_bound).
  static size_t bound(const nghttp2_nv *nva, size_t nvlen);

  // 1-based index as in nghttp2_hd_deflate_get_table_entry: 1..61 static,
  // 62.. dynamic (newest first); nullptr outside. Valid until the table
  // changes.
  const nghttp2_nv *table_entry(size_t idx) const;
  size_t num_table_entries() const { return kStaticTableLength + table_.count(); }
  size_t dynamic_table_size() const { return table_.size(); }
  size_t max_dynamic_table_size() const { return table_.max_size(); }

  // The allocator given to init().
  Mem mem() const { return mem_; }

 private:
  nghttp2_ssize encode(uint8_t *out, size_t cap, const nghttp2_nv *nva,
                       size_t nvlen);
  // Both write at p (advancing it) without passing end; 0 or an error.
  int encode_size_update(uint8_t *&p, uint8_t *end);
  int encode_field(uint8_t *&p, uint8_t *end, const nghttp2_nv &nv);

  Mem mem_;
  RcPool *pool_ = nullptr;
  DynTable table_;
  size_t max_table_size_ = kDefaultTableSize;  // deflate-side cap
  size_t min_pending_size_ = SIZE_MAX;  // smallest size since last block
  bool size_update_pending_ = false;
  bool bad_ = false;
};

}  // namespace h2pool::hpack

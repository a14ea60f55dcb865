// Turns fuzz bytes into a scripted HPACK decoding session, identical for any
// inflater implementation, and records what came out.
//
// Input layout:
//   [0..1]  table size (big endian) set with change_table_size before the
//           first block, when not 4096
//   [2]     chunk size: each block is fed in pieces of this many bytes
//           (0 = the whole block in one call)
//   [3]     allocation budget for targets that fail allocations on purpose
//           (0 = unlimited); the differential target ignores it
//   then records, until the input ends:
//   [ctl] [len hi] [len lo] [len bytes of header block]
//           ctl bit 0: before this block, change_table_size((ctl >> 1) * 256)
//   A short last record uses whatever bytes remain.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#define NGHTTP2_NO_DEPRECATION_WARNINGS
#include <nghttp2/nghttp2.h>

namespace fuzz {

// The inflater entry points of one implementation.
struct Inflater {
  decltype(&::nghttp2_hd_inflate_new2) new2;
  decltype(&::nghttp2_hd_inflate_del) del;
  decltype(&::nghttp2_hd_inflate_hd2) hd2;
  decltype(&::nghttp2_hd_inflate_end_headers) end_headers;
  decltype(&::nghttp2_hd_inflate_change_table_size) change_table_size;
};

struct Field {
  std::string name, value;
  uint8_t flags;
  bool operator==(const Field &) const = default;
};

struct BlockResult {
  enum Status { kOk, kError, kStuck } status = kOk;
  int error = 0;  // the library's code when status is kError
  std::vector<Field> fields;
};

struct Script {
  uint16_t table_size = 4096;
  size_t chunk = 0;
  unsigned alloc_budget = 0;
  struct Block {
    bool resize = false;
    size_t new_size = 0;
    const uint8_t *data = nullptr;
    size_t len = 0;
  };
  std::vector<Block> blocks;
};

Script parse_script(const uint8_t *data, size_t size);

// Decodes every block in order with one inflater; stops after the first
// block that fails (a failed inflater is unusable). "Stuck" means a final
// input that neither completed the block nor failed, a contract violation.
// mem may be nullptr. with_fields=false skips copying the fields (they are
// still read, so bad pointers show up under ASan).
std::vector<BlockResult> run_script(const Inflater &api, const Script &s,
                                    nghttp2_mem *mem, bool with_fields,
                                    nghttp2_hd_inflater **keep = nullptr);

// Decodes one header block, fed in pieces of `chunk` bytes (0 = at once).
BlockResult inflate_block(const Inflater &api, nghttp2_hd_inflater *inf,
                          const uint8_t *data, size_t len, size_t chunk,
                          bool with_fields);

std::string describe(const BlockResult &r);

}  // namespace fuzz

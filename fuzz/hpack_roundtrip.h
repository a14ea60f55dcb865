// Input layout of the hpack_roundtrip target, shared with the seed
// generator:
//   [0..1]  the deflater's maximum table size (big endian), deflate_new2
//   then blocks until the input ends:
//   [ctl]   bit 0: deflate_change_table_size((ctl >> 1) * 256) first
//   [n]     number of fields (at most 64 are used)
//   n times: [flags] [namelen] [valuelen hi] [valuelen lo] name value
//           flags bit 0: NGHTTP2_NV_FLAG_NO_INDEX
//   Short fields and blocks take whatever bytes remain.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace fuzz {

struct RtField {
  std::string name, value;
  bool no_index = false;
};
struct RtBlock {
  bool resize = false;
  size_t new_size = 0;
  std::vector<RtField> fields;
};

inline std::vector<RtBlock> parse_roundtrip(const uint8_t *d, size_t size,
                                            uint16_t &max_table) {
  std::vector<RtBlock> out;
  max_table = size >= 2 ? static_cast<uint16_t>(d[0] << 8 | d[1]) : 4096;
  size_t off = size >= 2 ? 2 : size;
  auto byte = [&]() -> unsigned { return off < size ? d[off++] : 0; };
  auto take = [&](size_t n) {
    n = std::min(n, size - off);
    std::string s(reinterpret_cast<const char *>(d + off), n);
    off += n;
    return s;
  };
  while (off < size) {
    RtBlock b;
    unsigned ctl = byte();
    b.resize = ctl & 1;
    b.new_size = static_cast<size_t>(ctl >> 1) * 256;
    unsigned n = std::min(byte(), 64u);
    for (unsigned i = 0; i < n && off < size; ++i) {
      RtField f;
      f.no_index = byte() & 1;
      size_t nl = byte();
      size_t vl = byte() << 8;
      vl |= byte();
      f.name = take(nl);
      f.value = take(vl);
      b.fields.push_back(std::move(f));
    }
    out.push_back(std::move(b));
  }
  return out;
}

inline void put_roundtrip_block(std::vector<uint8_t> &out, const RtBlock &b) {
  out.push_back(static_cast<uint8_t>((b.resize ? 1 : 0) | (b.new_size / 256) << 1));
  out.push_back(static_cast<uint8_t>(b.fields.size()));
  for (const RtField &f : b.fields) {
    out.push_back(f.no_index ? 1 : 0);
    out.push_back(static_cast<uint8_t>(f.name.size()));
    out.push_back(static_cast<uint8_t>(f.value.size() >> 8));
    out.push_back(static_cast<uint8_t>(f.value.size()));
    for (char c : f.name) out.push_back(static_cast<uint8_t>(c));
    for (char c : f.value) out.push_back(static_cast<uint8_t>(c));
  }
}

}  // namespace fuzz

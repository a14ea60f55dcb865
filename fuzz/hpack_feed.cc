#include "hpack_feed.h"

#include <algorithm>

namespace fuzz {

Script parse_script(const uint8_t *data, size_t size) {
  Script s;
  if (size < 4) return s;
  s.table_size = static_cast<uint16_t>(data[0] << 8 | data[1]);
  s.chunk = data[2];
  s.alloc_budget = data[3];
  size_t off = 4;
  while (off < size) {
    Script::Block b;
    uint8_t ctl = data[off++];
    size_t len = 0;
    if (off < size) len = static_cast<size_t>(data[off++]) << 8;
    if (off < size) len |= data[off++];
    len = std::min(len, size - off);
    b.resize = ctl & 1;
    b.new_size = static_cast<size_t>(ctl >> 1) * 256;
    b.data = data + off;
    b.len = len;
    off += len;
    s.blocks.push_back(b);
  }
  return s;
}

namespace {

// Reads every byte of a field, so a dangling pointer faults right here.
unsigned touch(const uint8_t *p, size_t n) {
  unsigned h = 0;
  for (size_t i = 0; i < n; ++i) h = h * 31 + p[i];
  return h;
}

volatile unsigned g_sink;

}  // namespace

BlockResult inflate_block(const Inflater &api, nghttp2_hd_inflater *inf,
                          const uint8_t *data, size_t len, size_t chunk,
                          bool with_fields) {
  BlockResult r;
  size_t step = chunk ? chunk : len;
  size_t off = 0;
  do {
    size_t n = std::min(step, len - off);
    const uint8_t *in = data + off;
    off += n;
    int final = off == len;
    for (;;) {
      nghttp2_nv nv;
      int flags = 0;
      ssize_t rv = api.hd2(inf, &nv, &flags, in, n, final);
      if (rv < 0) {
        r.status = BlockResult::kError;
        r.error = static_cast<int>(rv);
        return r;
      }
      if (static_cast<size_t>(rv) > n) {  // consumed more than it was given
        r.status = BlockResult::kStuck;
        return r;
      }
      in += rv;
      n -= static_cast<size_t>(rv);
      if (flags & NGHTTP2_HD_INFLATE_EMIT) {
        g_sink = touch(nv.name, nv.namelen) + touch(nv.value, nv.valuelen);
        if (with_fields)
          r.fields.push_back(
              {std::string(reinterpret_cast<const char *>(nv.name),
                           nv.namelen),
               std::string(reinterpret_cast<const char *>(nv.value),
                           nv.valuelen),
               nv.flags});
      }
      if (flags & NGHTTP2_HD_INFLATE_FINAL) {
        api.end_headers(inf);
        if (n != 0 || !final) r.status = BlockResult::kStuck;
        return r;
      }
      if (rv == 0 && !(flags & NGHTTP2_HD_INFLATE_EMIT)) {
        if (final) {
          r.status = BlockResult::kStuck;
          return r;
        }
        break;  // wants the next piece
      }
    }
  } while (off < len);
  return r;
}

std::vector<BlockResult> run_script(const Inflater &api, const Script &s,
                                    nghttp2_mem *mem, bool with_fields,
                                    nghttp2_hd_inflater **keep) {
  std::vector<BlockResult> out;
  nghttp2_hd_inflater *inf = nullptr;
  if (api.new2(&inf, mem) != 0) return out;
  int rv = 0;
  if (s.table_size != 4096) rv = api.change_table_size(inf, s.table_size);
  if (rv != 0) {
    out.push_back({BlockResult::kError, rv, {}});
  } else {
    for (const Script::Block &b : s.blocks) {
      if (b.resize && (rv = api.change_table_size(inf, b.new_size)) != 0) {
        out.push_back({BlockResult::kError, rv, {}});
        break;
      }
      out.push_back(
          inflate_block(api, inf, b.data, b.len, s.chunk, with_fields));
      if (out.back().status != BlockResult::kOk) break;
    }
  }
  if (keep)
    *keep = inf;
  else
    api.del(inf);
  return out;
}

std::string describe(const BlockResult &r) {
  std::string d = r.status == BlockResult::kOk      ? "ok"
                  : r.status == BlockResult::kError ? "error " +
                                                          std::to_string(r.error)
                                                    : "stuck";
  d += ", " + std::to_string(r.fields.size()) + " fields";
  for (const Field &f : r.fields)
    d += "\n    [" + f.name + "] = [" + f.value + "] flags " +
         std::to_string(f.flags);
  return d;
}

}  // namespace fuzz

// Helpers shared by the HPACK unit tests: hex literals, a decode-everything
// driver over the internal Inflater, and an optional handle on the
// reference libnghttp2 (loaded with dlopen, RTLD_LOCAL).
#pragma once

#include <dlfcn.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include <nghttp2/nghttp2.h>

#include "hpack/deflater.h"
#include "hpack/inflater.h"

namespace hpack_test {

using Bytes = std::vector<uint8_t>;
using Field = std::pair<std::string, std::string>;
using Fields = std::vector<Field>;

// "8286 84be" -> {0x82, 0x86, 0x84, 0xbe}; whitespace ignored.
inline Bytes hex(const char *s) {
  Bytes out;
  int hi = -1;
  for (; *s; ++s) {
    int v;
    if (*s >= '0' && *s <= '9') v = *s - '0';
    else if (*s >= 'a' && *s <= 'f') v = *s - 'a' + 10;
    else if (*s >= 'A' && *s <= 'F') v = *s - 'A' + 10;
    else continue;
    if (hi < 0) {
      hi = v;
    } else {
      out.push_back(uint8_t(hi << 4 | v));
      hi = -1;
    }
  }
  return out;
}

inline std::string str(const nghttp2_rcbuf *rc) {
  return std::string(reinterpret_cast<const char *>(rc->base), rc->len);
}

inline std::vector<nghttp2_nv> to_nva(const Fields &fields, uint8_t flags = 0) {
  std::vector<nghttp2_nv> nva;
  for (const auto &f : fields) {
    nva.push_back({reinterpret_cast<uint8_t *>(const_cast<char *>(f.first.data())),
                   reinterpret_cast<uint8_t *>(const_cast<char *>(f.second.data())),
                   f.first.size(), f.second.size(), flags});
  }
  return nva;
}

struct Decoded {
  int rv = 0;  // 0 or the first negative return
  Fields fields;
  std::vector<uint8_t> flags;
  std::vector<int> tokens;
};

// Decodes one whole block, feeding it in chunks of at most `chunk` bytes
// (0 = all at once), then calls end_headers().
inline Decoded decode_block(h2pool::hpack::Inflater &inf, const Bytes &block,
                            size_t chunk = 0) {
  Decoded d;
  size_t off = 0;
  if (chunk == 0) chunk = block.size() ? block.size() : 1;
  for (;;) {
    size_t n = block.size() - off;
    if (n > chunk) n = chunk;
    const bool final = off + n == block.size();
    h2pool::hpack::HeaderField f;
    int flags = 0;
    const nghttp2_ssize rv = inf.inflate(&f, &flags, block.data() + off, n, final);
    if (rv < 0) {
      d.rv = int(rv);
      return d;
    }
    off += size_t(rv);
    if (flags & NGHTTP2_HD_INFLATE_EMIT) {
      d.fields.emplace_back(str(f.name), str(f.value));
      d.flags.push_back(f.flags);
      d.tokens.push_back(f.token);
      // Content must be NUL-terminated, as upstream's is.
      if (f.name->base[f.name->len] != 0 || f.value->base[f.value->len] != 0) {
        d.rv = -1;
        return d;
      }
    }
    if (flags & NGHTTP2_HD_INFLATE_FINAL) break;
    if (rv == 0 && !(flags & NGHTTP2_HD_INFLATE_EMIT) && final) {
      d.rv = -2;  // no progress: contract violation
      return d;
    }
  }
  inf.end_headers();
  return d;
}

inline Bytes encode_block(h2pool::hpack::Deflater &def, const Fields &fields,
                          uint8_t flags = 0) {
  auto nva = to_nva(fields, flags);
  Bytes out(h2pool::hpack::Deflater::bound(nva.data(), nva.size()));
  const nghttp2_ssize n = def.deflate(out.data(), out.size(), nva.data(), nva.size());
  if (n < 0) return Bytes{0xde, 0xad};
  out.resize(size_t(n));
  return out;
}

// The reference library's standalone HPACK functions.
struct Reference {
  void *h = nullptr;
  int (*deflate_new)(nghttp2_hd_deflater **, size_t) = nullptr;
  void (*deflate_del)(nghttp2_hd_deflater *) = nullptr;
  ssize_t (*deflate_hd)(nghttp2_hd_deflater *, uint8_t *, size_t,
                        const nghttp2_nv *, size_t) = nullptr;
  int (*deflate_change)(nghttp2_hd_deflater *, size_t) = nullptr;
  int (*inflate_new)(nghttp2_hd_inflater **) = nullptr;
  void (*inflate_del)(nghttp2_hd_inflater *) = nullptr;
  ssize_t (*inflate_hd2)(nghttp2_hd_inflater *, nghttp2_nv *, int *,
                         const uint8_t *, size_t, int) = nullptr;
  int (*inflate_end)(nghttp2_hd_inflater *) = nullptr;
  int (*inflate_change)(nghttp2_hd_inflater *, size_t) = nullptr;

  bool load() {
#ifdef HPACK_REFERENCE_LIB
    h = dlopen(HPACK_REFERENCE_LIB, RTLD_NOW | RTLD_LOCAL);
#endif
    if (!h) return false;
    deflate_new = reinterpret_cast<decltype(deflate_new)>(dlsym(h, "nghttp2_hd_deflate_new"));
    deflate_del = reinterpret_cast<decltype(deflate_del)>(dlsym(h, "nghttp2_hd_deflate_del"));
    deflate_hd = reinterpret_cast<decltype(deflate_hd)>(dlsym(h, "nghttp2_hd_deflate_hd"));
    deflate_change = reinterpret_cast<decltype(deflate_change)>(
        dlsym(h, "nghttp2_hd_deflate_change_table_size"));
    inflate_new = reinterpret_cast<decltype(inflate_new)>(dlsym(h, "nghttp2_hd_inflate_new"));
    inflate_del = reinterpret_cast<decltype(inflate_del)>(dlsym(h, "nghttp2_hd_inflate_del"));
    inflate_hd2 = reinterpret_cast<decltype(inflate_hd2)>(dlsym(h, "nghttp2_hd_inflate_hd2"));
    inflate_end = reinterpret_cast<decltype(inflate_end)>(
        dlsym(h, "nghttp2_hd_inflate_end_headers"));
    inflate_change = reinterpret_cast<decltype(inflate_change)>(
        dlsym(h, "nghttp2_hd_inflate_change_table_size"));
    return deflate_new && deflate_del && deflate_hd && deflate_change &&
           inflate_new && inflate_del && inflate_hd2 && inflate_end &&
           inflate_change;
  }

  // Decodes a whole block with the reference inflater.
  Decoded decode(nghttp2_hd_inflater *inf, const Bytes &block) const {
    Decoded d;
    size_t off = 0;
    for (;;) {
      nghttp2_nv nv;
      int flags = 0;
      const ssize_t rv = inflate_hd2(inf, &nv, &flags, block.data() + off,
                                     block.size() - off, 1);
      if (rv < 0) {
        d.rv = int(rv);
        return d;
      }
      off += size_t(rv);
      if (flags & NGHTTP2_HD_INFLATE_EMIT) {
        d.fields.emplace_back(std::string(reinterpret_cast<char *>(nv.name), nv.namelen),
                              std::string(reinterpret_cast<char *>(nv.value), nv.valuelen));
        d.flags.push_back(nv.flags);
      }
      if (flags & NGHTTP2_HD_INFLATE_FINAL) break;
    }
    inflate_end(inf);
    return d;
  }

  Bytes encode(nghttp2_hd_deflater *def, const Fields &fields, uint8_t flags = 0) const {
    auto nva = to_nva(fields, flags);
    Bytes out(65536 + 64 * fields.size());
    for (const auto &f : fields) out.resize(out.size() + f.first.size() + f.second.size());
    const ssize_t n = deflate_hd(def, out.data(), out.size(), nva.data(), nva.size());
    if (n < 0) return Bytes{0xde, 0xad};
    out.resize(size_t(n));
    return out;
  }
};

}  // namespace hpack_test

// Application submissions. Every header list is deep-copied into the
// item's own storage (names lower-cased) because callbacks later show the
// library's copy and the application may reuse its arrays at once.
#include <cstring>

#include "session/session.h"
#include "wire/frame_codec.h"

namespace h2pool {

namespace {

// Header names and values are mostly a few to a few dozen bytes, where a
// libc memcpy call and a byte-at-a-time lower-casing loop cost more than
// the copy itself. These copy in 8-byte words, covering a ragged tail with
// one overlapping word (rewriting bytes with the same value is harmless).
uint64_t load8(const uint8_t *p) {
  uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}
void store8(uint8_t *p, uint64_t w) { std::memcpy(p, &w, 8); }
uint32_t load4(const uint8_t *p) {
  uint32_t w;
  std::memcpy(&w, p, 4);
  return w;
}
void store4(uint8_t *p, uint32_t w) { std::memcpy(p, &w, 4); }

// Maps ASCII 'A'-'Z' bytes of |w| to lower case and leaves every other
// byte, non-ASCII ones included, unchanged. Per byte, with the top bit
// masked off, adding 0x3f sets bit 7 for values >= 'A' and adding 0x25
// sets it for values > 'Z'; neither sum carries into the next byte.
uint64_t lower8(uint64_t w) {
  constexpr uint64_t kLow7 = 0x7f7f7f7f7f7f7f7full;
  constexpr uint64_t kHigh = 0x8080808080808080ull;
  const uint64_t h = w & kLow7;
  const uint64_t ge_a = h + 0x3f3f3f3f3f3f3f3full;
  const uint64_t gt_z = h + 0x2525252525252525ull;
  return w | ((ge_a & ~gt_z & ~w & kHigh) >> 2);
}

template <bool kLower>
void copy_field(uint8_t *dst, const uint8_t *src, size_t n) {
  if (n >= 8) {
    for (size_t i = 0; i + 8 <= n; i += 8) {
      const uint64_t w = load8(src + i);
      store8(dst + i, kLower ? lower8(w) : w);
    }
    const uint64_t w = load8(src + n - 8);
    store8(dst + n - 8, kLower ? lower8(w) : w);
  } else if (n >= 4) {
    const uint32_t a = load4(src), b = load4(src + n - 4);
    store4(dst, kLower ? static_cast<uint32_t>(lower8(a)) : a);
    store4(dst + n - 4, kLower ? static_cast<uint32_t>(lower8(b)) : b);
  } else {
    for (size_t i = 0; i < n; ++i)
      dst[i] = kLower ? static_cast<uint8_t>(lower8(src[i])) : src[i];
  }
}

// Copies nva into |buf| (header array first, then the bytes, each string
// NUL-terminated as upstream's copies are, names lower-cased); returns the
// copy or nullptr when memory runs out.
nghttp2_nv *copy_nva(Mem mem, ByteBuf &buf, const nghttp2_nv *nva,
                     size_t nvlen) {
  if (nvlen == 0) return nullptr;
  size_t need = sizeof(nghttp2_nv) * nvlen;
  for (size_t i = 0; i < nvlen; ++i) {
    if ((nva[i].flags & NGHTTP2_NV_FLAG_NO_COPY_NAME) == 0)
      need += nva[i].namelen + 1;
    if ((nva[i].flags & NGHTTP2_NV_FLAG_NO_COPY_VALUE) == 0)
      need += nva[i].valuelen + 1;
  }
  if (!buf.reserve(mem, need)) return nullptr;
  auto *out = reinterpret_cast<nghttp2_nv *>(buf.data);
  uint8_t *data = buf.data + sizeof(nghttp2_nv) * nvlen;
  for (size_t i = 0; i < nvlen; ++i) {
    const nghttp2_nv &in = nva[i];
    nghttp2_nv &p = out[i];
    p.flags = in.flags;
    p.namelen = in.namelen;
    p.valuelen = in.valuelen;
    if (in.flags & NGHTTP2_NV_FLAG_NO_COPY_NAME) {
      p.name = in.name;
    } else {
      copy_field<true>(data, in.name, in.namelen);
      p.name = data;
      data[in.namelen] = '\0';
      data += in.namelen + 1;
    }
    if (in.flags & NGHTTP2_NV_FLAG_NO_COPY_VALUE) {
      p.value = in.value;
    } else {
      copy_field<false>(data, in.value, in.valuelen);
      p.value = data;
      data[in.valuelen] = '\0';
      data += in.valuelen + 1;
    }
  }
  return out;
}

}  // namespace

int32_t Session::submit_headers_shared(uint8_t flags, int32_t stream_id,
                                       const nghttp2_nv *nva, size_t nvlen,
                                       const DataSource *ds,
                                       void *stream_user_data) {
  OutboundItem *item = new_item();
  if (!item) return NGHTTP2_ERR_NOMEM;
  nghttp2_nv *copy = copy_nva(mem_, item->storage, nva, nvlen);
  if (nvlen && !copy) {
    free_item(item);
    return NGHTTP2_ERR_NOMEM;
  }
  if (ds && ds->present()) item->data = *ds;
  item->stream_user_data = stream_user_data;
  const uint8_t flags_copy = static_cast<uint8_t>(
      (flags & (NGHTTP2_FLAG_END_STREAM | NGHTTP2_FLAG_PRIORITY)) |
      NGHTTP2_FLAG_END_HEADERS);
  nghttp2_headers_category cat;
  if (stream_id == -1) {
    if (next_stream_id_ > INT32_MAX) {
      free_item(item);
      return NGHTTP2_ERR_STREAM_ID_NOT_AVAILABLE;
    }
    stream_id = static_cast<int32_t>(next_stream_id_);
    next_stream_id_ += 2;
    cat = NGHTTP2_HCAT_REQUEST;
  } else {
    // Refined to RESPONSE / PUSH_RESPONSE when the frame is prepared.
    cat = NGHTTP2_HCAT_HEADERS;
  }
  nghttp2_headers &h = item->frame.headers;
  wire::init_frame_hd(&h.hd, 0, NGHTTP2_HEADERS, flags_copy, stream_id);
  h.padlen = 0;
  h.pri_spec = nghttp2_priority_spec{0, NGHTTP2_DEFAULT_WEIGHT, 0};
  h.nva = copy;
  h.nvlen = nvlen;
  h.cat = cat;
  const int rv = add_item(item);
  if (rv != 0) {
    free_item(item);
    return rv;
  }
  return cat == NGHTTP2_HCAT_REQUEST ? stream_id : 0;
}

int32_t Session::submit_request(const nghttp2_nv *nva, size_t nvlen,
                                const DataSource *ds, void *stream_user_data) {
  if (server_) return NGHTTP2_ERR_PROTO;
  const uint8_t flags =
      (ds && ds->present()) ? NGHTTP2_FLAG_NONE : NGHTTP2_FLAG_END_STREAM;
  return submit_headers_shared(flags, -1, nva, nvlen, ds, stream_user_data);
}

int Session::submit_response(int32_t stream_id, const nghttp2_nv *nva,
                             size_t nvlen, const DataSource *ds) {
  if (stream_id <= 0) return NGHTTP2_ERR_INVALID_ARGUMENT;
  if (!server_) return NGHTTP2_ERR_PROTO;
  const uint8_t flags =
      (ds && ds->present()) ? NGHTTP2_FLAG_NONE : NGHTTP2_FLAG_END_STREAM;
  return submit_headers_shared(flags, stream_id, nva, nvlen, ds, nullptr);
}

int Session::submit_trailer(int32_t stream_id, const nghttp2_nv *nva,
                            size_t nvlen) {
  if (stream_id <= 0) return NGHTTP2_ERR_INVALID_ARGUMENT;
  return submit_headers_shared(NGHTTP2_FLAG_END_STREAM, stream_id, nva, nvlen,
                               nullptr, nullptr);
}

int32_t Session::submit_headers(uint8_t flags, int32_t stream_id,
                                const nghttp2_nv *nva, size_t nvlen,
                                void *stream_user_data) {
  if (stream_id == -1) {
    if (server_) return NGHTTP2_ERR_PROTO;
  } else if (stream_id <= 0) {
    return NGHTTP2_ERR_INVALID_ARGUMENT;
  }
  flags &= NGHTTP2_FLAG_END_STREAM;
  return submit_headers_shared(flags, stream_id, nva, nvlen, nullptr,
                               stream_user_data);
}

int Session::submit_data(uint8_t flags, int32_t stream_id,
                         const DataSource &ds) {
  if (stream_id == 0) return NGHTTP2_ERR_INVALID_ARGUMENT;
  OutboundItem *item = new_item();
  if (!item) return NGHTTP2_ERR_NOMEM;
  item->data = ds;
  item->data_flags = flags & NGHTTP2_FLAG_END_STREAM;
  // Frame flags are decided per frame when the data is read.
  wire::init_frame_hd(&item->frame.hd, 0, NGHTTP2_DATA, 0, stream_id);
  item->frame.data.padlen = 0;
  const int rv = add_item(item);
  if (rv != 0) free_item(item);
  return rv;
}

int Session::submit_rst_stream(int32_t stream_id, uint32_t error_code) {
  if (stream_id == 0) return NGHTTP2_ERR_INVALID_ARGUMENT;
  return add_rst_stream(stream_id, error_code, false);
}

int Session::submit_ping(uint8_t flags, const uint8_t *opaque) {
  return add_ping(flags & NGHTTP2_FLAG_ACK, opaque);
}

int Session::submit_goaway(int32_t last_stream_id, uint32_t error_code,
                           const uint8_t *opaque, size_t len) {
  if (goaway_flags_ & kGoawayTermOnSend) return 0;
  return add_goaway(last_stream_id, error_code, opaque, len, kGoawayAuxNone);
}

int Session::submit_shutdown_notice() {
  if (!server_) return NGHTTP2_ERR_INVALID_STATE;
  if (goaway_flags_) return 0;
  return add_goaway((1u << 31) - 1, NGHTTP2_NO_ERROR, nullptr, 0,
                    kGoawayAuxShutdownNotice);
}

int Session::terminate(int32_t last_stream_id, uint32_t error_code,
                       const char *reason) {
  if (goaway_flags_ & kGoawayTermOnSend) return 0;
  // Everything the peer still sends is ignored from here on.
  iframe_.state = InState::kIgnAll;
  const size_t len = reason ? std::strlen(reason) : 0;
  const int rv =
      add_goaway(last_stream_id, error_code,
                 reinterpret_cast<const uint8_t *>(reason), len,
                 kGoawayAuxTermOnSend);
  if (rv != 0) return rv;
  goaway_flags_ |= kGoawayTermOnSend;
  return 0;
}

int32_t Session::submit_push_promise(int32_t stream_id, const nghttp2_nv *nva,
                                     size_t nvlen, void *promised_user_data) {
  if (stream_id <= 0 || is_my_stream_id(stream_id))
    return NGHTTP2_ERR_INVALID_ARGUMENT;
  if (!server_) return NGHTTP2_ERR_PROTO;
  if (next_stream_id_ > INT32_MAX) return NGHTTP2_ERR_STREAM_ID_NOT_AVAILABLE;
  OutboundItem *item = new_item();
  if (!item) return NGHTTP2_ERR_NOMEM;
  item->stream_user_data = promised_user_data;
  nghttp2_nv *copy = copy_nva(mem_, item->storage, nva, nvlen);
  if (nvlen && !copy) {
    free_item(item);
    return NGHTTP2_ERR_NOMEM;
  }
  const int32_t promised = static_cast<int32_t>(next_stream_id_);
  next_stream_id_ += 2;
  nghttp2_push_promise &pp = item->frame.push_promise;
  wire::init_frame_hd(&pp.hd, 0, NGHTTP2_PUSH_PROMISE,
                      NGHTTP2_FLAG_END_HEADERS, stream_id);
  pp.padlen = 0;
  pp.nva = copy;
  pp.nvlen = nvlen;
  pp.promised_stream_id = promised;
  pp.reserved = 0;
  const int rv = add_item(item);
  if (rv != 0) {
    free_item(item);
    return rv;
  }
  return promised;
}

int Session::submit_altsvc(int32_t stream_id, const uint8_t *origin,
                           size_t olen, const uint8_t *value, size_t vlen) {
  if (!server_) return NGHTTP2_ERR_INVALID_STATE;
  if (2 + olen + vlen > wire::kMaxPayloadLen) return NGHTTP2_ERR_INVALID_ARGUMENT;
  if (stream_id == 0) {
    if (olen == 0) return NGHTTP2_ERR_INVALID_ARGUMENT;
  } else if (olen != 0) {
    return NGHTTP2_ERR_INVALID_ARGUMENT;
  }
  OutboundItem *item = new_item();
  if (!item) return NGHTTP2_ERR_NOMEM;
  // The payload struct heads the item's storage, followed by the strings.
  constexpr size_t kHead = sizeof(nghttp2_ext_altsvc);
  if (!item->storage.reserve(mem_, kHead + olen + vlen + 2)) {
    free_item(item);
    return NGHTTP2_ERR_NOMEM;
  }
  auto *altsvc = reinterpret_cast<nghttp2_ext_altsvc *>(item->storage.data);
  uint8_t *p = item->storage.data + kHead;
  if (olen) std::memcpy(p, origin, olen);
  p[olen] = '\0';
  uint8_t *v = p + olen + 1;
  if (vlen) std::memcpy(v, value, vlen);
  v[vlen] = '\0';
  item->ext_builtin = true;
  *altsvc = nghttp2_ext_altsvc{p, olen, v, vlen};
  wire::init_frame_hd(&item->frame.hd, 2 + olen + vlen, NGHTTP2_ALTSVC, 0,
                      stream_id);
  item->frame.ext.payload = altsvc;
  const int rv = add_item(item);
  if (rv != 0) free_item(item);
  return rv;
}

int Session::submit_origin(const nghttp2_origin_entry *ov, size_t nov) {
  if (!server_) return NGHTTP2_ERR_INVALID_STATE;
  size_t len = 0;
  for (size_t i = 0; i < nov; ++i) len += ov[i].origin_len;
  if (nov && 2 * nov + len > wire::kMaxPayloadLen)
    return NGHTTP2_ERR_INVALID_ARGUMENT;
  OutboundItem *item = new_item();
  if (!item) return NGHTTP2_ERR_NOMEM;
  // Storage: the payload struct, the entries, then the strings.
  constexpr size_t kHead = sizeof(nghttp2_ext_origin);
  if (!item->storage.reserve(
          mem_, kHead + nov * sizeof(nghttp2_origin_entry) + len + nov)) {
    free_item(item);
    return NGHTTP2_ERR_NOMEM;
  }
  auto *origin = reinterpret_cast<nghttp2_ext_origin *>(item->storage.data);
  nghttp2_origin_entry *copy = nullptr;
  if (nov) {
    copy = reinterpret_cast<nghttp2_origin_entry *>(item->storage.data + kHead);
    uint8_t *p = item->storage.data + kHead + nov * sizeof(nghttp2_origin_entry);
    for (size_t i = 0; i < nov; ++i) {
      copy[i].origin = p;
      copy[i].origin_len = ov[i].origin_len;
      if (ov[i].origin_len) std::memcpy(p, ov[i].origin, ov[i].origin_len);
      p += ov[i].origin_len;
      *p++ = '\0';
    }
  }
  item->ext_builtin = true;
  *origin = nghttp2_ext_origin{nov, copy};
  wire::init_frame_hd(&item->frame.hd, 2 * nov + len, NGHTTP2_ORIGIN, 0, 0);
  item->frame.ext.payload = origin;
  const int rv = add_item(item);
  if (rv != 0) free_item(item);
  return rv;
}

int Session::submit_priority_update(int32_t stream_id, const uint8_t *value,
                                    size_t len) {
  if (server_) return NGHTTP2_ERR_INVALID_STATE;
  if (remote_settings_.no_rfc7540_priorities == 0) return 0;
  if (stream_id == 0 || 4 + len > wire::kMaxPayloadLen)
    return NGHTTP2_ERR_INVALID_ARGUMENT;
  OutboundItem *item = new_item();
  if (!item) return NGHTTP2_ERR_NOMEM;
  // Storage: the payload struct, then the field value.
  constexpr size_t kHead = sizeof(nghttp2_ext_priority_update);
  if (!item->storage.reserve(mem_, kHead + len + 1)) {
    free_item(item);
    return NGHTTP2_ERR_NOMEM;
  }
  auto *pu =
      reinterpret_cast<nghttp2_ext_priority_update *>(item->storage.data);
  uint8_t *copy = nullptr;
  if (len) {
    copy = item->storage.data + kHead;
    std::memcpy(copy, value, len);
    copy[len] = '\0';
  }
  item->ext_builtin = true;
  *pu = nghttp2_ext_priority_update{stream_id, copy, len};
  wire::init_frame_hd(&item->frame.hd, 4 + len, NGHTTP2_PRIORITY_UPDATE, 0, 0);
  item->frame.ext.payload = pu;
  const int rv = add_item(item);
  if (rv != 0) free_item(item);
  return rv;
}

int Session::submit_extension(uint8_t type, uint8_t flags, int32_t stream_id,
                              void *payload) {
  if (type <= NGHTTP2_CONTINUATION) return NGHTTP2_ERR_INVALID_ARGUMENT;
  if (!cb_.pack_extension_callback2 && !cb_.pack_extension_callback)
    return NGHTTP2_ERR_INVALID_STATE;
  OutboundItem *item = new_item();
  if (!item) return NGHTTP2_ERR_NOMEM;
  wire::init_frame_hd(&item->frame.hd, 0, type, flags, stream_id);
  item->frame.ext.payload = payload;
  const int rv = add_item(item);
  if (rv != 0) free_item(item);
  return rv;
}

}  // namespace h2pool

#include "wire/frame_codec.h"

#include <cstring>

namespace h2pool::wire {

void pack_frame_hd(uint8_t *out, const nghttp2_frame_hd &hd) {
  put_u32(out, static_cast<uint32_t>(hd.length << 8));
  out[3] = hd.type;
  out[4] = hd.flags;
  put_u32(out + 5, static_cast<uint32_t>(hd.stream_id));
}

void unpack_frame_hd(nghttp2_frame_hd *hd, const uint8_t *in) {
  hd->length = get_u32(in) >> 8;
  hd->type = in[3];
  hd->flags = in[4];
  hd->stream_id = static_cast<int32_t>(get_u32(in + 5) & kStreamIdMask);
  hd->reserved = 0;
}

void init_frame_hd(nghttp2_frame_hd *hd, size_t length, uint8_t type,
                   uint8_t flags, int32_t stream_id) {
  hd->length = length;
  hd->type = type;
  hd->flags = flags;
  hd->stream_id = stream_id;
  hd->reserved = 0;
}

void unpack_settings_entry(nghttp2_settings_entry *iv, const uint8_t *in) {
  iv->settings_id = get_u16(in);
  iv->value = get_u32(in + 2);
}

size_t pack_rst_stream(uint8_t *out, const nghttp2_rst_stream &f) {
  pack_frame_hd(out, f.hd);
  put_u32(out + kFrameHeaderLen, f.error_code);
  return kFrameHeaderLen + 4;
}

size_t pack_ping(uint8_t *out, const nghttp2_ping &f) {
  pack_frame_hd(out, f.hd);
  std::memcpy(out + kFrameHeaderLen, f.opaque_data, 8);
  return kFrameHeaderLen + 8;
}

size_t pack_window_update(uint8_t *out, const nghttp2_window_update &f) {
  pack_frame_hd(out, f.hd);
  put_u32(out + kFrameHeaderLen,
          static_cast<uint32_t>(f.window_size_increment));
  return kFrameHeaderLen + 4;
}

size_t pack_goaway(uint8_t *out, const nghttp2_goaway &f) {
  pack_frame_hd(out, f.hd);
  uint8_t *p = out + kFrameHeaderLen;
  put_u32(p, static_cast<uint32_t>(f.last_stream_id));
  put_u32(p + 4, f.error_code);
  if (f.opaque_data_len) std::memcpy(p + 8, f.opaque_data, f.opaque_data_len);
  return kFrameHeaderLen + 8 + f.opaque_data_len;
}

size_t pack_altsvc_payload(uint8_t *out, const nghttp2_ext_altsvc &a) {
  put_u16(out, static_cast<uint16_t>(a.origin_len));
  if (a.origin_len) std::memcpy(out + 2, a.origin, a.origin_len);
  if (a.field_value_len)
    std::memcpy(out + 2 + a.origin_len, a.field_value, a.field_value_len);
  return 2 + a.origin_len + a.field_value_len;
}

size_t pack_origin_payload(uint8_t *out, const nghttp2_ext_origin &o) {
  uint8_t *p = out;
  for (size_t i = 0; i < o.nov; ++i) {
    put_u16(p, static_cast<uint16_t>(o.ov[i].origin_len));
    p += 2;
    if (o.ov[i].origin_len) std::memcpy(p, o.ov[i].origin, o.ov[i].origin_len);
    p += o.ov[i].origin_len;
  }
  return static_cast<size_t>(p - out);
}

size_t pack_priority_update_payload(uint8_t *out,
                                    const nghttp2_ext_priority_update &p) {
  put_u32(out, static_cast<uint32_t>(p.stream_id));
  if (p.field_value_len)
    std::memcpy(out + 4, p.field_value, p.field_value_len);
  return 4 + p.field_value_len;
}

void unpack_priority_spec(nghttp2_priority_spec *spec, const uint8_t *in) {
  spec->stream_id = static_cast<int32_t>(get_u32(in) & kStreamIdMask);
  spec->exclusive = (in[0] & 0x80) ? 1 : 0;
  spec->weight = in[4] + 1;
}

uint32_t unpack_u31(const uint8_t *in) { return get_u32(in) & kStreamIdMask; }

long parse_origin_payload(nghttp2_origin_entry *ov, const uint8_t *in,
                          size_t len) {
  long n = 0;
  size_t off = 0;
  while (off < len) {
    if (len - off < 2) return -1;
    const size_t olen = get_u16(in + off);
    off += 2;
    if (len - off < olen) return -1;
    if (olen) {
      if (ov) {
        ov[n].origin = const_cast<uint8_t *>(in + off);
        ov[n].origin_len = olen;
      }
      ++n;
    }
    off += olen;
  }
  return n;
}

}  // namespace h2pool::wire

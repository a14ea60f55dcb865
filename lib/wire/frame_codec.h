// HTTP/2 frame header and fixed-layout payload codecs (RFC 9113 section 4
// and 6). Pure functions over caller-owned byte spans: they never allocate
// and never look at session state, so the inbound state machine and the
// outbound serialiser share one definition of every wire layout.
#pragma once

#include <cstddef>
#include <cstdint>

#include <nghttp2/nghttp2.h>

namespace h2pool::wire {

constexpr size_t kFrameHeaderLen = 9;
// Largest payload we ever emit in one frame, whatever the peer allows:
// CONTINUATION splitting and the send buffer are sized on it.
constexpr size_t kMaxPayloadLen = 16384;
constexpr uint32_t kMinMaxFrameSize = 1u << 14;
constexpr uint32_t kMaxMaxFrameSize = (1u << 24) - 1;
constexpr size_t kSettingsEntryLen = 6;
constexpr size_t kPrioritySpecLen = 5;
constexpr size_t kMaxPadLen = 256;
constexpr uint32_t kStreamIdMask = 0x7fffffffu;
constexpr int32_t kMaxWindowSize = NGHTTP2_MAX_WINDOW_SIZE;
constexpr size_t kClientMagicLen = NGHTTP2_CLIENT_MAGIC_LEN;

inline void put_u16(uint8_t *p, uint16_t v) {
  p[0] = static_cast<uint8_t>(v >> 8);
  p[1] = static_cast<uint8_t>(v);
}
inline void put_u32(uint8_t *p, uint32_t v) {
  p[0] = static_cast<uint8_t>(v >> 24);
  p[1] = static_cast<uint8_t>(v >> 16);
  p[2] = static_cast<uint8_t>(v >> 8);
  p[3] = static_cast<uint8_t>(v);
}
inline uint16_t get_u16(const uint8_t *p) {
  return static_cast<uint16_t>((p[0] << 8) | p[1]);
}
inline uint32_t get_u32(const uint8_t *p) {
  return (static_cast<uint32_t>(p[0]) << 24) |
         (static_cast<uint32_t>(p[1]) << 16) |
         (static_cast<uint32_t>(p[2]) << 8) | p[3];
}

void pack_frame_hd(uint8_t *out, const nghttp2_frame_hd &hd);
// The reserved bit of the stream identifier is dropped, as RFC 9113 asks.
void unpack_frame_hd(nghttp2_frame_hd *hd, const uint8_t *in);
void init_frame_hd(nghttp2_frame_hd *hd, size_t length, uint8_t type,
                   uint8_t flags, int32_t stream_id);

// One 6-byte settings entry (16-bit identifier, 32-bit value); writing
// and validation live in http/settings_check.h.
void unpack_settings_entry(nghttp2_settings_entry *iv, const uint8_t *in);

// Whole-frame writers for fixed-size control frames; each writes header and
// payload and returns the number of bytes written.
size_t pack_rst_stream(uint8_t *out, const nghttp2_rst_stream &f);
size_t pack_ping(uint8_t *out, const nghttp2_ping &f);
size_t pack_window_update(uint8_t *out, const nghttp2_window_update &f);
// GOAWAY header + 8 fixed bytes + opaque data.
size_t pack_goaway(uint8_t *out, const nghttp2_goaway &f);
// Extension payload writers (header excluded).
size_t pack_altsvc_payload(uint8_t *out, const nghttp2_ext_altsvc &a);
size_t pack_origin_payload(uint8_t *out, const nghttp2_ext_origin &o);
size_t pack_priority_update_payload(uint8_t *out,
                                    const nghttp2_ext_priority_update &p);

void unpack_priority_spec(nghttp2_priority_spec *spec, const uint8_t *in);
uint32_t unpack_u31(const uint8_t *in);

// Parses an ORIGIN payload into entries pointing into |in|. Returns the
// number of entries, or -1 when the payload is malformed. When |ov| is null
// only counts.
long parse_origin_payload(nghttp2_origin_entry *ov, const uint8_t *in,
                          size_t len);

}  // namespace h2pool::wire

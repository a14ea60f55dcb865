// What the session targets do on their own side, shared with the seed
// generator so that recorded peer traffic matches the target's streams.
//
// Session input layout: [options] [chunk] then the peer's bytes, fed to
// mem_recv in pieces of `chunk` bytes (0 = all at once).
#pragma once

#include <cstdint>

#define NGHTTP2_NO_DEPRECATION_WARNINGS
#include <nghttp2/nghttp2.h>

namespace fuzz {

enum SessionOption : uint8_t {
  kNoClientMagic = 1,     // server: option no_recv_client_magic
  kNoHttpMessaging = 2,   // option no_http_messaging
  kNoAutoWindow = 4,      // option no_auto_window_update; target consumes
  kBuiltinExt = 8,        // ALTSVC, ORIGIN, PRIORITY_UPDATE parsed
  kNoAutoPingAck = 16,    // option no_auto_ping_ack; target answers PINGs
  kFewContinuations = 32, // option max_continuations = 2
  // Bits 6-7 pick an allocation budget for the session (budget_mem.h).
};
inline unsigned alloc_budget(uint8_t options) {
  static const unsigned budgets[4] = {0, 4, 12, 40};
  return budgets[options >> 6];
}

// The client target's requests, submitted before any input is read.
inline const nghttp2_nv kGet[] = {
    {(uint8_t *)":method", (uint8_t *)"GET", 7, 3, NGHTTP2_NV_FLAG_NONE},
    {(uint8_t *)":scheme", (uint8_t *)"https", 7, 5, NGHTTP2_NV_FLAG_NONE},
    {(uint8_t *)":authority", (uint8_t *)"fuzz.example", 10, 12,
     NGHTTP2_NV_FLAG_NONE},
    {(uint8_t *)":path", (uint8_t *)"/", 5, 1, NGHTTP2_NV_FLAG_NONE},
};
inline const nghttp2_nv kPost[] = {
    {(uint8_t *)":method", (uint8_t *)"POST", 7, 4, NGHTTP2_NV_FLAG_NONE},
    {(uint8_t *)":scheme", (uint8_t *)"https", 7, 5, NGHTTP2_NV_FLAG_NONE},
    {(uint8_t *)":authority", (uint8_t *)"fuzz.example", 10, 12,
     NGHTTP2_NV_FLAG_NONE},
    {(uint8_t *)":path", (uint8_t *)"/upload", 5, 7, NGHTTP2_NV_FLAG_NONE},
    {(uint8_t *)"content-length", (uint8_t *)"300", 14, 3,
     NGHTTP2_NV_FLAG_NONE},
};
constexpr uint32_t kPostBody = 300;

// The server target's answer to every complete request.
inline const nghttp2_nv kResponse[] = {
    {(uint8_t *)":status", (uint8_t *)"200", 7, 3, NGHTTP2_NV_FLAG_NONE},
    {(uint8_t *)"content-type", (uint8_t *)"text/plain", 12, 10,
     NGHTTP2_NV_FLAG_NONE},
};
inline uint32_t response_body_len(int32_t stream_id) {
  return static_cast<uint32_t>(stream_id) * 97 % 20000;
}

}  // namespace fuzz

// SETTINGS values as the library accepts them from the application
// (nghttp2_submit_settings, nghttp2_pack_settings_payload) and the 6-byte
// wire form of one entry. The session reuses both for its own SETTINGS.
#pragma once

#include <cstddef>
#include <cstdint>

#include <nghttp2/nghttp2.h>

namespace h2pool::http {

inline constexpr size_t kSettingsEntryLength = 6;
inline constexpr uint32_t kMaxWindowSize = 0x7fffffffu;
inline constexpr uint32_t kMinMaxFrameSize = 16384;
inline constexpr uint32_t kMaxMaxFrameSize = 16777215;

// Range rules for one value. Unknown ids are accepted (they are meant to be
// sent and ignored by the peer), as are ids whose whole range is legal.
bool settings_value_valid(int32_t id, uint32_t value);
bool settings_valid(const nghttp2_settings_entry *iv, size_t niv);

// Writes niv * 6 bytes (16-bit id, 32-bit value, network order); the
// caller guarantees the room. Returns the bytes written.
size_t write_settings(uint8_t *out, const nghttp2_settings_entry *iv,
                      size_t niv);

// nghttp2_pack_settings_payload2: validation first, then room.
// Returns the bytes written, NGHTTP2_ERR_INVALID_ARGUMENT or
// NGHTTP2_ERR_INSUFF_BUFSIZE.
nghttp2_ssize pack_settings_payload(uint8_t *out, size_t outlen,
                                    const nghttp2_settings_entry *iv,
                                    size_t niv);

}  // namespace h2pool::http

#include "http/settings_check.h"

namespace h2pool::http {

bool settings_value_valid(int32_t id, uint32_t value) {
  switch (id) {
    case NGHTTP2_SETTINGS_ENABLE_PUSH:
    case NGHTTP2_SETTINGS_ENABLE_CONNECT_PROTOCOL:
    case NGHTTP2_SETTINGS_NO_RFC7540_PRIORITIES:
      return value <= 1;
    case NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE:
      return value <= kMaxWindowSize;
    case NGHTTP2_SETTINGS_MAX_FRAME_SIZE:
      return value >= kMinMaxFrameSize && value <= kMaxMaxFrameSize;
    default:
      return true;
  }
}

bool settings_valid(const nghttp2_settings_entry *iv, size_t niv) {
  for (size_t i = 0; i < niv; ++i) {
    if (!settings_value_valid(iv[i].settings_id, iv[i].value)) return false;
  }
  return true;
}

size_t write_settings(uint8_t *out, const nghttp2_settings_entry *iv,
                      size_t niv) {
  for (size_t i = 0; i < niv; ++i) {
    // Only the low 16 bits of the id travel; that is what the wire holds.
    const uint32_t id = static_cast<uint32_t>(iv[i].settings_id);
    const uint32_t v = iv[i].value;
    uint8_t *p = out + i * kSettingsEntryLength;
    p[0] = static_cast<uint8_t>(id >> 8);
    p[1] = static_cast<uint8_t>(id);
    p[2] = static_cast<uint8_t>(v >> 24);
    p[3] = static_cast<uint8_t>(v >> 16);
    p[4] = static_cast<uint8_t>(v >> 8);
    p[5] = static_cast<uint8_t>(v);
  }
  return niv * kSettingsEntryLength;
}

nghttp2_ssize pack_settings_payload(uint8_t *out, size_t outlen,
                                    const nghttp2_settings_entry *iv,
                                    size_t niv) {
  if (!settings_valid(iv, niv)) return NGHTTP2_ERR_INVALID_ARGUMENT;
  if (niv > outlen / kSettingsEntryLength) return NGHTTP2_ERR_INSUFF_BUFSIZE;
  return static_cast<nghttp2_ssize>(write_settings(out, iv, niv));
}

}  // namespace h2pool::http

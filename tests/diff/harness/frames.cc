#include "frames.h"

#include <cstdio>
#include <cstring>

#include "text.h"

namespace h2diff {

namespace {
constexpr char kMagic[] = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
constexpr size_t kMagicLen = sizeof(kMagic) - 1;
constexpr size_t kHeaderLen = 9;
} // namespace

const char *frame_type_name(uint8_t type) {
  static const char *const names[] = {
      "DATA",   "HEADERS", "PRIORITY",      "RST_STREAM",   "SETTINGS",
      "PUSH_PROMISE", "PING", "GOAWAY", "WINDOW_UPDATE", "CONTINUATION",
      "ALTSVC", nullptr,   "ORIGIN"};
  if (type < sizeof(names) / sizeof(names[0]) && names[type])
    return names[type];
  if (type == 0x10)
    return "PRIORITY_UPDATE";
  return "UNKNOWN";
}

std::string frame_flags_text(uint8_t type, uint8_t flags) {
  // Flag 0x01 means END_STREAM on DATA/HEADERS but ACK on SETTINGS/PING.
  std::string s;
  auto add = [&](uint8_t bit, const char *name) {
    if (flags & bit) {
      if (!s.empty())
        s += '|';
      s += name;
      flags = static_cast<uint8_t>(flags & ~bit);
    }
  };
  switch (type) {
  case 0:
    add(0x01, "END_STREAM");
    add(0x08, "PADDED");
    break;
  case 1:
    add(0x01, "END_STREAM");
    add(0x04, "END_HEADERS");
    add(0x08, "PADDED");
    add(0x20, "PRIORITY");
    break;
  case 4:
  case 6:
    add(0x01, "ACK");
    break;
  case 5:
  case 9:
    add(0x04, "END_HEADERS");
    add(0x08, "PADDED");
    break;
  default:
    break;
  }
  if (flags) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%02x", flags);
    if (!s.empty())
      s += '|';
    s += buf;
  }
  return s;
}

std::string Frame::text() const {
  char head[96];
  std::snprintf(head, sizeof head, "%s len=%u flags=0x%02x", frame_type_name(type),
                length, flags);
  std::string s = head;
  std::string f = frame_flags_text(type, flags);
  if (!f.empty())
    s += "(" + f + ")";
  s += " stream=" + std::to_string(stream_id);
  if (reserved_bit)
    s += " R";
  if (!payload.empty())
    s += " " + hex(payload.data(), payload.size(), 24);
  return s;
}

FrameStream split_frames(const uint8_t *data, size_t len,
                         bool expect_client_magic) {
  FrameStream out;
  size_t pos = 0;
  if (expect_client_magic && len >= kMagicLen &&
      std::memcmp(data, kMagic, kMagicLen) == 0) {
    out.client_magic = true;
    pos = kMagicLen;
  }
  while (len - pos >= kHeaderLen) {
    const uint8_t *h = data + pos;
    uint32_t flen = (uint32_t(h[0]) << 16) | (uint32_t(h[1]) << 8) | h[2];
    if (len - pos - kHeaderLen < flen)
      break;
    Frame f;
    f.length = flen;
    f.type = h[3];
    f.flags = h[4];
    f.reserved_bit = (h[5] & 0x80) != 0;
    f.stream_id = ((uint32_t(h[5]) & 0x7f) << 24) | (uint32_t(h[6]) << 16) |
                  (uint32_t(h[7]) << 8) | h[8];
    f.payload.assign(h + kHeaderLen, h + kHeaderLen + flen);
    out.frames.push_back(std::move(f));
    pos += kHeaderLen + flen;
  }
  out.incomplete.assign(data + pos, data + len);
  return out;
}

} // namespace h2diff

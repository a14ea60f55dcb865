// Splits an HTTP/2 byte stream (what mem_send emits) into frames, so session
// tests compare frame by frame and a mismatch names the frame, not an offset.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace h2diff {

struct Frame {
  uint32_t length = 0; // 24-bit length field as sent
  uint8_t type = 0;
  uint8_t flags = 0;
  bool reserved_bit = false;
  uint32_t stream_id = 0; // 31 bits
  std::vector<uint8_t> payload;

  bool operator==(const Frame &) const = default;
  // "HEADERS len=13 flags=0x05(END_STREAM|END_HEADERS) stream=1 82 87 ..."
  std::string text() const;
};

struct FrameStream {
  bool client_magic = false;      // stream started with the 24-byte preface
  std::vector<Frame> frames;
  std::vector<uint8_t> incomplete; // trailing bytes of an unfinished frame

  bool operator==(const FrameStream &) const = default;
};

// When `expect_client_magic` is set, a leading preface is recognised and
// recorded instead of being parsed as a frame.
FrameStream split_frames(const uint8_t *data, size_t len,
                         bool expect_client_magic);
inline FrameStream split_frames(const std::vector<uint8_t> &bytes,
                                bool expect_client_magic) {
  return split_frames(bytes.data(), bytes.size(), expect_client_magic);
}

const char *frame_type_name(uint8_t type); // "UNKNOWN" for others
std::string frame_flags_text(uint8_t type, uint8_t flags);

} // namespace h2diff

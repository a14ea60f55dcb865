// Hand-written frames for scripted peers. Header blocks come from the
// reference deflater so the bytes fed to both libraries are valid HPACK that
// neither of them produced.
#pragma once

#include "sdiff_api.h"

#include <string>
#include <utility>
#include <vector>

namespace sdiff {

using Nv = std::vector<std::pair<std::string, std::string>>;

class FrameBuilder {
public:
  explicit FrameBuilder(const Api *ref);
  ~FrameBuilder();
  FrameBuilder(const FrameBuilder &) = delete;
  FrameBuilder &operator=(const FrameBuilder &) = delete;

  static std::string magic();
  static std::string frame(uint8_t type, uint8_t flags, int32_t sid,
                           const std::string &payload);
  static std::string settings(
      const std::vector<std::pair<uint16_t, uint32_t>> &iv);
  static std::string settings_ack();
  static std::string data(int32_t sid, const std::string &payload,
                          uint8_t flags = 0, int padlen = -1);
  static std::string rst(int32_t sid, uint32_t code);
  static std::string ping(const std::string &opaque8, bool ack = false);
  static std::string goaway(int32_t last, uint32_t code,
                            const std::string &opaque = "");
  static std::string window_update(int32_t sid, uint32_t inc);
  static std::string priority(int32_t sid, int32_t dep, int weight,
                              bool excl = false);
  static std::string be32(uint32_t v);

  // HPACK block for `nv` (advances the builder's encoder state).
  std::string block(const Nv &nv);
  // HEADERS with END_HEADERS unless `split` > 0, in which case the block is
  // cut into a HEADERS plus CONTINUATION frames of `split` bytes.
  std::string headers(int32_t sid, const Nv &nv, uint8_t flags = 0,
                      size_t split = 0, int padlen = -1,
                      bool with_priority = false);
  std::string push_promise(int32_t sid, int32_t promised, const Nv &nv);
  void change_table_size(size_t n);

private:
  const Api *ref_;
  nghttp2_hd_deflater *deflater_ = nullptr;
};

// Common header sets.
Nv get_request(const std::string &path = "/");
Nv post_request(const std::string &path, size_t content_length);
Nv status(const std::string &code);
// Deterministic body bytes, distinct per stream.
std::string body_bytes(int32_t sid, size_t offset, size_t n);

} // namespace sdiff

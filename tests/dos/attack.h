// A server session under attack: one libnghttp2 (reached through an Api
// table, so the same attack runs against the reference and against h2pool),
// a counting allocator, a few callbacks that count what the application
// saw, and a parser for what the server wrote back.
#pragma once

#include "api.h"
#include "counting_mem.h"

#include <cstdint>
#include <string>
#include <vector>

namespace dos {

using h2diff::Api;

// ---- crafting client bytes

std::string be32(uint32_t v);
std::string frame(uint8_t type, uint8_t flags, int32_t sid,
                  const std::string &payload);
std::string magic();
std::string settings(const std::vector<std::pair<uint16_t, uint32_t>> &iv);
std::string ping(uint64_t opaque);
std::string rst(int32_t sid, uint32_t code);
std::string window_update(int32_t sid, uint32_t inc);
std::string data(int32_t sid, const std::string &payload, uint8_t flags);
std::string priority(int32_t sid, int32_t dep);

// HPACK pieces that need no encoder state (static table and literals
// without indexing), so every request block is self-contained.
std::string hpack_int(uint8_t first_bits, int prefix, size_t v);
std::string hpack_literal(const std::string &name, const std::string &value,
                          bool index);
std::string get_block();  // GET https://localhost/
std::string post_block(); // POST, no content-length
std::string headers(int32_t sid, const std::string &block, uint8_t flags);

// ---- what the server wrote

struct Frame {
  uint32_t length;
  uint8_t type, flags;
  int32_t sid;
  std::string payload;
};
std::vector<Frame> parse_frames(const std::string &bytes);

// ---- the session under attack

struct Config {
  // Each setter is applied only when the value is set (>= 0 / non-zero).
  long long reset_burst = -1, reset_rate = -1;
  long long glitch_burst = -1, glitch_rate = -1;
  long long max_continuations = -1;
  long long max_settings = -1;
  long long max_outbound_ack = -1;
  long long max_outbound_queue = -1;
  // Answer every complete request with a body of this many bytes.
  size_t response_body = 0;
  // SETTINGS the server submits first (always at least an empty one).
  std::vector<std::pair<int32_t, uint32_t>> server_settings;
};

class Server {
public:
  Server(const Api &api, const Config &cfg);
  ~Server();
  Server(const Server &) = delete;
  Server &operator=(const Server &) = delete;

  // Feeds bytes unless a fatal error already ended the session; returns
  // what mem_recv returned (0 when skipped).
  long recv(const std::string &bytes);
  // Drains everything the server wants to send into out().
  void send();
  // True when the library had no way to apply something in Config (an old
  // reference without the option).
  bool option_missing() const { return option_missing_; }

  const std::string &out() const { return out_; }
  std::vector<Frame> frames() const { return parse_frames(out_); }
  // Error code of the first GOAWAY written, or -1.
  long goaway_code() const;
  int32_t goaway_last_sid() const;
  size_t count_sent(uint8_t type) const;
  size_t queue_size() const;

  long fatal = 0; // first negative mem_recv return
  size_t recv_frames = 0, recv_headers_frames = 0, recv_rst = 0;
  size_t header_fields = 0, header_bytes = 0, streams_closed = 0;
  h2test::CountingMem cm;
  nghttp2_session *session = nullptr;

private:
  const Api &a_;
  Config cfg_;
  nghttp2_mem mem_;
  std::string out_;
  bool option_missing_ = false;
  size_t body_left_ = 0;

  friend struct ServerCallbacks;
};

} // namespace dos

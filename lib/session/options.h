// The option set behind the opaque nghttp2_option. Only options whose bit
// is in |set_mask| override the session defaults, as upstream does, so an
// option explicitly set to its default value is distinguishable from one
// never set (matters for max_settings = 0, which upstream ignores).
#pragma once

#include <cstddef>
#include <cstdint>

namespace h2pool {

enum OptionBit : uint32_t {
  kOptNoAutoWindowUpdate = 1u << 0,
  kOptPeerMaxConcurrentStreams = 1u << 1,
  kOptNoRecvClientMagic = 1u << 2,
  kOptNoHttpMessaging = 1u << 3,
  kOptMaxReservedRemoteStreams = 1u << 4,
  kOptUserRecvExtTypes = 1u << 5,
  kOptNoAutoPingAck = 1u << 6,
  kOptBuiltinRecvExtTypes = 1u << 7,
  kOptMaxSendHeaderBlockLength = 1u << 8,
  kOptMaxDeflateDynamicTableSize = 1u << 9,
  kOptNoClosedStreams = 1u << 10,
  kOptMaxOutboundAck = 1u << 11,
  kOptMaxSettings = 1u << 12,
  kOptServerFallbackRfc7540Priorities = 1u << 13,
  kOptNoRfc9113WsValidation = 1u << 14,
  kOptStreamResetRateLimit = 1u << 15,
  kOptMaxContinuations = 1u << 16,
  kOptGlitchRateLimit = 1u << 17,
  kOptMaxOutboundQueueSize = 1u << 18,
};

// Which built-in extension frames the library parses itself.
enum BuiltinExt : uint32_t {
  kExtAltsvc = 1u << 0,
  kExtOrigin = 1u << 1,
  kExtPriorityUpdate = 1u << 2,
};

struct Options {
  uint32_t set_mask = 0;
  uint32_t builtin_recv_ext_types = 0;
  int no_auto_window_update = 0;
  int no_recv_client_magic = 0;
  int no_http_messaging = 0;
  int no_auto_ping_ack = 0;
  int no_closed_streams = 0;
  int server_fallback_rfc7540_priorities = 0;
  int no_rfc9113_ws_validation = 0;
  uint32_t peer_max_concurrent_streams = 0;
  uint32_t max_reserved_remote_streams = 0;
  size_t max_send_header_block_length = 0;
  size_t max_deflate_dynamic_table_size = 0;
  size_t max_outbound_ack = 0;
  size_t max_settings = 0;
  size_t max_continuations = 0;
  size_t max_outbound_queue_size = 0;
  uint64_t stream_reset_burst = 0;
  uint64_t stream_reset_rate = 0;
  uint64_t glitch_burst = 0;
  uint64_t glitch_rate = 0;
  // Bit per frame type the application wants through the extension
  // callbacks (types 0..9 are never set).
  uint8_t user_recv_ext_types[32] = {};
};

}  // namespace h2pool

// nghttp2_option: allocation and setters. Each setter records that the
// option was set, so the session can tell "set to the default" from
// "never set".
#include <nghttp2/nghttp2.h>

#include "session/options.h"
#include "util/mem.h"

using h2pool::Options;

namespace {
Options *opt_of(nghttp2_option *p) { return reinterpret_cast<Options *>(p); }
}  // namespace

extern "C" {

int nghttp2_option_new(nghttp2_option **option_ptr) {
  Options *o = h2pool::Mem().create<Options>();
  if (!o) return NGHTTP2_ERR_NOMEM;
  *option_ptr = reinterpret_cast<nghttp2_option *>(o);
  return 0;
}

void nghttp2_option_del(nghttp2_option *option) {
  h2pool::Mem().destroy(opt_of(option));
}

void nghttp2_option_set_no_auto_window_update(nghttp2_option *option, int val) {
  opt_of(option)->set_mask |= h2pool::kOptNoAutoWindowUpdate;
  opt_of(option)->no_auto_window_update = val;
}

void nghttp2_option_set_peer_max_concurrent_streams(nghttp2_option *option,
                                                    uint32_t val) {
  opt_of(option)->set_mask |= h2pool::kOptPeerMaxConcurrentStreams;
  opt_of(option)->peer_max_concurrent_streams = val;
}

void nghttp2_option_set_no_recv_client_magic(nghttp2_option *option, int val) {
  opt_of(option)->set_mask |= h2pool::kOptNoRecvClientMagic;
  opt_of(option)->no_recv_client_magic = val;
}

void nghttp2_option_set_no_http_messaging(nghttp2_option *option, int val) {
  opt_of(option)->set_mask |= h2pool::kOptNoHttpMessaging;
  opt_of(option)->no_http_messaging = val;
}

void nghttp2_option_set_max_reserved_remote_streams(nghttp2_option *option,
                                                    uint32_t val) {
  opt_of(option)->set_mask |= h2pool::kOptMaxReservedRemoteStreams;
  opt_of(option)->max_reserved_remote_streams = val;
}

void nghttp2_option_set_user_recv_extension_type(nghttp2_option *option,
                                                 uint8_t type) {
  // The ten RFC 9113 frame types can never be handed to the application.
  if (type < 10) return;
  opt_of(option)->set_mask |= h2pool::kOptUserRecvExtTypes;
  opt_of(option)->user_recv_ext_types[type / 8] =
      static_cast<uint8_t>(opt_of(option)->user_recv_ext_types[type / 8] |
                           (1 << (type & 0x7)));
}

void nghttp2_option_set_builtin_recv_extension_type(nghttp2_option *option,
                                                    uint8_t type) {
  switch (type) {
    case NGHTTP2_ALTSVC:
      opt_of(option)->set_mask |= h2pool::kOptBuiltinRecvExtTypes;
      opt_of(option)->builtin_recv_ext_types |= h2pool::kExtAltsvc;
      return;
    case NGHTTP2_ORIGIN:
      opt_of(option)->set_mask |= h2pool::kOptBuiltinRecvExtTypes;
      opt_of(option)->builtin_recv_ext_types |= h2pool::kExtOrigin;
      return;
    case NGHTTP2_PRIORITY_UPDATE:
      opt_of(option)->set_mask |= h2pool::kOptBuiltinRecvExtTypes;
      opt_of(option)->builtin_recv_ext_types |= h2pool::kExtPriorityUpdate;
      return;
    default:
      return;
  }
}

void nghttp2_option_set_no_auto_ping_ack(nghttp2_option *option, int val) {
  opt_of(option)->set_mask |= h2pool::kOptNoAutoPingAck;
  opt_of(option)->no_auto_ping_ack = val;
}

void nghttp2_option_set_max_send_header_block_length(nghttp2_option *option,
                                                     size_t val) {
  opt_of(option)->set_mask |= h2pool::kOptMaxSendHeaderBlockLength;
  opt_of(option)->max_send_header_block_length = val;
}

void nghttp2_option_set_max_deflate_dynamic_table_size(nghttp2_option *option,
                                                       size_t val) {
  opt_of(option)->set_mask |= h2pool::kOptMaxDeflateDynamicTableSize;
  opt_of(option)->max_deflate_dynamic_table_size = val;
}

void nghttp2_option_set_no_closed_streams(nghttp2_option *option, int val) {
  // Accepted for compatibility; closed streams are never retained.
  opt_of(option)->set_mask |= h2pool::kOptNoClosedStreams;
  opt_of(option)->no_closed_streams = val;
}

void nghttp2_option_set_max_outbound_ack(nghttp2_option *option, size_t val) {
  opt_of(option)->set_mask |= h2pool::kOptMaxOutboundAck;
  opt_of(option)->max_outbound_ack = val;
}

void nghttp2_option_set_max_settings(nghttp2_option *option, size_t val) {
  opt_of(option)->set_mask |= h2pool::kOptMaxSettings;
  opt_of(option)->max_settings = val;
}

void nghttp2_option_set_server_fallback_rfc7540_priorities(
    nghttp2_option *option, int val) {
  // Accepted for compatibility; RFC 7540 priorities are gone.
  opt_of(option)->set_mask |= h2pool::kOptServerFallbackRfc7540Priorities;
  opt_of(option)->server_fallback_rfc7540_priorities = val;
}

void nghttp2_option_set_no_rfc9113_leading_and_trailing_ws_validation(
    nghttp2_option *option, int val) {
  opt_of(option)->set_mask |= h2pool::kOptNoRfc9113WsValidation;
  opt_of(option)->no_rfc9113_ws_validation = val;
}

void nghttp2_option_set_stream_reset_rate_limit(nghttp2_option *option,
                                                uint64_t burst,
                                                uint64_t rate) {
  opt_of(option)->set_mask |= h2pool::kOptStreamResetRateLimit;
  opt_of(option)->stream_reset_burst = burst;
  opt_of(option)->stream_reset_rate = rate;
}

void nghttp2_option_set_max_continuations(nghttp2_option *option, size_t val) {
  opt_of(option)->set_mask |= h2pool::kOptMaxContinuations;
  opt_of(option)->max_continuations = val;
}

void nghttp2_option_set_glitch_rate_limit(nghttp2_option *option,
                                          uint64_t burst, uint64_t rate) {
  opt_of(option)->set_mask |= h2pool::kOptGlitchRateLimit;
  opt_of(option)->glitch_burst = burst;
  opt_of(option)->glitch_rate = rate;
}

void nghttp2_option_set_max_outbound_queue_size(nghttp2_option *option,
                                                size_t val) {
  opt_of(option)->set_mask |= h2pool::kOptMaxOutboundQueueSize;
  opt_of(option)->max_outbound_queue_size = val;
}

}  // extern "C"

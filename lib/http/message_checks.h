// RFC 9113 section 8 message rules, as pure functions over one stream's
// header and DATA events. The session owns one MessageState per stream and
// feeds it every decoded field and every end-of-block / DATA event while
// HTTP messaging checks are enabled (i.e. unless
// nghttp2_option_set_no_http_messaging was set). Nothing here allocates,
// calls back or touches the session: the verdicts say what happened and the
// session chooses upstream's reaction, documented on each verdict.
#pragma once

#include <cstddef>
#include <cstdint>

#include <nghttp2/nghttp2.h>

#include "hpack/token.h"

namespace h2pool::http {

// Bits of MessageState::flags. The values are ours (not upstream's); only
// their meaning matches.
enum MessageFlag : uint32_t {
  kSeenAuthority = 1u << 0,
  kSeenPath = 1u << 1,
  kSeenMethod = 1u << 2,
  kSeenScheme = 1u << 3,
  kSeenHost = 1u << 4,
  kSeenStatus = 1u << 5,
  kSeenProtocol = 1u << 6,
  // A regular (or empty-named) field has been seen; pseudo-headers after
  // it make the field a stream error.
  kPseudoClosed = 1u << 7,
  kMethodConnect = 1u << 8,
  kMethodHead = 1u << 9,
  kMethodOptions = 1u << 10,
  // Set by the session for stream 1 after nghttp2_session_upgrade (the
  // request method is unknown, so response content-length is not trusted).
  kMethodUpgradeWorkaround = 1u << 11,
  kPathRegular = 1u << 12,   // :path starts with '/'
  kPathAsterisk = 1u << 13,  // :path is exactly "*"
  kSchemeHttp = 1u << 14,    // :scheme is http or https (any case)
  // A 1xx response was received; the next HEADERS is the final response,
  // not trailers, and DATA / END_STREAM before it is a messaging error.
  kExpectFinalResponse = 1u << 15,
  // A valid "priority" field was parsed into MessageState::extpri.
  kPriority = 1u << 16,
  // A "priority" field failed to parse; later ones are not parsed either.
  kBadPriority = 1u << 17,
};

inline constexpr uint32_t kMethodAll =
    kMethodConnect | kMethodHead | kMethodOptions | kMethodUpgradeWorkaround;
inline constexpr uint32_t kRequiredRequestPseudo =
    kSeenMethod | kSeenPath | kSeenScheme;

// RFC 9218 priority packed into one byte: urgency in the low 7 bits,
// incremental flag in bit 7 (so a stream slot stays small).
inline constexpr uint8_t kExtpriIncrementalBit = 0x80;
inline constexpr uint8_t pack_extpri(const nghttp2_extpri &p) {
  return static_cast<uint8_t>((p.inc ? kExtpriIncrementalBit : 0) |
                              (p.urgency & 0x7f));
}
inline constexpr nghttp2_extpri unpack_extpri(uint8_t v) {
  return nghttp2_extpri{static_cast<uint32_t>(v & 0x7f),
                        (v & kExtpriIncrementalBit) ? 1 : 0};
}

// Per-stream message state. A fresh stream starts from the default
// initialisers; reset() restores them.
struct MessageState {
  uint32_t flags = 0;
  // Declared body length, or -1 when unknown / not to be enforced.
  int64_t content_length = -1;
  // Sum of DATA payload bytes (padding excluded) received so far.
  int64_t recv_content_length = 0;
  // Parsed :status, or -1 before one is seen (and after a 1xx).
  int32_t status_code = -1;
  // Priority from the request's "priority" field; meaningful only when
  // (flags & kPriority). Starts at urgency 3, not incremental.
  uint8_t extpri = NGHTTP2_EXTPRI_DEFAULT_URGENCY;

  void reset() { *this = MessageState{}; }
  bool has_priority() const { return (flags & kPriority) != 0; }
  bool expects_final_response() const {
    return (flags & kExpectFinalResponse) != 0;
  }
};

// What the session knows about the field being checked.
struct HeaderContext {
  // Stream the header block describes: the promised stream for
  // PUSH_PROMISE, otherwise the frame's stream.
  int32_t stream_id = 0;
  // Request rules apply when we are the server, or when the block is a
  // PUSH_PROMISE (the promised request); response rules otherwise.
  bool request = false;
  // The block is trailers (session decides: HEADERS of category
  // NGHTTP2_HCAT_HEADERS, and on a client only when no final response is
  // still awaited, i.e. !expects_final_response()).
  bool trailer = false;
  // Server that has sent/queued SETTINGS_ENABLE_CONNECT_PROTOCOL = 1
  // (upstream checks the pending local value, i.e. as soon as it was
  // submitted); false on clients.
  bool connect_protocol = false;
  // nghttp2_option_set_no_rfc9113_leading_and_trailing_ws_validation:
  // regular values may then start or end with SP/HTAB.
  bool lenient_whitespace = false;
};

// One decoded field. token is lookup_token(name) (kNone when unknown); the
// checks trust it and only look at name bytes for the generic rules.
struct HeaderView {
  const uint8_t *name = nullptr;
  size_t namelen = 0;
  const uint8_t *value = nullptr;
  size_t valuelen = 0;
  hpack::Token token = hpack::kNone;
};

enum class HeaderVerdict : uint8_t {
  // Deliver the field: call on_header_callback(2).
  kOk,
  // Upstream NGHTTP2_ERR_HTTP_HEADER. Reaction (newest upstream, >= 1.69):
  // do NOT call on_header; call error_callback(2) with
  // NGHTTP2_ERR_HTTP_HEADER; queue RST_STREAM(PROTOCOL_ERROR) for
  // HeaderContext::stream_id and call on_invalid_frame_recv with
  // NGHTTP2_ERR_HTTP_HEADER; charge one glitch token (glitch limiter
  // empty -> GOAWAY/flood handling); then, unless that made the session
  // ignore all input, stop delivering the rest of this block (upstream
  // returns TEMPORAL_CALLBACK_FAILURE internally). Before 1.69 this was a
  // connection error; it is a stream error now.
  kStreamError,
  // Upstream NGHTTP2_ERR_IGN_HTTP_HEADER: the field is invalid but the
  // stream survives. Do NOT call on_header. Call on_invalid_header_callback2
  // (or on_invalid_header_callback); with neither set, or when it returns
  // 0, the field is dropped and error_callback(2) gets
  // NGHTTP2_ERR_HTTP_HEADER ("Ignoring ..."). If it returns
  // TEMPORAL_CALLBACK_FAILURE: error_callback(2), RST_STREAM(PROTOCOL_ERROR)
  // + on_invalid_frame_recv(NGHTTP2_ERR_HTTP_HEADER) as for kStreamError
  // but without a glitch charge; other nonzero returns are
  // NGHTTP2_ERR_CALLBACK_FAILURE (PAUSE is passed through).
  kIgnore,
  // Upstream NGHTTP2_ERR_REMOVE_HTTP_HEADER: a tolerated but meaningless
  // field (content-length: 0 in a 204, content-length in a 2xx reply to
  // CONNECT). Dropped silently: no callback at all.
  kDrop,
};

// Checks one decoded field of a HEADERS/PUSH_PROMISE block and updates
// the state. Call it for every emitted field, in order.
HeaderVerdict on_header(MessageState &st, const HeaderView &hv,
                        const HeaderContext &ctx);

// End-of-block checks. Each returns true when the message is acceptable;
// false maps to upstream NGHTTP2_ERR_HTTP_MESSAGING: RST_STREAM
// (PROTOCOL_ERROR) for the stream (the promised one for PUSH_PROMISE),
// on_invalid_frame_recv(NGHTTP2_ERR_HTTP_MESSAGING), one glitch charge, no
// on_frame_recv; if the block carried END_STREAM the stream is half-closed
// (remote) without being closed here.
//
// Request block (server: HEADERS of category REQUEST; client: PUSH_PROMISE,
// with push_promise = true, which then clears everything except the method
// bits so the same state serves the promised response).
bool on_request_headers(MessageState &st, bool push_promise);
// Response block (RESPONSE, PUSH_RESPONSE, or HEADERS while
// expects_final_response()). A 1xx resets the state for the final one.
bool on_response_headers(MessageState &st);
// Trailer block: must carry END_STREAM.
bool on_trailer_headers(bool end_stream);
// After the end-of-block check passed, when the block had END_STREAM; also
// for a DATA frame with END_STREAM (same reaction, but on the DATA frame).
bool on_remote_end_stream(const MessageState &st);
// Each DATA payload chunk (n > 0, padding excluded). false maps to upstream
// NGHTTP2_ERR_PROTO: RST_STREAM(PROTOCOL_ERROR) +
// on_invalid_frame_recv(NGHTTP2_ERR_PROTO), one glitch charge, the rest of
// the frame is discarded without on_data_chunk_recv (connection-level
// consumption still applies).
bool on_data_chunk(MessageState &st, size_t n);

// Remembers the method of a request we send (client HEADERS, or a server's
// PUSH_PROMISE), so that the response is judged correctly (HEAD: no body;
// CONNECT: no content-length). Only the first ":method" field counts.
void record_request_method(MessageState &st, const nghttp2_nv *nva,
                           size_t nvlen);

// RFC 9218 "priority" field value (a structured-field dictionary): u is an
// integer 0..7, i a boolean; other keys are ignored; later members win.
// On success writes *dest (fields not present keep their value) and returns
// 0; on any syntax error or bad u/i value returns
// NGHTTP2_ERR_INVALID_ARGUMENT and leaves *dest untouched.
int parse_priority(nghttp2_extpri *dest, const uint8_t *value, size_t len);

}  // namespace h2pool::http

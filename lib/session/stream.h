// Per-stream state. The engine's stream is the object behind the public
// opaque nghttp2_stream handle: a pointer handed to the application stays
// valid until the stream is closed (exactly upstream's promise), because
// stream objects live in a per-session slab and are only recycled on close.
#pragma once

#include <cstddef>
#include <cstdint>

#include <nghttp2/nghttp2.h>

#include "http/message_checks.h"

namespace h2pool {

struct OutboundItem;

// Internal lifecycle states (upstream's model; the public
// nghttp2_stream_proto_state is derived from these plus shut flags).
enum class StreamState : uint8_t {
  kInitial,   // request HEADERS queued/being sent
  kOpening,   // request sent or received, no response yet
  kOpened,    // response exchanged
  kClosing,   // RST_STREAM queued or received
  kReserved,  // promised by PUSH_PROMISE
  kIdle,      // created only to carry a priority signal
};

enum StreamFlag : uint8_t {
  kStreamPush = 0x01,
  kStreamClosed = 0x02,
  kStreamDeferredFlowControl = 0x04,
  kStreamDeferredUser = 0x08,
  kStreamDeferredAll = kStreamDeferredFlowControl | kStreamDeferredUser,
  kStreamIgnoreClientPriorities = 0x20,
  kStreamNoRfc9113WsValidation = 0x40,
};

enum ShutFlag : uint8_t {
  kShutNone = 0,
  kShutRd = 0x01,
  kShutWr = 0x02,
  kShutRdWr = kShutRd | kShutWr,
};

// Laid out without padding holes: a server or client with many open
// streams pays sizeof(Stream) for each, so fields are sized to their real
// ranges (frame lengths fit 24 bits, sequence numbers are bounded by the
// stream-id space) and state needed only while DATA is queued lives in the
// DATA item.
struct Stream {
  int32_t stream_id = 0;
  StreamState state = StreamState::kInitial;
  uint8_t flags = 0;
  uint8_t shut_flags = kShutNone;
  // RFC 9218 priority as packed by http::pack_extpri.
  uint8_t extpri = NGHTTP2_EXTPRI_DEFAULT_URGENCY;

  int32_t remote_window_size = 0;
  int32_t local_window_size = 0;
  int32_t recv_window_size = 0;
  int32_t consumed_size = 0;
  int32_t recv_reduction = 0;

  // Length of the last DATA frame sent (frames are shorter than 2^24
  // bytes), sharing a word with two flags: in the DATA scheduler heap, and
  // a stream WINDOW_UPDATE waiting to go out.
  uint32_t last_writelen : 24 = 0;
  uint32_t queued : 1 = 0;
  uint32_t window_update_queued : 1 = 0;

  // Creation order: the scheduler's tie-break. The scheduler's other state
  // (virtual finish time, heap slot) lives in the attached DATA item, since
  // a stream is only in the heap while it has one.
  uint32_t seq = 0;

  // Scratch link (a stream id, 0 ends the list) used while collecting
  // streams to close on GOAWAY.
  int32_t closed_next = 0;

  // DATA item attached to this stream (at most one).
  OutboundItem *item = nullptr;
  void *stream_user_data = nullptr;

  http::MessageState http;

  bool deferred() const { return item && (flags & kStreamDeferredAll); }
};

nghttp2_stream_proto_state public_state(const Stream *s, bool is_root);

}  // namespace h2pool

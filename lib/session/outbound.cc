// The send path: choose the next item, check it may still be sent,
// serialise it into the session's reusable send buffer, hand bytes to the
// application (mem_send) or to send_callback (send), and apply the effects
// of a completed frame.
#include <cstring>

#include "http/settings_check.h"
#include "session/session.h"
#include "wire/frame_codec.h"

namespace h2pool {

namespace {
constexpr size_t kHd = wire::kFrameHeaderLen;
}

// ---- predicates: may this frame still go out?

int Session::predicate_for_stream_send(Stream *s) {
  if (!s) return NGHTTP2_ERR_STREAM_CLOSED;
  if (session_is_closing()) return NGHTTP2_ERR_SESSION_CLOSING;
  if (s->shut_flags & kShutWr) return NGHTTP2_ERR_STREAM_SHUT_WR;
  return 0;
}

int Session::predicate_data_send(Stream *s) {
  const int rv = predicate_for_stream_send(s);
  if (rv != 0) return rv;
  if (is_my_stream_id(s->stream_id)) {
    if (s->state == StreamState::kClosing) return NGHTTP2_ERR_STREAM_CLOSING;
    if (s->state == StreamState::kReserved)
      return NGHTTP2_ERR_INVALID_STREAM_STATE;
    return 0;
  }
  if (s->state == StreamState::kOpened) return 0;
  if (s->state == StreamState::kClosing) return NGHTTP2_ERR_STREAM_CLOSING;
  return NGHTTP2_ERR_INVALID_STREAM_STATE;
}

int Session::predicate_request_headers_send(OutboundItem *item) {
  if (item->canceled) return NGHTTP2_ERR_STREAM_CLOSING;
  if ((goaway_flags_ & kGoawayRecv) || session_is_closing())
    return NGHTTP2_ERR_START_STREAM_NOT_ALLOWED;
  return 0;
}

int Session::predicate_response_headers_send(Stream *s) {
  const int rv = predicate_for_stream_send(s);
  if (rv != 0) return rv;
  if (!server_) return NGHTTP2_ERR_PROTO;
  if (is_my_stream_id(s->stream_id)) return NGHTTP2_ERR_INVALID_STREAM_ID;
  switch (s->state) {
    case StreamState::kOpening: return 0;
    case StreamState::kClosing: return NGHTTP2_ERR_STREAM_CLOSING;
    default: return NGHTTP2_ERR_INVALID_STREAM_STATE;
  }
}

int Session::predicate_push_response_headers_send(Stream *s) {
  const int rv = predicate_for_stream_send(s);
  if (rv != 0) return rv;
  if (!server_) return NGHTTP2_ERR_PROTO;
  if (s->state != StreamState::kReserved) return NGHTTP2_ERR_PROTO;
  if (goaway_flags_ & kGoawayRecv) return NGHTTP2_ERR_START_STREAM_NOT_ALLOWED;
  return 0;
}

int Session::predicate_headers_send(Stream *s) {
  const int rv = predicate_for_stream_send(s);
  if (rv != 0) return rv;
  switch (s->state) {
    case StreamState::kOpened: return 0;
    case StreamState::kClosing: return NGHTTP2_ERR_STREAM_CLOSING;
    default:
      if (is_my_stream_id(s->stream_id)) return 0;
      return NGHTTP2_ERR_INVALID_STREAM_STATE;
  }
}

int Session::predicate_push_promise_send(Stream *s) {
  if (!server_) return NGHTTP2_ERR_PROTO;
  const int rv = predicate_for_stream_send(s);
  if (rv != 0) return rv;
  if (remote_settings_.enable_push == 0) return NGHTTP2_ERR_PUSH_DISABLED;
  if (s->state == StreamState::kClosing) return NGHTTP2_ERR_STREAM_CLOSING;
  if (goaway_flags_ & kGoawayRecv) return NGHTTP2_ERR_START_STREAM_NOT_ALLOWED;
  return 0;
}

int Session::predicate_window_update_send(int32_t stream_id) {
  if (session_is_closing()) return NGHTTP2_ERR_SESSION_CLOSING;
  if (stream_id == 0) return 0;
  Stream *s = get_stream(stream_id);
  if (!s) return NGHTTP2_ERR_STREAM_CLOSED;
  if (s->state == StreamState::kClosing) return NGHTTP2_ERR_STREAM_CLOSING;
  if (s->state == StreamState::kReserved && is_my_stream_id(stream_id))
    return NGHTTP2_ERR_INVALID_STREAM_STATE;
  return 0;
}

int Session::predicate_altsvc_send(int32_t stream_id) {
  if (session_is_closing()) return NGHTTP2_ERR_SESSION_CLOSING;
  if (stream_id == 0) return 0;
  Stream *s = get_stream(stream_id);
  if (!s) return NGHTTP2_ERR_STREAM_CLOSED;
  if (s->state == StreamState::kClosing) return NGHTTP2_ERR_STREAM_CLOSING;
  return 0;
}

int Session::predicate_priority_update_send(int32_t stream_id) {
  if (session_is_closing()) return NGHTTP2_ERR_SESSION_CLOSING;
  Stream *s = get_stream(stream_id);
  if (!s) return 0;
  if (s->state == StreamState::kClosing) return NGHTTP2_ERR_STREAM_CLOSING;
  if (s->shut_flags & kShutRd) return NGHTTP2_ERR_INVALID_STREAM_STATE;
  return 0;
}

// ---- item selection

OutboundItem *Session::next_ob_item() {
  if (ob_urgent_.top()) return ob_urgent_.top();
  if (ob_reg_.top()) return ob_reg_.top();
  if (!outgoing_streams_max() && ob_syn_.top()) return ob_syn_.top();
  if (remote_window_size_ > 0) return sched_top();
  return nullptr;
}

OutboundItem *Session::pop_next_ob_item() {
  for (OutboundQueue *q : {&ob_urgent_, &ob_reg_}) {
    if (OutboundItem *item = q->top()) {
      q->pop();
      item->queued = false;
      return item;
    }
  }
  if (!outgoing_streams_max()) {
    if (OutboundItem *item = ob_syn_.top()) {
      ob_syn_.pop();
      item->queued = false;
      return item;
    }
  }
  // A DATA item stays attached to its stream (and in the scheduler) until
  // its last frame is out.
  if (remote_window_size_ > 0) return sched_top();
  return nullptr;
}

// ---- serialisation

void Session::reset_active_item() {
  free_item(aob_item_);
  aob_item_ = nullptr;
  nchunks_ = 0;
  cur_chunk_ = 0;
  send_pos_ = send_begin_ = 0;
  aob_state_ = OutState::kPopItem;
}

int32_t Session::enforce_flow_control_limits(Stream *s,
                                             nghttp2_ssize requested) {
  int32_t v = static_cast<int32_t>(requested);
  if (s->remote_window_size < v) v = s->remote_window_size;
  if (remote_window_size_ < v) v = remote_window_size_;
  if (static_cast<int32_t>(remote_settings_.max_frame_size) < v)
    v = static_cast<int32_t>(remote_settings_.max_frame_size);
  return v;
}

nghttp2_ssize Session::call_select_padding(const nghttp2_frame *frame,
                                           size_t max_payloadlen) {
  if (frame->hd.length >= max_payloadlen ||
      (!cb_.select_padding_callback2 && !cb_.select_padding_callback))
    return static_cast<nghttp2_ssize>(frame->hd.length);
  size_t max_paddedlen = frame->hd.length + wire::kMaxPadLen;
  if (max_paddedlen > max_payloadlen) max_paddedlen = max_payloadlen;
  nghttp2_ssize rv;
  if (cb_.select_padding_callback2)
    rv = cb_.select_padding_callback2(handle(), frame, max_paddedlen,
                                      user_data_);
  else
    rv = cb_.select_padding_callback(handle(), frame, max_paddedlen,
                                     user_data_);
  if (rv < static_cast<nghttp2_ssize>(frame->hd.length) ||
      rv > static_cast<nghttp2_ssize>(max_paddedlen))
    return NGHTTP2_ERR_CALLBACK_FAILURE;
  return rv;
}

// Writes a HEADERS / PUSH_PROMISE (plus CONTINUATIONs) into the send
// buffer. The block is first encoded into |hdblock_| after |prefix_len|
// bytes the caller fills (the promised stream id), then split into frames
// of at most kMaxPayloadLen payload bytes, the first of which may be
// padded.
int Session::pack_header_block(OutboundItem *item, const nghttp2_nv *nva,
                               size_t nvlen, size_t prefix_len) {
  nghttp2_frame &f = item->frame;
  const size_t bound = hpack::Deflater::bound(nva, nvlen);
  if (prefix_len + bound <= wire::kMaxPayloadLen)
    return pack_header_block_single(item, nva, nvlen, prefix_len, bound);
  if (!hdblock_.reserve(mem_, prefix_len + bound)) return NGHTTP2_ERR_NOMEM;
  const nghttp2_ssize enc =
      deflater_.deflate(hdblock_.data + prefix_len, bound, nva, nvlen);
  if (enc < 0) {
    if (enc == NGHTTP2_ERR_NOMEM) return NGHTTP2_ERR_NOMEM;
    return NGHTTP2_ERR_HEADER_COMP;
  }
  if (f.hd.type == NGHTTP2_PUSH_PROMISE)
    wire::put_u32(hdblock_.data,
                  static_cast<uint32_t>(f.push_promise.promised_stream_id));
  const size_t total = prefix_len + static_cast<size_t>(enc);
  f.hd.length = total;
  if (f.hd.type == NGHTTP2_HEADERS) f.headers.padlen = 0;
  else f.push_promise.padlen = 0;

  const size_t nframes =
      total == 0 ? 1 : (total + wire::kMaxPayloadLen - 1) / wire::kMaxPayloadLen;

  // Padding is only possible when the block fits one frame.
  size_t padlen = 0;
  {
    size_t max_payloadlen = f.hd.length + wire::kMaxPadLen;
    if (max_payloadlen > wire::kMaxPayloadLen)
      max_payloadlen = wire::kMaxPayloadLen;
    const nghttp2_ssize padded = call_select_padding(&f, max_payloadlen);
    if (is_fatal(static_cast<int>(padded))) return static_cast<int>(padded);
    padlen = static_cast<size_t>(padded) - f.hd.length;
  }

  if (!sendbuf_.reserve(mem_, nframes * kHd + total + padlen) ||
      !chunk_buf_.reserve(mem_, nframes * sizeof(size_t)))
    return NGHTTP2_ERR_NOMEM;

  uint8_t *out = sendbuf_.data;
  size_t off = 0;
  size_t consumed = 0;
  for (size_t i = 0; i < nframes; ++i) {
    size_t len = total - consumed;
    if (len > wire::kMaxPayloadLen) len = wire::kMaxPayloadLen;
    nghttp2_frame_hd hd = f.hd;
    if (i == 0) {
      hd.length = len + padlen;
      if (nframes > 1) hd.flags = static_cast<uint8_t>(hd.flags & ~NGHTTP2_FLAG_END_HEADERS);
      if (padlen) hd.flags |= NGHTTP2_FLAG_PADDED;
    } else {
      hd.type = NGHTTP2_CONTINUATION;
      hd.length = len;
      hd.flags = (i + 1 == nframes) ? NGHTTP2_FLAG_END_HEADERS : 0;
    }
    wire::pack_frame_hd(out + off, hd);
    off += kHd;
    if (i == 0 && padlen) out[off++] = static_cast<uint8_t>(padlen - 1);
    std::memcpy(out + off, hdblock_.data + consumed, len);
    off += len;
    consumed += len;
    if (i == 0 && padlen > 1) {
      std::memset(out + off, 0, padlen - 1);
      off += padlen - 1;
    }
    chunk_end()[i] = off;
  }
  if (padlen) {
    f.hd.length += padlen;
    f.hd.flags |= NGHTTP2_FLAG_PADDED;
  }
  if (f.hd.type == NGHTTP2_HEADERS) f.headers.padlen = padlen;
  else f.push_promise.padlen = padlen;
  nchunks_ = nframes;
  cur_chunk_ = 0;
  send_begin_ = send_pos_ = 0;
  return 0;
}

// The usual case: the block is known to fit one frame, so it is encoded
// straight into the send buffer and never copied. Like a DATA frame, the
// payload starts one byte after the frame header, in case padding needs
// the pad length byte there; unpadded frames start one byte in.
int Session::pack_header_block_single(OutboundItem *item,
                                      const nghttp2_nv *nva, size_t nvlen,
                                      size_t prefix_len, size_t bound) {
  nghttp2_frame &f = item->frame;
  if (!sendbuf_.reserve(mem_, kHd + 1 + prefix_len + bound + wire::kMaxPadLen) ||
      !chunk_buf_.reserve(mem_, sizeof(size_t)))
    return NGHTTP2_ERR_NOMEM;
  uint8_t *payload = sendbuf_.data + kHd + 1;
  const nghttp2_ssize enc =
      deflater_.deflate(payload + prefix_len, bound, nva, nvlen);
  if (enc < 0) {
    if (enc == NGHTTP2_ERR_NOMEM) return NGHTTP2_ERR_NOMEM;
    return NGHTTP2_ERR_HEADER_COMP;
  }
  if (f.hd.type == NGHTTP2_PUSH_PROMISE)
    wire::put_u32(payload,
                  static_cast<uint32_t>(f.push_promise.promised_stream_id));
  const size_t total = prefix_len + static_cast<size_t>(enc);
  f.hd.length = total;
  if (f.hd.type == NGHTTP2_HEADERS) f.headers.padlen = 0;
  else f.push_promise.padlen = 0;

  size_t max_payloadlen = total + wire::kMaxPadLen;
  if (max_payloadlen > wire::kMaxPayloadLen)
    max_payloadlen = wire::kMaxPayloadLen;
  const nghttp2_ssize padded = call_select_padding(&f, max_payloadlen);
  if (is_fatal(static_cast<int>(padded))) return static_cast<int>(padded);
  const size_t padlen = static_cast<size_t>(padded) - total;

  size_t end = kHd + 1 + total;
  if (padlen) {
    f.hd.length += padlen;
    f.hd.flags |= NGHTTP2_FLAG_PADDED;
    sendbuf_.data[kHd] = static_cast<uint8_t>(padlen - 1);
    std::memset(sendbuf_.data + end, 0, padlen - 1);
    end += padlen - 1;
    send_begin_ = 0;
  } else {
    send_begin_ = 1;
  }
  wire::pack_frame_hd(sendbuf_.data + send_begin_, f.hd);
  if (f.hd.type == NGHTTP2_HEADERS) f.headers.padlen = padlen;
  else f.push_promise.padlen = padlen;
  chunk_end()[0] = end;
  nchunks_ = 1;
  cur_chunk_ = 0;
  send_pos_ = send_begin_;
  return 0;
}

int Session::pack_data(OutboundItem *item, Stream *s, size_t datamax) {
  nghttp2_frame &f = item->frame;
  if (cb_.read_length_callback2 || cb_.read_length_callback) {
    nghttp2_ssize want;
    if (cb_.read_length_callback2)
      want = cb_.read_length_callback2(
          handle(), f.hd.type, s->stream_id, remote_window_size_,
          s->remote_window_size, remote_settings_.max_frame_size, user_data_);
    else
      want = cb_.read_length_callback(
          handle(), f.hd.type, s->stream_id, remote_window_size_,
          s->remote_window_size, remote_settings_.max_frame_size, user_data_);
    const int32_t limited = enforce_flow_control_limits(s, want);
    if (limited <= 0) return NGHTTP2_ERR_CALLBACK_FAILURE;
    if (sendbuf_.reserve(mem_, kHd + 1 + static_cast<size_t>(limited) +
                                   wire::kMaxPadLen))
      datamax = static_cast<size_t>(limited);
  }
  if (!sendbuf_.reserve(mem_, kHd + 1 + datamax + wire::kMaxPadLen))
    return NGHTTP2_ERR_NOMEM;

  uint8_t *payload = sendbuf_.data + kHd + 1;
  uint32_t data_flags = NGHTTP2_DATA_FLAG_NONE;
  nghttp2_ssize n;
  if (item->data.read_v2)
    n = item->data.read_v2(handle(), f.hd.stream_id, payload, datamax,
                           &data_flags, &item->data.source, user_data_);
  else
    n = item->data.read_v1(handle(), f.hd.stream_id, payload, datamax,
                           &data_flags, &item->data.source, user_data_);
  if (n == NGHTTP2_ERR_DEFERRED || n == NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE ||
      n == NGHTTP2_ERR_PAUSE)
    return static_cast<int>(n);
  if (n < 0 || datamax < static_cast<size_t>(n))
    return NGHTTP2_ERR_CALLBACK_FAILURE;

  f.hd.flags = NGHTTP2_FLAG_NONE;
  if (data_flags & NGHTTP2_DATA_FLAG_EOF) {
    item->eof = true;
    if ((item->data_flags & NGHTTP2_FLAG_END_STREAM) &&
        (data_flags & NGHTTP2_DATA_FLAG_NO_END_STREAM) == 0)
      f.hd.flags |= NGHTTP2_FLAG_END_STREAM;
  }
  if (data_flags & NGHTTP2_DATA_FLAG_NO_COPY) {
    if (!cb_.send_data_callback) return NGHTTP2_ERR_CALLBACK_FAILURE;
    item->no_copy = true;
  }
  f.hd.length = static_cast<size_t>(n);
  f.data.padlen = 0;

  size_t max_payloadlen = f.hd.length + wire::kMaxPadLen;
  if (max_payloadlen > datamax) max_payloadlen = datamax;
  const nghttp2_ssize padded = call_select_padding(&f, max_payloadlen);
  if (is_fatal(static_cast<int>(padded))) return static_cast<int>(padded);
  const size_t padlen = static_cast<size_t>(padded) - f.hd.length;
  f.data.padlen = padlen;

  // Unpadded frames start one byte in (the pad length slot stays unused);
  // padded ones start at 0 with the pad length byte right after the
  // header. With NO_COPY the application writes everything after the
  // header itself.
  size_t end = kHd + 1 + f.hd.length;
  if (padlen) {
    f.hd.length += padlen;
    f.hd.flags |= NGHTTP2_FLAG_PADDED;
    send_begin_ = 0;
    if (!item->no_copy) {
      sendbuf_.data[kHd] = static_cast<uint8_t>(padlen - 1);
      std::memset(sendbuf_.data + end, 0, padlen - 1);
      end += padlen - 1;
    }
  } else {
    send_begin_ = 1;
  }
  wire::pack_frame_hd(sendbuf_.data + send_begin_, f.hd);
  if (!chunk_buf_.reserve(mem_, sizeof(size_t))) return NGHTTP2_ERR_NOMEM;
  chunk_end()[0] = end;
  nchunks_ = 1;
  cur_chunk_ = 0;
  send_pos_ = send_begin_;

  reschedule_stream(s);

  if (f.hd.length == 0 && (data_flags & NGHTTP2_DATA_FLAG_EOF) &&
      (data_flags & NGHTTP2_DATA_FLAG_NO_END_STREAM))
    return NGHTTP2_ERR_CANCEL;
  return 0;
}

int Session::pack_extension(OutboundItem *item) {
  nghttp2_frame &f = item->frame;
  if (!sendbuf_.reserve(mem_, kHd + wire::kMaxPayloadLen))
    return NGHTTP2_ERR_NOMEM;
  const size_t buflen = wire::kMaxPayloadLen;
  nghttp2_ssize rv;
  if (cb_.pack_extension_callback2)
    rv = cb_.pack_extension_callback2(handle(), sendbuf_.data + kHd, buflen,
                                      &f, user_data_);
  else
    rv = cb_.pack_extension_callback(handle(), sendbuf_.data + kHd, buflen,
                                     &f, user_data_);
  if (rv == NGHTTP2_ERR_CANCEL) return static_cast<int>(rv);
  if (rv < 0 || static_cast<size_t>(rv) > buflen)
    return NGHTTP2_ERR_CALLBACK_FAILURE;
  f.hd.length = static_cast<size_t>(rv);
  wire::pack_frame_hd(sendbuf_.data, f.hd);
  chunk_end()[0] = kHd + f.hd.length;
  return 0;
}

int Session::prep_data(OutboundItem *item) {
  nghttp2_frame &f = item->frame;
  Stream *s = get_stream(f.hd.stream_id);
  int rv = predicate_data_send(s);
  if (rv != 0) {
    // A closed stream may still hold the item.
    if (Stream *raw = get_stream_raw(f.hd.stream_id)) detach_stream_item(raw);
    return rv;
  }
  const int32_t readmax = enforce_flow_control_limits(s, 16384);
  if (readmax <= 0) {
    defer_stream_item(s, kStreamDeferredFlowControl);
    aob_item_ = nullptr;
    reset_active_item();
    return NGHTTP2_ERR_DEFERRED;
  }
  rv = pack_data(item, s, static_cast<size_t>(readmax));
  if (rv == NGHTTP2_ERR_PAUSE) return rv;
  if (rv == NGHTTP2_ERR_DEFERRED) {
    defer_stream_item(s, kStreamDeferredUser);
    aob_item_ = nullptr;
    reset_active_item();
    return NGHTTP2_ERR_DEFERRED;
  }
  if (rv == NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE) {
    detach_stream_item(s);
    rv = add_rst_stream(f.hd.stream_id, NGHTTP2_INTERNAL_ERROR);
    if (is_fatal(rv)) return rv;
    return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
  }
  if (rv != 0) {
    detach_stream_item(s);
    return rv;
  }
  return 0;
}

int Session::prep_headers(OutboundItem *item) {
  nghttp2_frame &f = item->frame;
  int rv;
  if (f.headers.cat == NGHTTP2_HCAT_REQUEST) {
    Stream *s = open_stream(f.hd.stream_id, 0, StreamState::kInitial,
                            item->stream_user_data);
    if (!s) return NGHTTP2_ERR_NOMEM;
    rv = predicate_request_headers_send(item);
    if (rv != 0) return rv;
    if (enforce_http_messaging())
      http::record_request_method(s->http, f.headers.nva, f.headers.nvlen);
  } else {
    Stream *s = get_stream(f.hd.stream_id);
    if (s && s->state == StreamState::kReserved) {
      rv = predicate_push_response_headers_send(s);
      if (rv == 0) {
        f.headers.cat = NGHTTP2_HCAT_PUSH_RESPONSE;
        if (item->stream_user_data) s->stream_user_data = item->stream_user_data;
      }
    } else if (predicate_response_headers_send(s) == 0) {
      f.headers.cat = NGHTTP2_HCAT_RESPONSE;
      rv = 0;
    } else {
      f.headers.cat = NGHTTP2_HCAT_HEADERS;
      rv = predicate_headers_send(s);
    }
    if (rv != 0) return rv;
  }
  const size_t estimated =
      hpack::Deflater::bound(f.headers.nva, f.headers.nvlen) +
      wire::kPrioritySpecLen;
  if (estimated > max_send_header_block_length_)
    return NGHTTP2_ERR_FRAME_SIZE_ERROR;
  rv = pack_header_block(item, f.headers.nva, f.headers.nvlen, 0);
  if (rv != 0) return rv;
  if (f.headers.cat == NGHTTP2_HCAT_REQUEST)
    last_sent_stream_id_ = f.hd.stream_id;
  return 0;
}

int Session::prep_push_promise(OutboundItem *item) {
  nghttp2_frame &f = item->frame;
  Stream *s = get_stream(f.hd.stream_id);
  int rv = predicate_push_promise_send(s);
  if (rv != 0) return rv;
  const size_t estimated =
      hpack::Deflater::bound(f.push_promise.nva, f.push_promise.nvlen);
  if (estimated > max_send_header_block_length_)
    return NGHTTP2_ERR_FRAME_SIZE_ERROR;
  if (enforce_http_messaging()) {
    if (Stream *ps = get_stream(f.push_promise.promised_stream_id))
      http::record_request_method(ps->http, f.push_promise.nva,
                                  f.push_promise.nvlen);
  }
  rv = pack_header_block(item, f.push_promise.nva, f.push_promise.nvlen, 4);
  if (rv != 0) return rv;
  last_sent_stream_id_ = f.push_promise.promised_stream_id;
  return 0;
}

// Serialises one control frame at the start of the send buffer.
static size_t single_chunk(size_t *ends, size_t len) {
  ends[0] = len;
  return 1;
}

int Session::prep_frame(OutboundItem *item) {
  nghttp2_frame &f = item->frame;
  switch (f.hd.type) {
    case NGHTTP2_DATA:
      return prep_data(item);
    case NGHTTP2_HEADERS:
      return prep_headers(item);
    case NGHTTP2_PUSH_PROMISE:
      return prep_push_promise(item);
    default:
      break;
  }

  // Control payloads are at most 8 fixed bytes plus what the item copied
  // into its storage (GOAWAY debug data, ALTSVC/ORIGIN/PRIORITY_UPDATE
  // strings, each with at most 2 length bytes per string).
  if (!chunk_buf_.reserve(mem_, 4 * sizeof(size_t)) ||
      !sendbuf_.reserve(mem_, kHd + 16 + item->storage.cap))
    return NGHTTP2_ERR_NOMEM;
  send_begin_ = send_pos_ = 0;
  cur_chunk_ = 0;
  uint8_t *out = sendbuf_.data;
  int rv;
  switch (f.hd.type) {
    case NGHTTP2_PRIORITY:
      // Never queued by newest upstream's API; kept for completeness of
      // the frame switch.
      if (session_is_closing()) return NGHTTP2_ERR_SESSION_CLOSING;
      return NGHTTP2_ERR_INVALID_ARGUMENT;
    case NGHTTP2_RST_STREAM:
      if (session_is_closing()) return NGHTTP2_ERR_SESSION_CLOSING;
      if (!item->rst_continue_without_stream && !get_stream(f.hd.stream_id))
        return NGHTTP2_ERR_STREAM_CLOSED;
      nchunks_ = single_chunk(chunk_end(), wire::pack_rst_stream(out, f.rst_stream));
      return 0;
    case NGHTTP2_SETTINGS: {
      if (f.hd.flags & NGHTTP2_FLAG_ACK) {
        --obq_flood_counter_;
        if (session_is_closing()) return NGHTTP2_ERR_SESSION_CLOSING;
      }
      const size_t len = f.settings.niv * wire::kSettingsEntryLen;
      if (!sendbuf_.reserve(mem_, kHd + len)) return NGHTTP2_ERR_NOMEM;
      out = sendbuf_.data;
      f.hd.length = len;
      wire::pack_frame_hd(out, f.hd);
      http::write_settings(out + kHd, f.settings.iv, f.settings.niv);
      nchunks_ = single_chunk(chunk_end(), kHd + len);
      return 0;
    }
    case NGHTTP2_PING:
      if (f.hd.flags & NGHTTP2_FLAG_ACK) --obq_flood_counter_;
      if (goaway_flags_ & kGoawayTermOnSend) return NGHTTP2_ERR_SESSION_CLOSING;
      nchunks_ = single_chunk(chunk_end(), wire::pack_ping(out, f.ping));
      return 0;
    case NGHTTP2_GOAWAY:
      nchunks_ = single_chunk(chunk_end(), wire::pack_goaway(out, f.goaway));
      local_last_stream_id_ = f.goaway.last_stream_id;
      return 0;
    case NGHTTP2_WINDOW_UPDATE:
      rv = predicate_window_update_send(f.hd.stream_id);
      if (rv != 0) return rv;
      nchunks_ = single_chunk(chunk_end(),
                              wire::pack_window_update(out, f.window_update));
      return 0;
    default:
      break;
  }

  // Extension frames.
  if (!item->ext_builtin) {
    if (session_is_closing()) return NGHTTP2_ERR_SESSION_CLOSING;
    rv = pack_extension(item);
    if (rv == 0) nchunks_ = 1;
    return rv;
  }
  size_t len = 0;
  switch (f.hd.type) {
    case NGHTTP2_ALTSVC:
      rv = predicate_altsvc_send(f.hd.stream_id);
      if (rv != 0) return rv;
      len = wire::pack_altsvc_payload(
          out + kHd, *static_cast<nghttp2_ext_altsvc *>(f.ext.payload));
      break;
    case NGHTTP2_ORIGIN:
      if (session_is_closing()) return NGHTTP2_ERR_SESSION_CLOSING;
      len = wire::pack_origin_payload(
          out + kHd, *static_cast<nghttp2_ext_origin *>(f.ext.payload));
      break;
    case NGHTTP2_PRIORITY_UPDATE: {
      auto *pu = static_cast<nghttp2_ext_priority_update *>(f.ext.payload);
      rv = predicate_priority_update_send(pu->stream_id);
      if (rv != 0) return rv;
      len = wire::pack_priority_update_payload(out + kHd, *pu);
      break;
    }
    default:
      return NGHTTP2_ERR_INVALID_ARGUMENT;
  }
  f.hd.length = len;
  wire::pack_frame_hd(out, f.hd);
  nchunks_ = single_chunk(chunk_end(), kHd + len);
  return 0;
}

// ---- completion

int Session::call_before_frame_send(nghttp2_frame *frame) {
  if (!cb_.before_frame_send_callback) return 0;
  const int rv = cb_.before_frame_send_callback(handle(), frame, user_data_);
  if (rv == NGHTTP2_ERR_CANCEL) return rv;
  return rv != 0 ? NGHTTP2_ERR_CALLBACK_FAILURE : 0;
}

int Session::call_on_frame_send(nghttp2_frame *frame) {
  if (!cb_.on_frame_send_callback) return 0;
  return cb_.on_frame_send_callback(handle(), frame, user_data_) != 0
             ? NGHTTP2_ERR_CALLBACK_FAILURE
             : 0;
}

int Session::after_frame_sent1() {
  OutboundItem *item = aob_item_;
  nghttp2_frame *frame = &item->frame;
  int rv;

  if (frame->hd.type == NGHTTP2_DATA) {
    Stream *s = get_stream(frame->hd.stream_id);
    // Windows shrink when the frame is fully out; the payload length was
    // chosen not to exceed them.
    remote_window_size_ -= static_cast<int32_t>(frame->hd.length);
    if (s) s->remote_window_size -= static_cast<int32_t>(frame->hd.length);

    if (s && item->eof) {
      // Detach before on_frame_send so the callback may submit more DATA.
      detach_stream_item(s);
      rv = call_on_frame_send(frame);
      if (is_fatal(rv)) return rv;
      if (frame->hd.flags & NGHTTP2_FLAG_END_STREAM) {
        s->shut_flags |= kShutWr;
        rv = close_stream_if_shut_rdwr(s);
        if (is_fatal(rv)) return rv;
      }
      return 0;
    }
    rv = call_on_frame_send(frame);
    if (is_fatal(rv)) return rv;
    return 0;
  }

  if ((frame->hd.type == NGHTTP2_HEADERS ||
       frame->hd.type == NGHTTP2_PUSH_PROMISE) &&
      next_chunk_present())
    return 0;

  rv = call_on_frame_send(frame);
  if (is_fatal(rv)) return rv;

  switch (frame->hd.type) {
    case NGHTTP2_HEADERS: {
      Stream *s = get_stream(frame->hd.stream_id);
      if (!s) return 0;
      switch (frame->headers.cat) {
        case NGHTTP2_HCAT_REQUEST:
          s->state = StreamState::kOpening;
          break;
        case NGHTTP2_HCAT_PUSH_RESPONSE:
          s->flags = static_cast<uint8_t>(s->flags & ~kStreamPush);
          ++num_outgoing_streams_;
          s->state = StreamState::kOpened;
          break;
        case NGHTTP2_HCAT_RESPONSE:
          s->state = StreamState::kOpened;
          break;
        default:
          break;
      }
      if (frame->hd.flags & NGHTTP2_FLAG_END_STREAM) s->shut_flags |= kShutWr;
      rv = close_stream_if_shut_rdwr(s);
      if (is_fatal(rv)) return rv;
      if (item->data.present()) {
        rv = submit_data(NGHTTP2_FLAG_END_STREAM, frame->hd.stream_id,
                         item->data);
        if (is_fatal(rv)) return rv;
      }
      return 0;
    }
    case NGHTTP2_RST_STREAM:
      rv = close_stream(frame->hd.stream_id, frame->rst_stream.error_code);
      if (is_fatal(rv)) return rv;
      return 0;
    case NGHTTP2_GOAWAY:
      if ((item->goaway_aux & kGoawayAuxShutdownNotice) == 0) {
        if (item->goaway_aux & kGoawayAuxTermOnSend)
          goaway_flags_ |= kGoawayTermSent;
        goaway_flags_ |= kGoawaySent;
        rv = close_streams_on_goaway(frame->goaway.last_stream_id, true);
        if (is_fatal(rv)) return rv;
      }
      return 0;
    case NGHTTP2_WINDOW_UPDATE: {
      if (frame->hd.stream_id == 0) {
        window_update_queued_ = false;
        rv = no_auto_window_update_ ? update_connection_consumed_size(0)
                                    : update_recv_connection_window_size(0);
        if (is_fatal(rv)) return rv;
        return 0;
      }
      Stream *s = get_stream(frame->hd.stream_id);
      if (!s) return 0;
      s->window_update_queued = false;
      if (s->shut_flags & kShutRd) return 0;
      rv = no_auto_window_update_ ? update_stream_consumed_size(s, 0)
                                  : update_recv_stream_window_size(s, 0, true);
      if (is_fatal(rv)) return rv;
      return 0;
    }
    default:
      return 0;
  }
}

void Session::after_frame_sent2() {
  OutboundItem *item = aob_item_;
  nghttp2_frame *frame = &item->frame;
  if (frame->hd.type != NGHTTP2_DATA) {
    if ((frame->hd.type == NGHTTP2_HEADERS ||
         frame->hd.type == NGHTTP2_PUSH_PROMISE) &&
        next_chunk_present()) {
      ++cur_chunk_;
      return;
    }
    reset_active_item();
    return;
  }
  // After EOF the item was already detached (and the application may
  // have attached a new one in on_frame_send), so it is ours to free.
  if (item->eof) {
    reset_active_item();
    return;
  }
  item->no_copy = false;
  Stream *s = get_stream(frame->hd.stream_id);
  if (predicate_data_send(s) != 0) {
    if (s) detach_stream_item(s);
    reset_active_item();
    return;
  }
  // More DATA to come: the item stays with its stream.
  aob_item_ = nullptr;
  reset_active_item();
}

int Session::call_send_data(OutboundItem *item) {
  nghttp2_frame *frame = &item->frame;
  const size_t length = frame->hd.length - frame->data.padlen;
  const int rv = cb_.send_data_callback(handle(), frame,
                                        sendbuf_.data + send_begin_, length,
                                        &item->data.source, user_data_);
  switch (rv) {
    case 0:
    case NGHTTP2_ERR_WOULDBLOCK:
    case NGHTTP2_ERR_PAUSE:
    case NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE:
      return rv;
    default:
      return NGHTTP2_ERR_CALLBACK_FAILURE;
  }
}

// Closes the stream a failed or cancelled request HEADERS / PUSH_PROMISE
// had opened. Returns a fatal error or 0.
int Session::close_opened_stream_on_failure(OutboundItem *item, int rv,
                                            bool cancel) {
  int32_t opened = 0;
  uint32_t error_code = NGHTTP2_INTERNAL_ERROR;
  if (item->frame.hd.type == NGHTTP2_HEADERS) {
    if (item->frame.headers.cat == NGHTTP2_HCAT_REQUEST) {
      opened = item->frame.hd.stream_id;
      // Refused lets the application retry the request elsewhere.
      error_code = (!cancel && item->canceled)
                       ? item->cancel_error_code
                       : static_cast<uint32_t>(NGHTTP2_REFUSED_STREAM);
    }
  } else if (item->frame.hd.type == NGHTTP2_PUSH_PROMISE) {
    opened = item->frame.push_promise.promised_stream_id;
  }
  (void)rv;
  if (!opened) return 0;
  const int rv2 = close_stream(opened, error_code);
  return is_fatal(rv2) ? rv2 : 0;
}

nghttp2_ssize Session::mem_send_internal(const uint8_t **data_ptr,
                                         bool fast_cb) {
  for (;;) {
    switch (aob_state_) {
      case OutState::kPopItem: {
        OutboundItem *item = pop_next_ob_item();
        if (!item) return 0;
        int rv = prep_frame(item);
        if (rv == NGHTTP2_ERR_PAUSE) return 0;
        if (rv == NGHTTP2_ERR_DEFERRED) break;
        if (rv < 0) {
          if (item->frame.hd.type != NGHTTP2_DATA &&
              cb_.on_frame_not_send_callback && is_non_fatal(rv)) {
            nghttp2_frame *frame = &item->frame;
            // WINDOW_UPDATE is the library's business, and RST_STREAM for a
            // vanished stream would only be noise.
            if (frame->hd.type != NGHTTP2_WINDOW_UPDATE &&
                (frame->hd.type != NGHTTP2_RST_STREAM ||
                 rv != NGHTTP2_ERR_STREAM_CLOSED) &&
                cb_.on_frame_not_send_callback(handle(), frame, rv,
                                               user_data_) != 0) {
              free_item(item);
              return NGHTTP2_ERR_CALLBACK_FAILURE;
            }
          }
          const int rv2 = close_opened_stream_on_failure(item, rv, false);
          free_item(item);
          reset_active_item();
          if (is_fatal(rv2)) return rv2;
          if (rv == NGHTTP2_ERR_HEADER_COMP)
            rv = terminate(last_proc_stream_id_, NGHTTP2_INTERNAL_ERROR,
                           nullptr);
          if (is_fatal(rv)) return rv;
          break;
        }

        aob_item_ = item;
        if (item->frame.hd.type != NGHTTP2_DATA) {
          nghttp2_frame *frame = &item->frame;
          rv = call_before_frame_send(frame);
          if (is_fatal(rv)) return rv;
          if (rv == NGHTTP2_ERR_CANCEL) {
            if (cb_.on_frame_not_send_callback &&
                cb_.on_frame_not_send_callback(handle(), frame, rv,
                                               user_data_) != 0)
              return NGHTTP2_ERR_CALLBACK_FAILURE;
            const int rv2 = close_opened_stream_on_failure(item, rv, true);
            if (is_fatal(rv2)) return rv2;
            reset_active_item();
            break;
          }
        } else if (item->no_copy) {
          aob_state_ = OutState::kSendNoCopy;
          break;
        }
        aob_state_ = OutState::kSendData;
        break;
      }
      case OutState::kSendData: {
        const size_t end = chunk_end()[cur_chunk_];
        if (send_pos_ == end) {
          if (fast_cb) {
            after_frame_sent2();
          } else {
            const int rv = after_frame_sent1();
            if (rv < 0) return rv;
            after_frame_sent2();
          }
          break;
        }
        *data_ptr = sendbuf_.data + send_pos_;
        const size_t len = end - send_pos_;
        send_pos_ = end;
        return static_cast<nghttp2_ssize>(len);
      }
      case OutState::kSendNoCopy: {
        nghttp2_frame *frame = &aob_item_->frame;
        Stream *s = get_stream(frame->hd.stream_id);
        if (!s) {
          reset_active_item();
          break;
        }
        int rv = call_send_data(aob_item_);
        if (is_fatal(rv)) return rv;
        if (rv == NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE) {
          detach_stream_item(s);
          rv = add_rst_stream(frame->hd.stream_id, NGHTTP2_INTERNAL_ERROR);
          if (is_fatal(rv)) return rv;
          reset_active_item();
          break;
        }
        if (rv == NGHTTP2_ERR_WOULDBLOCK) return 0;
        const bool pause = rv == NGHTTP2_ERR_PAUSE;
        rv = after_frame_sent1();
        if (rv < 0) return rv;
        after_frame_sent2();
        if (pause) return 0;
        break;
      }
      case OutState::kSendClientMagic: {
        const size_t end = chunk_end()[0];
        if (send_pos_ == end) {
          reset_active_item();
          break;
        }
        *data_ptr = sendbuf_.data + send_pos_;
        const size_t len = end - send_pos_;
        send_pos_ = end;
        return static_cast<nghttp2_ssize>(len);
      }
    }
  }
}

nghttp2_ssize Session::mem_send(const uint8_t **data_ptr) {
  *data_ptr = nullptr;
  const nghttp2_ssize len = mem_send_internal(data_ptr, true);
  if (len <= 0) return len;
  // Apply stream closure now: the peer may answer END_STREAM before the
  // next mem_send, and the stream must already count as closed then.
  if (aob_item_) {
    const int rv = after_frame_sent1();
    if (rv < 0) return rv;
  }
  return len;
}

int Session::send() {
  const uint8_t *data = nullptr;
  for (;;) {
    const nghttp2_ssize datalen = mem_send_internal(&data, false);
    if (datalen <= 0) return static_cast<int>(datalen);
    nghttp2_ssize sent;
    if (cb_.send_callback2)
      sent = cb_.send_callback2(handle(), data, static_cast<size_t>(datalen), 0,
                                user_data_);
    else
      sent = cb_.send_callback(handle(), data, static_cast<size_t>(datalen), 0,
                               user_data_);
    if (sent < 0) {
      if (sent == NGHTTP2_ERR_WOULDBLOCK) {
        send_pos_ -= static_cast<size_t>(datalen);
        return 0;
      }
      return NGHTTP2_ERR_CALLBACK_FAILURE;
    }
    send_pos_ -= static_cast<size_t>(datalen - sent);
  }
}

}  // namespace h2pool

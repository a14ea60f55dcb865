// Reactions to complete inbound frames (and header fields as they are
// decoded): stream state changes, HTTP message checks, error handling, and
// the application callbacks in upstream's order.
#include <cstdio>
#include <cstring>

#include "session/session.h"
#include "wire/frame_codec.h"

namespace h2pool {

namespace {

uint32_t wire_error_of(int lib_error_code) {
  switch (lib_error_code) {
    case NGHTTP2_ERR_STREAM_CLOSED: return NGHTTP2_STREAM_CLOSED;
    case NGHTTP2_ERR_HEADER_COMP: return NGHTTP2_COMPRESSION_ERROR;
    case NGHTTP2_ERR_FRAME_SIZE_ERROR: return NGHTTP2_FRAME_SIZE_ERROR;
    case NGHTTP2_ERR_FLOW_CONTROL: return NGHTTP2_FLOW_CONTROL_ERROR;
    case NGHTTP2_ERR_REFUSED_STREAM: return NGHTTP2_REFUSED_STREAM;
    case NGHTTP2_ERR_PROTO:
    case NGHTTP2_ERR_HTTP_HEADER:
    case NGHTTP2_ERR_HTTP_MESSAGING: return NGHTTP2_PROTOCOL_ERROR;
    case kErrPushCancel: return NGHTTP2_CANCEL;
    default: return NGHTTP2_INTERNAL_ERROR;
  }
}

}  // namespace

// ---- callback helpers

int Session::call_error_callback(int lib_error_code, const char *fmt, ...) {
  if (!cb_.error_callback && !cb_.error_callback2) return 0;
  va_list ap;
  va_start(ap, fmt);
  const int n = vsnprintf(nullptr, 0, fmt, ap);
  va_end(ap);
  if (n < 0) return NGHTTP2_ERR_NOMEM;
  // The message buffer is kept for the next error.
  if (!errmsg_.reserve(mem_, static_cast<size_t>(n) + 1))
    return NGHTTP2_ERR_NOMEM;
  va_start(ap, fmt);
  const int m = vsnprintf(reinterpret_cast<char *>(errmsg_.data),
                          static_cast<size_t>(n) + 1, fmt, ap);
  va_end(ap);
  if (m < 0) return 0;
  const char *msg = reinterpret_cast<const char *>(errmsg_.data);
  int rv;
  if (cb_.error_callback2)
    rv = cb_.error_callback2(handle(), lib_error_code, msg,
                             static_cast<size_t>(m), user_data_);
  else
    rv = cb_.error_callback(handle(), msg, static_cast<size_t>(m), user_data_);
  return rv != 0 ? NGHTTP2_ERR_CALLBACK_FAILURE : 0;
}

int Session::call_on_begin_frame(const nghttp2_frame_hd *hd) {
  if (!cb_.on_begin_frame_callback) return 0;
  return cb_.on_begin_frame_callback(handle(), hd, user_data_) != 0
             ? NGHTTP2_ERR_CALLBACK_FAILURE
             : 0;
}

int Session::call_on_frame_received(nghttp2_frame *frame) {
  if (!cb_.on_frame_recv_callback) return 0;
  return cb_.on_frame_recv_callback(handle(), frame, user_data_) != 0
             ? NGHTTP2_ERR_CALLBACK_FAILURE
             : 0;
}

int Session::call_on_begin_headers(nghttp2_frame *frame) {
  if (!cb_.on_begin_headers_callback) return 0;
  const int rv = cb_.on_begin_headers_callback(handle(), frame, user_data_);
  if (rv == NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE) return rv;
  return rv != 0 ? NGHTTP2_ERR_CALLBACK_FAILURE : 0;
}

int Session::call_on_header(const nghttp2_frame *frame,
                            const hpack::HeaderField &nv) {
  int rv = 0;
  if (cb_.on_header_callback2)
    rv = cb_.on_header_callback2(handle(), frame, nv.name, nv.value, nv.flags,
                                 user_data_);
  else if (cb_.on_header_callback)
    rv = cb_.on_header_callback(handle(), frame, nv.name->base, nv.name->len,
                                nv.value->base, nv.value->len, nv.flags,
                                user_data_);
  if (rv == NGHTTP2_ERR_PAUSE || rv == NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE)
    return rv;
  return rv != 0 ? NGHTTP2_ERR_CALLBACK_FAILURE : 0;
}

int Session::call_on_invalid_header(const nghttp2_frame *frame,
                                    const hpack::HeaderField &nv) {
  int rv;
  if (cb_.on_invalid_header_callback2)
    rv = cb_.on_invalid_header_callback2(handle(), frame, nv.name, nv.value,
                                         nv.flags, user_data_);
  else if (cb_.on_invalid_header_callback)
    rv = cb_.on_invalid_header_callback(handle(), frame, nv.name->base,
                                        nv.name->len, nv.value->base,
                                        nv.value->len, nv.flags, user_data_);
  else
    return 0;
  if (rv == NGHTTP2_ERR_PAUSE || rv == NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE)
    return rv;
  return rv != 0 ? NGHTTP2_ERR_CALLBACK_FAILURE : 0;
}

int Session::call_on_invalid_frame_recv(nghttp2_frame *frame,
                                        int lib_error_code) {
  if (!cb_.on_invalid_frame_recv_callback) return 0;
  return cb_.on_invalid_frame_recv_callback(handle(), frame, lib_error_code,
                                            user_data_) != 0
             ? NGHTTP2_ERR_CALLBACK_FAILURE
             : 0;
}

// ---- error reactions

int Session::update_glitch_ratelim() {
  if (goaway_flags_ & kGoawayTermOnSend) return 0;
  glitch_ratelim_.update(limits::monotonic_seconds());
  if (glitch_ratelim_.drain(1)) return 0;
  return terminate(last_proc_stream_id_, NGHTTP2_ENHANCE_YOUR_CALM, nullptr);
}

int Session::update_stream_reset_ratelim() {
  if (!server_ || (goaway_flags_ & kGoawaySubmitted)) return 0;
  stream_reset_ratelim_.update(limits::monotonic_seconds());
  if (stream_reset_ratelim_.drain(1)) return 0;
  return add_goaway(last_recv_stream_id_, NGHTTP2_INTERNAL_ERROR, nullptr, 0,
                    kGoawayAuxNone);
}

int Session::handle_invalid_stream2(int32_t stream_id, nghttp2_frame *frame,
                                    int lib_error_code) {
  const int rv = add_rst_stream(stream_id, wire_error_of(lib_error_code));
  if (rv != 0) return rv;
  if (frame && cb_.on_invalid_frame_recv_callback &&
      cb_.on_invalid_frame_recv_callback(handle(), frame, lib_error_code,
                                         user_data_) != 0)
    return NGHTTP2_ERR_CALLBACK_FAILURE;
  return 0;
}

int Session::inflate_handle_invalid_stream(nghttp2_frame *frame,
                                           int lib_error_code) {
  const int rv = handle_invalid_stream2(frame->hd.stream_id, frame,
                                        lib_error_code);
  if (is_fatal(rv)) return rv;
  return kErrIgnHeaderBlock;
}

int Session::handle_invalid_connection(nghttp2_frame *frame,
                                       int lib_error_code,
                                       const char *reason) {
  if (cb_.on_invalid_frame_recv_callback &&
      cb_.on_invalid_frame_recv_callback(handle(), frame, lib_error_code,
                                         user_data_) != 0)
    return NGHTTP2_ERR_CALLBACK_FAILURE;
  return terminate(last_proc_stream_id_, wire_error_of(lib_error_code),
                   reason);
}

int Session::inflate_handle_invalid_connection(nghttp2_frame *frame,
                                               int lib_error_code,
                                               const char *reason) {
  const int rv = handle_invalid_connection(frame, lib_error_code, reason);
  if (is_fatal(rv)) return rv;
  return kErrIgnHeaderBlock;
}

// ---- header blocks

int Session::inflate_header_block(nghttp2_frame *frame, size_t *readlen,
                                  const uint8_t *in, size_t inlen, bool final,
                                  bool call_header_cb) {
  *readlen = 0;
  Stream *stream = get_stream(frame->hd.stream_id);
  Stream *subject;
  bool trailer = false;
  if (frame->hd.type == NGHTTP2_PUSH_PROMISE) {
    subject = get_stream(frame->push_promise.promised_stream_id);
  } else {
    subject = stream;
    if (stream && frame->hd.type == NGHTTP2_HEADERS)
      trailer = frame->headers.cat == NGHTTP2_HCAT_HEADERS &&
                (server_ || !stream->http.expects_final_response());
  }

  // The checking context is the same for every field of the block, except
  // the CONNECT-protocol setting, which a header callback may submit.
  http::HeaderContext ctx;
  if (subject) {
    ctx.stream_id = subject->stream_id;
    ctx.request = server_ || frame->hd.type == NGHTTP2_PUSH_PROMISE;
    ctx.trailer = trailer;
    ctx.lenient_whitespace =
        (subject->flags & kStreamNoRfc9113WsValidation) != 0;
  }

  for (;;) {
    int inflate_flags = 0;
    hpack::HeaderField nv{};
    nghttp2_ssize proclen =
        inflater_bad_ ? static_cast<nghttp2_ssize>(NGHTTP2_ERR_HEADER_COMP)
                      : inflater_.inflate(&nv, &inflate_flags, in, inlen, final);
    if (is_fatal(static_cast<int>(proclen))) return static_cast<int>(proclen);
    if (proclen < 0) {
      if (iframe_.state == InState::kReadHeaderBlock && subject &&
          subject->state != StreamState::kClosing) {
        // Stops further callbacks for this stream.
        const int rv = add_rst_stream(subject->stream_id,
                                      NGHTTP2_COMPRESSION_ERROR);
        if (is_fatal(rv)) return rv;
      }
      const int rv =
          terminate(last_proc_stream_id_, NGHTTP2_COMPRESSION_ERROR, nullptr);
      if (is_fatal(rv)) return rv;
      return NGHTTP2_ERR_HEADER_COMP;
    }
    in += proclen;
    inlen -= static_cast<size_t>(proclen);
    *readlen += static_cast<size_t>(proclen);

    if (call_header_cb && (inflate_flags & NGHTTP2_HD_INFLATE_EMIT) &&
        subject) {
      int rv = 0;
      if (enforce_http_messaging()) {
        ctx.connect_protocol = server_ && pending_enable_connect_protocol_;
        http::HeaderView hv;
        hv.name = nv.name->base;
        hv.namelen = nv.name->len;
        hv.value = nv.value->base;
        hv.valuelen = nv.value->len;
        hv.token = nv.token;
        const http::HeaderVerdict v = http::on_header(subject->http, hv, ctx);
        const int nlen = static_cast<int>(nv.name->len);
        const int vlen = static_cast<int>(nv.value->len);
        const char *nbase = reinterpret_cast<const char *>(nv.name->base);
        const char *vbase = reinterpret_cast<const char *>(nv.value->base);
        if (v == http::HeaderVerdict::kIgnore) {
          rv = kErrIgnHttpHeader;
          const int rv2 = call_on_invalid_header(frame, nv);
          if (rv2 == NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE) {
            rv = call_error_callback(
                NGHTTP2_ERR_HTTP_HEADER,
                "Invalid HTTP header field was received: frame type: %u, "
                "stream: %d, name: [%.*s], value: [%.*s]",
                frame->hd.type, frame->hd.stream_id, nlen, nbase, vlen, vbase);
            if (is_fatal(rv)) return rv;
            rv = handle_invalid_stream2(subject->stream_id, frame,
                                        NGHTTP2_ERR_HTTP_HEADER);
            if (is_fatal(rv)) return rv;
            return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
          }
          if (rv2 != 0) return rv2;
          const int rv3 = call_error_callback(
              NGHTTP2_ERR_HTTP_HEADER,
              "Ignoring received invalid HTTP header field: frame type: %u, "
              "stream: %d, name: [%.*s], value: [%.*s]",
              frame->hd.type, frame->hd.stream_id, nlen, nbase, vlen, vbase);
          if (is_fatal(rv3)) return rv3;
        } else if (v == http::HeaderVerdict::kStreamError) {
          rv = call_error_callback(
              NGHTTP2_ERR_HTTP_HEADER,
              "Invalid HTTP header field was received: frame type: %u, "
              "stream: %d, name: [%.*s], value: [%.*s]",
              frame->hd.type, frame->hd.stream_id, nlen, nbase, vlen, vbase);
          if (is_fatal(rv)) return rv;
          rv = handle_invalid_stream2(subject->stream_id, frame,
                                      NGHTTP2_ERR_HTTP_HEADER);
          if (is_fatal(rv)) return rv;
          rv = update_glitch_ratelim();
          if (rv != 0) return rv;
          if (iframe_.state == InState::kIgnAll) return 0;
          return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
        } else if (v == http::HeaderVerdict::kDrop) {
          rv = kErrIgnHttpHeader;
        }
      }
      if (rv == 0) {
        rv = call_on_header(frame, nv);
        if (rv != 0) return rv;
      }
    }
    if (inflate_flags & NGHTTP2_HD_INFLATE_FINAL) {
      inflater_.end_headers();
      break;
    }
    if ((inflate_flags & NGHTTP2_HD_INFLATE_EMIT) == 0 && inlen == 0) break;
  }
  return 0;
}

int Session::end_stream_headers_received(nghttp2_frame *frame, Stream *s) {
  if (server_ && enforce_http_messaging() &&
      frame->headers.cat == NGHTTP2_HCAT_REQUEST &&
      !(s->flags & kStreamIgnoreClientPriorities) && s->http.has_priority())
    update_stream_priority(s, s->http.extpri);
  if ((frame->hd.flags & NGHTTP2_FLAG_END_STREAM) == 0) return 0;
  s->shut_flags |= kShutRd;
  const int rv = close_stream_if_shut_rdwr(s);
  return is_fatal(rv) ? rv : 0;
}

int Session::after_header_block_received() {
  nghttp2_frame *frame = &iframe_.frame;
  Stream *s = get_stream(frame->hd.stream_id);
  // No on_frame_recv for a stream that is gone or being reset.
  if (!s || s->state == StreamState::kClosing) return 0;

  if (enforce_http_messaging()) {
    bool ok = true;
    if (frame->hd.type == NGHTTP2_PUSH_PROMISE) {
      if (Stream *ps = get_stream(frame->push_promise.promised_stream_id))
        ok = http::on_request_headers(ps->http, true);
    } else {
      switch (frame->headers.cat) {
        case NGHTTP2_HCAT_REQUEST:
          ok = http::on_request_headers(s->http, false);
          break;
        case NGHTTP2_HCAT_RESPONSE:
        case NGHTTP2_HCAT_PUSH_RESPONSE:
          ok = http::on_response_headers(s->http);
          break;
        default:
          if (s->http.expects_final_response())
            ok = http::on_response_headers(s->http);
          else
            ok = http::on_trailer_headers(
                (frame->hd.flags & NGHTTP2_FLAG_END_STREAM) != 0);
          break;
      }
      if (ok && (frame->hd.flags & NGHTTP2_FLAG_END_STREAM))
        ok = http::on_remote_end_stream(s->http);
    }
    if (!ok) {
      const int32_t id = frame->hd.type == NGHTTP2_PUSH_PROMISE
                             ? frame->push_promise.promised_stream_id
                             : frame->hd.stream_id;
      int rv = handle_invalid_stream2(id, frame, NGHTTP2_ERR_HTTP_MESSAGING);
      if (is_fatal(rv)) return rv;
      rv = update_glitch_ratelim();
      if (rv != 0) return rv;
      if (iframe_.state == InState::kIgnAll) return 0;
      if (frame->hd.type == NGHTTP2_HEADERS &&
          (frame->hd.flags & NGHTTP2_FLAG_END_STREAM))
        s->shut_flags |= kShutRd;
      return 0;
    }
  }

  const int rv = call_on_frame_received(frame);
  if (is_fatal(rv)) return rv;
  if (frame->hd.type != NGHTTP2_HEADERS) return 0;
  return end_stream_headers_received(frame, s);
}

int Session::on_request_headers_received(nghttp2_frame *frame) {
  const int32_t id = frame->hd.stream_id;
  if (id == 0)
    return inflate_handle_invalid_connection(
        frame, NGHTTP2_ERR_PROTO, "request HEADERS: stream_id == 0");
  // A client never receives requests.
  if (!server_) {
    if (detect_idle_stream(id))
      return inflate_handle_invalid_connection(
          frame, NGHTTP2_ERR_PROTO, "request HEADERS: client received request");
    return kErrIgnHeaderBlock;
  }
  if (!is_new_peer_stream_id(id)) {
    if (is_my_stream_id(id))
      return inflate_handle_invalid_connection(
          frame, NGHTTP2_ERR_PROTO, "request HEADERS: invalid stream_id");
    // Only a stream known to be half-closed (remote) is a sure violation;
    // anything else may be a race with our RST_STREAM.
    Stream *s = get_stream_raw(id);
    if (s && (s->shut_flags & kShutRd))
      return inflate_handle_invalid_connection(
          frame, NGHTTP2_ERR_STREAM_CLOSED, "HEADERS: stream closed");
    return kErrIgnHeaderBlock;
  }
  last_recv_stream_id_ = id;
  if (incoming_streams_max())
    return inflate_handle_invalid_connection(
        frame, NGHTTP2_ERR_PROTO,
        "request HEADERS: max concurrent streams exceeded");
  if (!allow_incoming_new_stream()) return kErrIgnHeaderBlock;
  if (frame->headers.pri_spec.stream_id == id)
    return inflate_handle_invalid_connection(
        frame, NGHTTP2_ERR_PROTO, "request HEADERS: depend on itself");
  if (incoming_streams_pending_max())
    return inflate_handle_invalid_stream(frame, NGHTTP2_ERR_REFUSED_STREAM);

  Stream *s = open_stream(id, 0, StreamState::kOpening, nullptr);
  if (!s) return NGHTTP2_ERR_NOMEM;
  last_proc_stream_id_ = last_recv_stream_id_;
  return call_on_begin_headers(frame);
}

int Session::on_response_headers_received(nghttp2_frame *frame, Stream *s) {
  if (frame->hd.stream_id == 0)
    return inflate_handle_invalid_connection(
        frame, NGHTTP2_ERR_PROTO, "response HEADERS: stream_id == 0");
  if (s->shut_flags & kShutRd)
    return inflate_handle_invalid_connection(frame, NGHTTP2_ERR_STREAM_CLOSED,
                                             "HEADERS: stream closed");
  s->state = StreamState::kOpened;
  return call_on_begin_headers(frame);
}

int Session::on_push_response_headers_received(nghttp2_frame *frame,
                                               Stream *s) {
  if (frame->hd.stream_id == 0)
    return inflate_handle_invalid_connection(
        frame, NGHTTP2_ERR_PROTO, "push response HEADERS: stream_id == 0");
  if (server_)
    return inflate_handle_invalid_connection(
        frame, NGHTTP2_ERR_PROTO,
        "HEADERS: no HEADERS allowed from client in reserved state");
  if (incoming_streams_max())
    return inflate_handle_invalid_connection(
        frame, NGHTTP2_ERR_PROTO,
        "push response HEADERS: max concurrent streams exceeded");
  if (!allow_incoming_new_stream()) return kErrIgnHeaderBlock;
  if (incoming_streams_pending_max())
    return inflate_handle_invalid_stream(frame, NGHTTP2_ERR_REFUSED_STREAM);
  s->state = StreamState::kOpened;
  s->flags = static_cast<uint8_t>(s->flags & ~kStreamPush);
  if (!is_my_stream_id(s->stream_id)) --num_incoming_reserved_streams_;
  ++num_incoming_streams_;
  return call_on_begin_headers(frame);
}

int Session::on_headers_received(nghttp2_frame *frame, Stream *s) {
  if (frame->hd.stream_id == 0)
    return inflate_handle_invalid_connection(frame, NGHTTP2_ERR_PROTO,
                                             "HEADERS: stream_id == 0");
  // RFC 9113 makes this a stream error; like upstream we close the
  // connection.
  if (s->shut_flags & kShutRd)
    return inflate_handle_invalid_connection(frame, NGHTTP2_ERR_STREAM_CLOSED,
                                             "HEADERS: stream closed");
  if (is_my_stream_id(frame->hd.stream_id)) {
    if (s->state == StreamState::kOpened) return call_on_begin_headers(frame);
    return kErrIgnHeaderBlock;
  }
  if (s->state != StreamState::kClosing) return call_on_begin_headers(frame);
  return kErrIgnHeaderBlock;
}

int Session::process_headers_frame() {
  nghttp2_frame *frame = &iframe_.frame;
  if (frame->hd.flags & NGHTTP2_FLAG_PRIORITY)
    wire::unpack_priority_spec(&frame->headers.pri_spec, iframe_.sbuf);
  else
    frame->headers.pri_spec = nghttp2_priority_spec{0, NGHTTP2_DEFAULT_WEIGHT, 0};
  frame->headers.nva = nullptr;
  frame->headers.nvlen = 0;

  Stream *s = get_stream(frame->hd.stream_id);
  if (!s) {
    frame->headers.cat = NGHTTP2_HCAT_REQUEST;
    return on_request_headers_received(frame);
  }
  if (s->state == StreamState::kReserved) {
    frame->headers.cat = NGHTTP2_HCAT_PUSH_RESPONSE;
    return on_push_response_headers_received(frame, s);
  }
  if (s->state == StreamState::kOpening && is_my_stream_id(frame->hd.stream_id)) {
    frame->headers.cat = NGHTTP2_HCAT_RESPONSE;
    return on_response_headers_received(frame, s);
  }
  frame->headers.cat = NGHTTP2_HCAT_HEADERS;
  return on_headers_received(frame, s);
}

// ---- other frame types

int Session::on_rst_stream_received(nghttp2_frame *frame) {
  if (frame->hd.stream_id == 0)
    return handle_invalid_connection(frame, NGHTTP2_ERR_PROTO,
                                     "RST_STREAM: stream_id == 0");
  if (detect_idle_stream(frame->hd.stream_id))
    return handle_invalid_connection(frame, NGHTTP2_ERR_PROTO,
                                     "RST_STREAM: stream in idle");
  if (Stream *s = get_stream(frame->hd.stream_id)) s->shut_flags |= kShutRd;
  int rv = call_on_frame_received(frame);
  if (rv != 0) return rv;
  rv = close_stream(frame->hd.stream_id, frame->rst_stream.error_code);
  if (is_fatal(rv)) return rv;
  return update_stream_reset_ratelim();
}

int Session::process_settings_frame() {
  InboundFrame &f = iframe_;
  if (f.max_niv) {
    // Move the smallest HEADER_TABLE_SIZE in front of the last one so the
    // table shrinks to it before growing back (RFC 7541 4.2).
    const nghttp2_settings_entry min_entry = f.iv[f.max_niv - 1];
    if (min_entry.value < UINT32_MAX) {
      size_t i = 0;
      for (; i < f.niv; ++i)
        if (f.iv[i].settings_id == NGHTTP2_SETTINGS_HEADER_TABLE_SIZE) break;
      if (i < f.niv && min_entry.value != f.iv[i].value) {
        f.iv[f.niv++] = f.iv[i];
        f.iv[i] = min_entry;
      }
    }
  }
  f.frame.settings.iv = f.niv ? f.iv : nullptr;
  f.frame.settings.niv = f.niv;
  f.niv = 0;
  f.max_niv = 0;
  return on_settings_received(&f.frame, false);
}

int Session::on_push_promise_received(nghttp2_frame *frame) {
  if (frame->hd.stream_id == 0)
    return inflate_handle_invalid_connection(frame, NGHTTP2_ERR_PROTO,
                                             "PUSH_PROMISE: stream_id == 0");
  if (server_ || local_settings_.enable_push == 0)
    return inflate_handle_invalid_connection(frame, NGHTTP2_ERR_PROTO,
                                             "PUSH_PROMISE: push disabled");
  if (!is_my_stream_id(frame->hd.stream_id))
    return inflate_handle_invalid_connection(
        frame, NGHTTP2_ERR_PROTO, "PUSH_PROMISE: invalid stream_id");
  if (!allow_incoming_new_stream()) return kErrIgnHeaderBlock;
  const int32_t promised = frame->push_promise.promised_stream_id;
  if (!is_new_peer_stream_id(promised))
    return inflate_handle_invalid_connection(
        frame, NGHTTP2_ERR_PROTO, "PUSH_PROMISE: invalid promised_stream_id");
  if (detect_idle_stream(frame->hd.stream_id))
    return inflate_handle_invalid_connection(frame, NGHTTP2_ERR_PROTO,
                                             "PUSH_PROMISE: stream in idle");
  last_recv_stream_id_ = promised;
  Stream *s = get_stream(frame->hd.stream_id);
  if (!s || s->state == StreamState::kClosing || !pending_enable_push_ ||
      num_incoming_reserved_streams_ >= max_incoming_reserved_streams_) {
    const int rv = handle_invalid_stream2(promised, nullptr, kErrPushCancel);
    if (rv != 0) return rv;
    return kErrIgnHeaderBlock;
  }
  if (s->shut_flags & kShutRd)
    return inflate_handle_invalid_connection(frame, NGHTTP2_ERR_STREAM_CLOSED,
                                             "PUSH_PROMISE: stream closed");
  if (!open_stream(promised, 0, StreamState::kReserved, nullptr))
    return NGHTTP2_ERR_NOMEM;
  last_proc_stream_id_ = last_recv_stream_id_;
  return call_on_begin_headers(frame);
}

int Session::process_push_promise_frame() {
  nghttp2_frame *frame = &iframe_.frame;
  frame->push_promise.promised_stream_id =
      static_cast<int32_t>(wire::unpack_u31(iframe_.sbuf));
  frame->push_promise.nva = nullptr;
  frame->push_promise.nvlen = 0;
  return on_push_promise_received(frame);
}

int Session::on_ping_received(nghttp2_frame *frame) {
  if (frame->hd.stream_id != 0)
    return handle_invalid_connection(frame, NGHTTP2_ERR_PROTO,
                                     "PING: stream_id != 0");
  if (!no_auto_ping_ack_ && (frame->hd.flags & NGHTTP2_FLAG_ACK) == 0 &&
      !session_is_closing()) {
    const int rv = add_ping(NGHTTP2_FLAG_ACK, frame->ping.opaque_data);
    if (rv != 0) return rv;
  }
  return call_on_frame_received(frame);
}

int Session::on_goaway_received(nghttp2_frame *frame) {
  if (frame->hd.stream_id != 0)
    return handle_invalid_connection(frame, NGHTTP2_ERR_PROTO,
                                     "GOAWAY: stream_id != 0");
  // The peer may only lower the last-stream-id it announced.
  if ((frame->goaway.last_stream_id > 0 &&
       !is_my_stream_id(frame->goaway.last_stream_id)) ||
      remote_last_stream_id_ < frame->goaway.last_stream_id)
    return handle_invalid_connection(frame, NGHTTP2_ERR_PROTO,
                                     "GOAWAY: invalid last_stream_id");
  goaway_flags_ |= kGoawayRecv;
  remote_last_stream_id_ = frame->goaway.last_stream_id;
  const int rv = call_on_frame_received(frame);
  if (is_fatal(rv)) return rv;
  return close_streams_on_goaway(frame->goaway.last_stream_id, false);
}

int Session::process_goaway_frame() {
  nghttp2_frame *frame = &iframe_.frame;
  frame->goaway.last_stream_id =
      static_cast<int32_t>(wire::unpack_u31(iframe_.sbuf));
  frame->goaway.error_code = wire::get_u32(iframe_.sbuf + 4);
  frame->goaway.opaque_data = iframe_.lbuf_len ? lbuf_.data : nullptr;
  frame->goaway.opaque_data_len = iframe_.lbuf_len;
  return on_goaway_received(frame);
}

int Session::on_window_update_received(nghttp2_frame *frame) {
  const int32_t incr = frame->window_update.window_size_increment;
  if (frame->hd.stream_id == 0) {
    if (incr == 0)
      return handle_invalid_connection(
          frame, NGHTTP2_ERR_PROTO, "WINDOW_UPDATE: window_size_increment == 0");
    if (NGHTTP2_MAX_WINDOW_SIZE - incr < remote_window_size_)
      return handle_invalid_connection(frame, NGHTTP2_ERR_FLOW_CONTROL,
                                       nullptr);
    remote_window_size_ += incr;
    return call_on_frame_received(frame);
  }
  if (detect_idle_stream(frame->hd.stream_id))
    return handle_invalid_connection(frame, NGHTTP2_ERR_PROTO,
                                     "WINDOW_UPDATE to idle stream");
  Stream *s = get_stream(frame->hd.stream_id);
  if (!s) return 0;
  if (s->state == StreamState::kReserved && !is_my_stream_id(s->stream_id))
    return handle_invalid_connection(frame, NGHTTP2_ERR_PROTO,
                                     "WINDOW_UPADATE to reserved stream");
  if (incr == 0)
    return handle_invalid_connection(
        frame, NGHTTP2_ERR_PROTO, "WINDOW_UPDATE: window_size_increment == 0");
  if (NGHTTP2_MAX_WINDOW_SIZE - incr < s->remote_window_size)
    return handle_invalid_connection(frame, NGHTTP2_ERR_FLOW_CONTROL,
                                     "WINDOW_UPDATE: window size overflow");
  s->remote_window_size += incr;
  if (s->remote_window_size > 0 && s->item &&
      (s->flags & kStreamDeferredFlowControl)) {
    const int rv = resume_deferred_stream_item(s, kStreamDeferredFlowControl);
    if (rv != 0) return rv;
  }
  return call_on_frame_received(frame);
}

int Session::on_altsvc_received(nghttp2_frame *frame) {
  auto *altsvc = static_cast<nghttp2_ext_altsvc *>(frame->ext.payload);
  if (frame->hd.stream_id == 0) {
    if (altsvc->origin_len == 0)
      return call_on_invalid_frame_recv(frame, NGHTTP2_ERR_PROTO);
  } else {
    if (altsvc->origin_len > 0)
      return call_on_invalid_frame_recv(frame, NGHTTP2_ERR_PROTO);
    Stream *s = get_stream(frame->hd.stream_id);
    if (!s || s->state == StreamState::kClosing) return 0;
  }
  if (altsvc->field_value_len == 0)
    return call_on_invalid_frame_recv(frame, NGHTTP2_ERR_PROTO);
  return call_on_frame_received(frame);
}

int Session::process_altsvc_frame() {
  nghttp2_frame *frame = &iframe_.frame;
  const size_t origin_len = wire::get_u16(iframe_.sbuf);
  nghttp2_ext_altsvc &a = iframe_.ext_payload.altsvc;
  uint8_t *p = lbuf_.data;
  a.origin = origin_len ? p : nullptr;
  a.origin_len = origin_len;
  a.field_value = (iframe_.lbuf_len > origin_len) ? p + origin_len : nullptr;
  a.field_value_len = iframe_.lbuf_len - origin_len;
  frame->ext.payload = &a;
  return on_altsvc_received(frame);
}

int Session::process_origin_frame() {
  nghttp2_frame *frame = &iframe_.frame;
  nghttp2_ext_origin &o = iframe_.ext_payload.origin;
  const long n = wire::parse_origin_payload(nullptr, lbuf_.data, iframe_.lbuf_len);
  // A malformed ORIGIN frame is ignored.
  if (n < 0) return 0;
  o.nov = static_cast<size_t>(n);
  o.ov = nullptr;
  if (n > 0) {
    if (!origin_buf_.reserve(mem_, static_cast<size_t>(n) * sizeof(nghttp2_origin_entry)))
      return NGHTTP2_ERR_NOMEM;
    o.ov = reinterpret_cast<nghttp2_origin_entry *>(origin_buf_.data);
    wire::parse_origin_payload(o.ov, lbuf_.data, iframe_.lbuf_len);
  }
  frame->ext.payload = &o;
  return call_on_frame_received(frame);
}

int Session::on_priority_update_received(nghttp2_frame *frame) {
  auto *pu = static_cast<nghttp2_ext_priority_update *>(frame->ext.payload);
  if (frame->hd.stream_id != 0)
    return handle_invalid_connection(frame, NGHTTP2_ERR_PROTO,
                                     "PRIORITY_UPDATE: stream_id == 0");
  if (is_my_stream_id(pu->stream_id)) {
    if (detect_idle_stream(pu->stream_id))
      return handle_invalid_connection(
          frame, NGHTTP2_ERR_PROTO,
          "PRIORITY_UPDATE: prioritizing idle push is not allowed");
    return call_on_frame_received(frame);
  }
  Stream *s = get_stream_raw(pu->stream_id);
  if (s) {
    if (s->flags & kStreamIgnoreClientPriorities)
      return call_on_frame_received(frame);
  } else if (detect_idle_stream(pu->stream_id)) {
    if (num_idle_streams_ + num_incoming_streams_ >=
        local_settings_.max_concurrent_streams)
      return handle_invalid_connection(
          frame, NGHTTP2_ERR_PROTO,
          "PRIORITY_UPDATE: max concurrent streams exceeded");
    s = open_stream(pu->stream_id, 0, StreamState::kIdle, nullptr);
    if (!s) return NGHTTP2_ERR_NOMEM;
  } else {
    return call_on_frame_received(frame);
  }
  nghttp2_extpri extpri{NGHTTP2_EXTPRI_DEFAULT_URGENCY, 0};
  if (http::parse_priority(&extpri, pu->field_value, pu->field_value_len) != 0)
    return call_on_frame_received(frame);
  update_stream_priority(s, http::pack_extpri(extpri));
  return call_on_frame_received(frame);
}

int Session::process_priority_update_frame() {
  nghttp2_frame *frame = &iframe_.frame;
  nghttp2_ext_priority_update &p = iframe_.ext_payload.priority_update;
  p.stream_id = static_cast<int32_t>(wire::unpack_u31(iframe_.sbuf));
  p.field_value = iframe_.sbuf_last > 4 ? iframe_.sbuf + 4 : nullptr;
  p.field_value_len = iframe_.sbuf_last - 4;
  frame->ext.payload = &p;
  return on_priority_update_received(frame);
}

int Session::process_extension_frame() {
  nghttp2_frame *frame = &iframe_.frame;
  void *payload = nullptr;
  const int rv = cb_.unpack_extension_callback(handle(), &payload, &frame->hd,
                                               user_data_);
  if (rv == NGHTTP2_ERR_CANCEL) return 0;
  if (rv != 0) return NGHTTP2_ERR_CALLBACK_FAILURE;
  frame->ext.payload = payload;
  return call_on_frame_received(frame);
}

int Session::on_data_received(nghttp2_frame *frame) {
  Stream *s = get_stream(frame->hd.stream_id);
  // Frames on a vanished stream are dropped quietly rather than answered
  // with a stream of RST_STREAMs.
  if (!s || s->state == StreamState::kClosing) return 0;
  if (enforce_http_messaging() && (frame->hd.flags & NGHTTP2_FLAG_END_STREAM) &&
      !http::on_remote_end_stream(s->http)) {
    int rv = handle_invalid_stream2(s->stream_id, frame,
                                    NGHTTP2_ERR_HTTP_MESSAGING);
    if (is_fatal(rv)) return rv;
    rv = update_glitch_ratelim();
    if (rv != 0) return rv;
    if (iframe_.state == InState::kIgnAll) return 0;
    s->shut_flags |= kShutRd;
    return 0;
  }
  int rv = call_on_frame_received(frame);
  if (is_fatal(rv)) return rv;
  if (frame->hd.flags & NGHTTP2_FLAG_END_STREAM) {
    s->shut_flags |= kShutRd;
    rv = close_stream_if_shut_rdwr(s);
    if (is_fatal(rv)) return rv;
  }
  return 0;
}

}  // namespace h2pool

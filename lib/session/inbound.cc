// The receive state machine: bytes in, frames out. Input may stop at any
// byte; fixed-size fields are gathered in a 32-byte buffer, header blocks
// stream straight into the HPACK decoder (no reassembly copy), DATA is
// handed to the application in place, and the few variable-size control
// payloads (GOAWAY debug data, ALTSVC, ORIGIN) use one reusable buffer.
#include <cstring>

#include "session/session.h"
#include "wire/frame_codec.h"

namespace h2pool {

namespace {
constexpr size_t kHd = wire::kFrameHeaderLen;

size_t min_size(size_t a, size_t b) { return a < b ? a : b; }

// Trailing padding bytes of the frame being read (the pad length byte
// itself excluded).
size_t trail_padlen(const nghttp2_frame &f, size_t padlen) {
  (void)f;
  return padlen ? padlen - 1 : 0;
}
}  // namespace

void Session::inbound_frame_reset() {
  InboundFrame &f = iframe_;
  f.frame = nghttp2_frame{};
  f.ext_payload.altsvc = nghttp2_ext_altsvc{};
  f.state = InState::kReadHead;
  f.set_mark(kHd);
  f.lbuf_len = 0;
  f.lbuf_cap = 0;
  f.iv = nullptr;
  f.niv = 0;
  f.max_niv = 0;
  f.payloadleft = 0;
  f.padlen = 0;
}

size_t Session::inbound_buf_read(const uint8_t *in, const uint8_t *last) {
  const size_t n = min_size(static_cast<size_t>(last - in),
                            iframe_.sbuf_mark_avail());
  std::memcpy(iframe_.sbuf + iframe_.sbuf_last, in, n);
  iframe_.sbuf_last += n;
  return n;
}

void Session::inbound_set_settings_entry() {
  InboundFrame &f = iframe_;
  nghttp2_settings_entry iv;
  wire::unpack_settings_entry(&iv, f.sbuf);
  switch (iv.settings_id) {
    case NGHTTP2_SETTINGS_HEADER_TABLE_SIZE:
    case NGHTTP2_SETTINGS_ENABLE_PUSH:
    case NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS:
    case NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE:
    case NGHTTP2_SETTINGS_MAX_FRAME_SIZE:
    case NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE:
    case NGHTTP2_SETTINGS_ENABLE_CONNECT_PROTOCOL:
    case NGHTTP2_SETTINGS_NO_RFC7540_PRIORITIES:
      break;
    default:
      f.iv[f.niv++] = iv;
      return;
  }
  // Known settings keep only their last value.
  size_t i = 0;
  for (; i < f.niv; ++i) {
    if (f.iv[i].settings_id == iv.settings_id) {
      f.iv[i] = iv;
      break;
    }
  }
  if (i == f.niv) f.iv[f.niv++] = iv;
  if (iv.settings_id == NGHTTP2_SETTINGS_HEADER_TABLE_SIZE) {
    nghttp2_settings_entry &min_entry = f.iv[f.max_niv - 1];
    if (iv.value < min_entry.value) min_entry.value = iv.value;
  }
}

int Session::inbound_handle_pad(nghttp2_frame_hd *hd) {
  if (hd->flags & NGHTTP2_FLAG_PADDED) {
    if (hd->length < 1) return -1;
    iframe_.set_mark(1);
    return 1;
  }
  return 0;
}

nghttp2_ssize Session::inbound_compute_pad() {
  const size_t padlen = static_cast<size_t>(iframe_.sbuf[0]) + 1;
  if (padlen - 1 > iframe_.payloadleft) return -1;
  iframe_.padlen = padlen;
  return static_cast<nghttp2_ssize>(padlen);
}

nghttp2_ssize Session::inbound_effective_readlen(size_t payloadleft,
                                                 size_t readlen) {
  const size_t trail = trail_padlen(iframe_.frame, iframe_.padlen);
  if (trail > payloadleft) {
    const size_t padlen = trail - payloadleft;
    if (readlen < padlen) return -1;
    return static_cast<nghttp2_ssize>(readlen - padlen);
  }
  return static_cast<nghttp2_ssize>(readlen);
}

int Session::on_data_received_fail_fast() {
  const int32_t id = iframe_.frame.hd.stream_id;
  const char *reason;
  uint32_t error_code = NGHTTP2_PROTOCOL_ERROR;
  if (id == 0) {
    reason = "DATA: stream_id == 0";
  } else if (detect_idle_stream(id)) {
    reason = "DATA: stream in idle";
  } else {
    Stream *s = get_stream(id);
    if (!s) {
      s = get_stream_raw(id);
      if (!(s && (s->shut_flags & kShutRd))) return kErrIgnPayload;
      reason = "DATA: stream closed";
      error_code = NGHTTP2_STREAM_CLOSED;
    } else if (s->shut_flags & kShutRd) {
      reason = "DATA: stream in half-closed(remote)";
      error_code = NGHTTP2_STREAM_CLOSED;
    } else if (is_my_stream_id(id)) {
      if (s->state == StreamState::kClosing) return kErrIgnPayload;
      if (s->state == StreamState::kOpened) return 0;
      reason = "DATA: stream not opened";
    } else if (s->state == StreamState::kReserved) {
      reason = "DATA: stream in reserved";
    } else if (s->state == StreamState::kClosing) {
      return kErrIgnPayload;
    } else {
      return 0;
    }
  }
  const int rv = terminate(last_proc_stream_id_, error_code, reason);
  if (is_fatal(rv)) return rv;
  return kErrIgnPayload;
}

int Session::recv() {
  uint8_t buf[16384];
  for (;;) {
    nghttp2_ssize n;
    if (cb_.recv_callback2)
      n = cb_.recv_callback2(handle(), buf, sizeof(buf), 0, user_data_);
    else
      n = cb_.recv_callback(handle(), buf, sizeof(buf), 0, user_data_);
    if (n > 0) {
      if (static_cast<size_t>(n) > sizeof(buf)) return NGHTTP2_ERR_CALLBACK_FAILURE;
      const nghttp2_ssize proclen = mem_recv(buf, static_cast<size_t>(n));
      if (proclen < 0) return static_cast<int>(proclen);
    } else if (n == 0 || n == NGHTTP2_ERR_WOULDBLOCK) {
      return 0;
    } else if (n == NGHTTP2_ERR_EOF) {
      return NGHTTP2_ERR_EOF;
    } else {
      return NGHTTP2_ERR_CALLBACK_FAILURE;
    }
  }
}

nghttp2_ssize Session::mem_recv(const uint8_t *in, size_t inlen) {
  const nghttp2_ssize nread = mem_recv_internal(in, inlen);
  if (nread < 0 && is_fatal(static_cast<int>(nread))) return nread;
  // Checked after the fact: a peer that does not read while we queue
  // answers to its frames is flooding us.
  if (outbound_queue_size() > max_outbound_queue_size_)
    return NGHTTP2_ERR_FLOODED;
  return nread;
}

// The states below mirror the order in which a frame's parts arrive.
// Every branch that may have called back checks for kIgnAll afterwards:
// once the session decided to tear down, the rest of the input is
// swallowed.
// The fixed part of a HEADERS frame has been read (and on_begin_frame
// called): open or check the stream, then decide whether the header block
// is decoded or skipped. Returns 0 or a fatal error; the next inbound state
// is left in iframe_.state (kIgnAll when the session is being torn down).
int Session::start_header_block() {
  int rv = process_headers_frame();
  if (is_fatal(rv) || iframe_.state == InState::kIgnAll) return is_fatal(rv) ? rv : 0;
  if (rv == NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE) {
    // The application refused the stream: reset it, skip its fields.
    rv = handle_invalid_stream2(iframe_.frame.hd.stream_id, nullptr,
                                NGHTTP2_ERR_INTERNAL);
    if (is_fatal(rv)) return rv;
    iframe_.state = InState::kIgnHeaderBlock;
    return 0;
  }
  if (rv == kErrIgnHeaderBlock) {
    // A frame we must decode (to keep HPACK in sync) but not deliver counts
    // as a glitch.
    rv = update_glitch_ratelim();
    if (rv != 0) return rv;
    if (iframe_.state != InState::kIgnAll) iframe_.state = InState::kIgnHeaderBlock;
    return 0;
  }
  iframe_.state = InState::kReadHeaderBlock;
  return 0;
}

nghttp2_ssize Session::mem_recv_internal(const uint8_t *in_begin,
                                         size_t inlen) {
  static const uint8_t kEmpty[1] = {0};
  if (!in_begin) in_begin = kEmpty;
  const uint8_t *in = in_begin;
  const uint8_t *const first = in_begin;
  const uint8_t *const last = in_begin + inlen;
  InboundFrame &iframe = iframe_;
  const nghttp2_ssize all = static_cast<nghttp2_ssize>(inlen);
  size_t readlen;
  nghttp2_ssize padlen;
  int rv;
  bool busy = false;

  if (!want_read()) return all;

#define H2_IGN_ALL_CHECK() \
  if (iframe.state == InState::kIgnAll) return all

  for (;;) {
    switch (iframe.state) {
      case InState::kReadClientMagic: {
        readlen = min_size(inlen, iframe.payloadleft);
        static const char kMagic[] = NGHTTP2_CLIENT_MAGIC;
        if (std::memcmp(&kMagic[wire::kClientMagicLen - iframe.payloadleft],
                        in, readlen) != 0)
          return NGHTTP2_ERR_BAD_CLIENT_MAGIC;
        iframe.payloadleft -= readlen;
        in += readlen;
        if (iframe.payloadleft == 0) {
          inbound_frame_reset();
          iframe.state = InState::kReadFirstSettings;
        }
        break;
      }
      case InState::kReadFirstSettings:
        in += inbound_buf_read(in, last);
        if (iframe.sbuf_mark_avail()) return in - first;
        if (iframe.sbuf[3] != NGHTTP2_SETTINGS ||
            (iframe.sbuf[4] & NGHTTP2_FLAG_ACK)) {
          rv = call_error_callback(
              NGHTTP2_ERR_SETTINGS_EXPECTED, "%s",
              "Remote peer returned unexpected data while we expected "
              "SETTINGS frame.  Perhaps, peer does not support HTTP/2 "
              "properly.");
          if (is_fatal(rv)) return rv;
          rv = terminate(last_proc_stream_id_, NGHTTP2_PROTOCOL_ERROR,
                         "SETTINGS expected");
          if (is_fatal(rv)) return rv;
          return all;
        }
        iframe.state = InState::kReadHead;
        [[fallthrough]];
      case InState::kReadHead: {
        bool on_begin_frame_called = false;
        in += inbound_buf_read(in, last);
        if (iframe.sbuf_mark_avail()) return in - first;
        wire::unpack_frame_hd(&iframe.frame.hd, iframe.sbuf);
        iframe.payloadleft = iframe.frame.hd.length;

        if (iframe.frame.hd.length > local_settings_.max_frame_size) {
          rv = terminate(last_proc_stream_id_, NGHTTP2_FRAME_SIZE_ERROR,
                         "too large frame size");
          if (is_fatal(rv)) return rv;
          return all;
        }

        nghttp2_frame_hd &hd = iframe.frame.hd;
        switch (hd.type) {
          case NGHTTP2_DATA: {
            hd.flags &= (NGHTTP2_FLAG_END_STREAM | NGHTTP2_FLAG_PADDED);
            busy = true;
            rv = on_data_received_fail_fast();
            if (is_fatal(rv)) return rv;
            H2_IGN_ALL_CHECK();
            if (rv == kErrIgnPayload) {
              iframe.state = InState::kIgnData;
              break;
            }
            rv = inbound_handle_pad(&hd);
            if (rv < 0) {
              rv = terminate(last_proc_stream_id_, NGHTTP2_PROTOCOL_ERROR,
                             "DATA: insufficient padding space");
              if (is_fatal(rv)) return rv;
              return all;
            }
            if (rv == 1) {
              iframe.state = InState::kReadPadData;
              break;
            }
            // An empty DATA frame that does not end the stream is useless.
            if (iframe.payloadleft == 0 &&
                (hd.flags & NGHTTP2_FLAG_END_STREAM) == 0) {
              rv = update_glitch_ratelim();
              if (rv != 0) return rv;
              H2_IGN_ALL_CHECK();
            }
            iframe.state = InState::kReadData;
            break;
          }
          case NGHTTP2_HEADERS: {
            hd.flags &= (NGHTTP2_FLAG_END_STREAM | NGHTTP2_FLAG_END_HEADERS |
                         NGHTTP2_FLAG_PADDED | NGHTTP2_FLAG_PRIORITY);
            rv = inbound_handle_pad(&hd);
            if (rv < 0) {
              rv = terminate(last_proc_stream_id_, NGHTTP2_PROTOCOL_ERROR,
                             "HEADERS: insufficient padding space");
              if (is_fatal(rv)) return rv;
              return all;
            }
            if (rv == 1) {
              iframe.state = InState::kReadNbyte;
              break;
            }
            const size_t pri_fieldlen =
                (hd.flags & NGHTTP2_FLAG_PRIORITY) ? wire::kPrioritySpecLen : 0;
            if (pri_fieldlen > 0) {
              if (iframe.payloadleft < pri_fieldlen) {
                busy = true;
                iframe.state = InState::kFrameSizeError;
                break;
              }
              iframe.state = InState::kReadNbyte;
              iframe.set_mark(pri_fieldlen);
              break;
            }
            // on_begin_frame must precede on_begin_headers, which the
            // processing below may call.
            rv = call_on_begin_frame(&hd);
            if (is_fatal(rv)) return rv;
            H2_IGN_ALL_CHECK();
            on_begin_frame_called = true;
            iframe.set_mark(0);
            rv = start_header_block();
            if (rv != 0) return rv;
            busy = true;
            H2_IGN_ALL_CHECK();
            break;
          }
          case NGHTTP2_PRIORITY:
            hd.flags = NGHTTP2_FLAG_NONE;
            if (iframe.payloadleft != wire::kPrioritySpecLen) {
              busy = true;
              iframe.state = InState::kFrameSizeError;
              break;
            }
            // RFC 7540 priorities are obsolete; a stream of them is suspect.
            rv = update_glitch_ratelim();
            if (rv != 0) return rv;
            H2_IGN_ALL_CHECK();
            iframe.state = InState::kReadNbyte;
            iframe.set_mark(wire::kPrioritySpecLen);
            break;
          case NGHTTP2_RST_STREAM:
          case NGHTTP2_WINDOW_UPDATE:
            hd.flags = NGHTTP2_FLAG_NONE;
            if (iframe.payloadleft != 4) {
              busy = true;
              iframe.state = InState::kFrameSizeError;
              break;
            }
            iframe.state = InState::kReadNbyte;
            iframe.set_mark(4);
            break;
          case NGHTTP2_SETTINGS:
            hd.flags &= NGHTTP2_FLAG_ACK;
            if ((hd.length % wire::kSettingsEntryLen) ||
                ((hd.flags & NGHTTP2_FLAG_ACK) && iframe.payloadleft > 0)) {
              busy = true;
              iframe.state = InState::kFrameSizeError;
              break;
            }
            if (obq_flood_counter_ >= max_outbound_ack_ &&
                !(hd.flags & NGHTTP2_FLAG_ACK))
              return NGHTTP2_ERR_FLOODED;
            iframe.state = InState::kReadSettings;
            if (iframe.payloadleft) {
              // One extra slot records the smallest HEADER_TABLE_SIZE.
              iframe.max_niv = hd.length / wire::kSettingsEntryLen + 1;
              if (iframe.max_niv - 1 > max_settings_) {
                rv = terminate(last_proc_stream_id_, NGHTTP2_ENHANCE_YOUR_CALM,
                               "SETTINGS: too many setting entries");
                if (is_fatal(rv)) return rv;
                return all;
              }
              if (!iv_buf_.reserve(mem_, sizeof(nghttp2_settings_entry) *
                                             iframe.max_niv))
                return NGHTTP2_ERR_NOMEM;
              iframe.iv = reinterpret_cast<nghttp2_settings_entry *>(iv_buf_.data);
              iframe.iv[iframe.max_niv - 1] = nghttp2_settings_entry{
                  NGHTTP2_SETTINGS_HEADER_TABLE_SIZE, UINT32_MAX};
              iframe.set_mark(wire::kSettingsEntryLen);
              break;
            }
            busy = true;
            iframe.set_mark(0);
            break;
          case NGHTTP2_PUSH_PROMISE:
            hd.flags &= (NGHTTP2_FLAG_END_HEADERS | NGHTTP2_FLAG_PADDED);
            rv = inbound_handle_pad(&hd);
            if (rv < 0) {
              rv = terminate(last_proc_stream_id_, NGHTTP2_PROTOCOL_ERROR,
                             "PUSH_PROMISE: insufficient padding space");
              if (is_fatal(rv)) return rv;
              return all;
            }
            if (rv == 1) {
              iframe.state = InState::kReadNbyte;
              break;
            }
            if (iframe.payloadleft < 4) {
              busy = true;
              iframe.state = InState::kFrameSizeError;
              break;
            }
            iframe.state = InState::kReadNbyte;
            iframe.set_mark(4);
            break;
          case NGHTTP2_PING:
            hd.flags &= NGHTTP2_FLAG_ACK;
            if (iframe.payloadleft != 8) {
              busy = true;
              iframe.state = InState::kFrameSizeError;
              break;
            }
            iframe.state = InState::kReadNbyte;
            iframe.set_mark(8);
            break;
          case NGHTTP2_GOAWAY:
            hd.flags = NGHTTP2_FLAG_NONE;
            if (iframe.payloadleft < 8) {
              busy = true;
              iframe.state = InState::kFrameSizeError;
              break;
            }
            iframe.state = InState::kReadNbyte;
            iframe.set_mark(8);
            break;
          case NGHTTP2_CONTINUATION:
            rv = terminate(last_proc_stream_id_, NGHTTP2_PROTOCOL_ERROR,
                           "CONTINUATION: unexpected");
            if (is_fatal(rv)) return rv;
            return all;
          default: {
            auto ignore_unknown = [&]() -> int {
              // Floods of frames we do not use are suspect too.
              const int r = update_glitch_ratelim();
              if (r != 0) return r;
              if (iframe.state == InState::kIgnAll) return 1;
              busy = true;
              iframe.state = InState::kIgnPayload;
              return 0;
            };
            if (check_ext_type_set(hd.type)) {
              if (!cb_.unpack_extension_callback) {
                rv = ignore_unknown();
                if (rv < 0) return rv;
                if (rv == 1) return all;
                break;
              }
              busy = true;
              iframe.state = InState::kReadExtensionPayload;
              break;
            }
            switch (hd.type) {
              case NGHTTP2_ALTSVC:
                if ((builtin_recv_ext_types_ & kExtAltsvc) == 0) {
                  rv = ignore_unknown();
                  if (rv < 0) return rv;
                  if (rv == 1) return all;
                  break;
                }
                hd.flags = NGHTTP2_FLAG_NONE;
                iframe.frame.ext.payload = &iframe.ext_payload.altsvc;
                if (server_) {
                  rv = ignore_unknown();
                  if (rv < 0) return rv;
                  if (rv == 1) return all;
                  break;
                }
                if (iframe.payloadleft < 2) {
                  busy = true;
                  iframe.state = InState::kFrameSizeError;
                  break;
                }
                busy = true;
                iframe.state = InState::kReadNbyte;
                iframe.set_mark(2);
                break;
              case NGHTTP2_ORIGIN:
                if (!(builtin_recv_ext_types_ & kExtOrigin)) {
                  rv = ignore_unknown();
                  if (rv < 0) return rv;
                  if (rv == 1) return all;
                  break;
                }
                iframe.frame.ext.payload = &iframe.ext_payload.origin;
                if (server_ || hd.stream_id || (hd.flags & 0xf0)) {
                  rv = ignore_unknown();
                  if (rv < 0) return rv;
                  if (rv == 1) return all;
                  break;
                }
                hd.flags = NGHTTP2_FLAG_NONE;
                if (iframe.payloadleft) {
                  if (!lbuf_.reserve(mem_, iframe.payloadleft))
                    return NGHTTP2_ERR_NOMEM;
                  iframe.lbuf_len = 0;
                  iframe.lbuf_cap = iframe.payloadleft;
                } else {
                  busy = true;
                }
                iframe.state = InState::kReadOriginPayload;
                break;
              case NGHTTP2_PRIORITY_UPDATE:
                if ((builtin_recv_ext_types_ & kExtPriorityUpdate) == 0) {
                  rv = ignore_unknown();
                  if (rv < 0) return rv;
                  if (rv == 1) return all;
                  break;
                }
                hd.flags = NGHTTP2_FLAG_NONE;
                iframe.frame.ext.payload = &iframe.ext_payload.priority_update;
                if (!server_) {
                  rv = terminate(last_proc_stream_id_, NGHTTP2_PROTOCOL_ERROR,
                                 "PRIORITY_UPDATE is received from server");
                  if (is_fatal(rv)) return rv;
                  return all;
                }
                if (iframe.payloadleft < 4) {
                  busy = true;
                  iframe.state = InState::kFrameSizeError;
                  break;
                }
                rv = update_glitch_ratelim();
                if (rv != 0) return rv;
                H2_IGN_ALL_CHECK();
                if (iframe.payloadleft > sizeof(iframe.sbuf)) {
                  busy = true;
                  iframe.state = InState::kIgnPayload;
                  break;
                }
                busy = true;
                iframe.state = InState::kReadNbyte;
                iframe.set_mark(iframe.payloadleft);
                break;
              default:
                rv = ignore_unknown();
                if (rv < 0) return rv;
                if (rv == 1) return all;
                break;
            }
            break;
          }
        }

        if (!on_begin_frame_called) {
          switch (iframe.state) {
            case InState::kIgnHeaderBlock:
            case InState::kIgnPayload:
            case InState::kFrameSizeError:
            case InState::kIgnData:
            case InState::kIgnAll:
              break;
            default:
              rv = call_on_begin_frame(&iframe.frame.hd);
              if (is_fatal(rv)) return rv;
              H2_IGN_ALL_CHECK();
          }
        }
        break;
      }
      case InState::kReadNbyte: {
        readlen = inbound_buf_read(in, last);
        in += readlen;
        iframe.payloadleft -= readlen;
        if (iframe.sbuf_mark_avail()) return in - first;
        nghttp2_frame_hd &hd = iframe.frame.hd;
        switch (hd.type) {
          case NGHTTP2_HEADERS: {
            if (iframe.padlen == 0 && (hd.flags & NGHTTP2_FLAG_PADDED)) {
              const size_t pri_fieldlen =
                  (hd.flags & NGHTTP2_FLAG_PRIORITY) ? wire::kPrioritySpecLen : 0;
              padlen = inbound_compute_pad();
              if (padlen < 0 ||
                  static_cast<size_t>(padlen) + pri_fieldlen > 1 + iframe.payloadleft) {
                rv = terminate(last_proc_stream_id_, NGHTTP2_PROTOCOL_ERROR,
                               "HEADERS: invalid padding");
                if (is_fatal(rv)) return rv;
                return all;
              }
              iframe.frame.headers.padlen = static_cast<size_t>(padlen);
              if (pri_fieldlen > 0) {
                if (iframe.payloadleft < pri_fieldlen) {
                  busy = true;
                  iframe.state = InState::kFrameSizeError;
                  break;
                }
                iframe.state = InState::kReadNbyte;
                iframe.set_mark(pri_fieldlen);
                break;
              }
              iframe.set_mark(0);
            }
            rv = start_header_block();
            if (rv != 0) return rv;
            busy = true;
            H2_IGN_ALL_CHECK();
            break;
          }
          case NGHTTP2_PRIORITY:
            inbound_frame_reset();
            break;
          case NGHTTP2_RST_STREAM:
            iframe.frame.rst_stream.error_code = wire::get_u32(iframe.sbuf);
            rv = on_rst_stream_received(&iframe.frame);
            if (is_fatal(rv)) return rv;
            H2_IGN_ALL_CHECK();
            inbound_frame_reset();
            break;
          case NGHTTP2_PUSH_PROMISE:
            if (iframe.padlen == 0 && (hd.flags & NGHTTP2_FLAG_PADDED)) {
              padlen = inbound_compute_pad();
              if (padlen < 0 ||
                  static_cast<size_t>(padlen) + 4 > 1 + iframe.payloadleft) {
                rv = terminate(last_proc_stream_id_, NGHTTP2_PROTOCOL_ERROR,
                               "PUSH_PROMISE: invalid padding");
                if (is_fatal(rv)) return rv;
                return all;
              }
              iframe.frame.push_promise.padlen = static_cast<size_t>(padlen);
              if (iframe.payloadleft < 4) {
                busy = true;
                iframe.state = InState::kFrameSizeError;
                break;
              }
              iframe.state = InState::kReadNbyte;
              iframe.set_mark(4);
              break;
            }
            rv = process_push_promise_frame();
            if (is_fatal(rv)) return rv;
            busy = true;
            H2_IGN_ALL_CHECK();
            if (rv == NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE) {
              rv = handle_invalid_stream2(
                  iframe.frame.push_promise.promised_stream_id, nullptr,
                  NGHTTP2_ERR_INTERNAL);
              if (is_fatal(rv)) return rv;
              iframe.state = InState::kIgnHeaderBlock;
              break;
            }
            if (rv == kErrIgnHeaderBlock) {
              iframe.state = InState::kIgnHeaderBlock;
              break;
            }
            iframe.state = InState::kReadHeaderBlock;
            break;
          case NGHTTP2_PING:
            std::memcpy(iframe.frame.ping.opaque_data, iframe.sbuf, 8);
            rv = on_ping_received(&iframe.frame);
            if (is_fatal(rv)) return rv;
            H2_IGN_ALL_CHECK();
            inbound_frame_reset();
            break;
          case NGHTTP2_GOAWAY: {
            const size_t debuglen = hd.length - 8;
            if (debuglen > 0) {
              if (!lbuf_.reserve(mem_, debuglen)) return NGHTTP2_ERR_NOMEM;
              iframe.lbuf_len = 0;
              iframe.lbuf_cap = debuglen;
            }
            busy = true;
            iframe.state = InState::kReadGoawayDebug;
            break;
          }
          case NGHTTP2_WINDOW_UPDATE:
            iframe.frame.window_update.window_size_increment =
                static_cast<int32_t>(wire::unpack_u31(iframe.sbuf));
            rv = on_window_update_received(&iframe.frame);
            if (is_fatal(rv)) return rv;
            H2_IGN_ALL_CHECK();
            inbound_frame_reset();
            break;
          case NGHTTP2_ALTSVC: {
            const size_t origin_len = wire::get_u16(iframe.sbuf);
            if (origin_len > iframe.payloadleft) {
              busy = true;
              iframe.state = InState::kFrameSizeError;
              break;
            }
            if (hd.length > 2) {
              if (!lbuf_.reserve(mem_, hd.length)) return NGHTTP2_ERR_NOMEM;
              iframe.lbuf_len = 0;
              iframe.lbuf_cap = hd.length;
            }
            busy = true;
            iframe.state = InState::kReadAltsvcPayload;
            break;
          }
          case NGHTTP2_PRIORITY_UPDATE:
            rv = process_priority_update_frame();
            if (is_fatal(rv)) return rv;
            H2_IGN_ALL_CHECK();
            inbound_frame_reset();
            break;
          default:
            inbound_frame_reset();
            break;
        }
        break;
      }
      case InState::kReadHeaderBlock:
      case InState::kIgnHeaderBlock: {
        readlen = min_size(static_cast<size_t>(last - in), iframe.payloadleft);
        nghttp2_ssize data_readlen =
            inbound_effective_readlen(iframe.payloadleft - readlen, readlen);
        if (data_readlen == -1) data_readlen = 0;  // all padding
        const size_t trail = trail_padlen(iframe.frame, iframe.padlen);
        const bool final =
            (iframe.frame.hd.flags & NGHTTP2_FLAG_END_HEADERS) &&
            iframe.payloadleft - static_cast<size_t>(data_readlen) == trail;
        if (data_readlen > 0 || (data_readlen == 0 && final)) {
          size_t hd_proclen = 0;
          rv = inflate_header_block(&iframe.frame, &hd_proclen, in,
                                    static_cast<size_t>(data_readlen), final,
                                    iframe.state == InState::kReadHeaderBlock);
          if (is_fatal(rv)) return rv;
          H2_IGN_ALL_CHECK();
          if (rv == NGHTTP2_ERR_PAUSE) {
            in += hd_proclen;
            iframe.payloadleft -= hd_proclen;
            return in - first;
          }
          if (rv == NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE) {
            // The application wants no more of this block: decode the rest
            // (the HPACK state must stay in sync) without callbacks.
            in += hd_proclen;
            iframe.payloadleft -= hd_proclen;
            rv = handle_invalid_stream2(
                iframe.frame.hd.type == NGHTTP2_PUSH_PROMISE
                    ? iframe.frame.push_promise.promised_stream_id
                    : iframe.frame.hd.stream_id,
                nullptr, NGHTTP2_ERR_INTERNAL);
            if (is_fatal(rv)) return rv;
            busy = true;
            iframe.state = InState::kIgnHeaderBlock;
            break;
          }
          in += readlen;
          iframe.payloadleft -= readlen;
          if (rv == NGHTTP2_ERR_HEADER_COMP) {
            // GOAWAY is already queued.
            if (iframe.payloadleft == 0) {
              inbound_frame_reset();
            } else {
              busy = true;
              iframe.state = InState::kIgnPayload;
            }
            break;
          }
        } else {
          in += readlen;
          iframe.payloadleft -= readlen;
        }
        if (iframe.payloadleft) break;
        if ((iframe.frame.hd.flags & NGHTTP2_FLAG_END_HEADERS) == 0) {
          iframe.set_mark(kHd);
          iframe.padlen = 0;
          iframe.state = iframe.state == InState::kReadHeaderBlock
                             ? InState::kExpectContinuation
                             : InState::kIgnContinuation;
        } else {
          if (iframe.state == InState::kReadHeaderBlock) {
            rv = after_header_block_received();
            if (is_fatal(rv)) return rv;
            H2_IGN_ALL_CHECK();
          }
          inbound_frame_reset();
          num_continuations_ = 0;
        }
        break;
      }
      case InState::kIgnPayload:
        readlen = min_size(static_cast<size_t>(last - in), iframe.payloadleft);
        iframe.payloadleft -= readlen;
        in += readlen;
        if (iframe.payloadleft) break;
        switch (iframe.frame.hd.type) {
          case NGHTTP2_HEADERS:
          case NGHTTP2_PUSH_PROMISE:
          case NGHTTP2_CONTINUATION:
            // A skipped header block leaves the decoder out of sync.
            inflater_bad_ = true;
            break;
          default:
            break;
        }
        inbound_frame_reset();
        break;
      case InState::kFrameSizeError:
        rv = terminate(last_proc_stream_id_, NGHTTP2_FRAME_SIZE_ERROR, nullptr);
        if (is_fatal(rv)) return rv;
        return all;
      case InState::kReadSettings:
        readlen = inbound_buf_read(in, last);
        iframe.payloadleft -= readlen;
        in += readlen;
        if (iframe.sbuf_mark_avail()) break;
        if (readlen > 0) inbound_set_settings_entry();
        if (iframe.payloadleft) {
          iframe.set_mark(wire::kSettingsEntryLen);
          break;
        }
        rv = process_settings_frame();
        if (is_fatal(rv)) return rv;
        H2_IGN_ALL_CHECK();
        inbound_frame_reset();
        break;
      case InState::kReadGoawayDebug:
      case InState::kReadAltsvcPayload:
      case InState::kReadOriginPayload: {
        readlen = min_size(static_cast<size_t>(last - in), iframe.payloadleft);
        if (readlen > 0) {
          std::memcpy(lbuf_.data + iframe.lbuf_len, in, readlen);
          iframe.lbuf_len += readlen;
          iframe.payloadleft -= readlen;
          in += readlen;
        }
        if (iframe.payloadleft) break;
        if (iframe.state == InState::kReadGoawayDebug)
          rv = process_goaway_frame();
        else if (iframe.state == InState::kReadAltsvcPayload)
          rv = process_altsvc_frame();
        else
          rv = process_origin_frame();
        if (is_fatal(rv)) return rv;
        H2_IGN_ALL_CHECK();
        inbound_frame_reset();
        break;
      }
      case InState::kExpectContinuation:
      case InState::kIgnContinuation: {
        in += inbound_buf_read(in, last);
        if (iframe.sbuf_mark_avail()) return in - first;
        nghttp2_frame_hd cont_hd;
        wire::unpack_frame_hd(&cont_hd, iframe.sbuf);
        iframe.payloadleft = cont_hd.length;
        if (cont_hd.type != NGHTTP2_CONTINUATION ||
            cont_hd.stream_id != iframe.frame.hd.stream_id) {
          rv = terminate(last_proc_stream_id_, NGHTTP2_PROTOCOL_ERROR,
                         "unexpected non-CONTINUATION frame or stream_id is "
                         "invalid");
          if (is_fatal(rv)) return rv;
          return all;
        }
        if (++num_continuations_ > max_continuations_)
          return NGHTTP2_ERR_TOO_MANY_CONTINUATIONS;
        iframe.frame.hd.flags = static_cast<uint8_t>(
            iframe.frame.hd.flags | (cont_hd.flags & NGHTTP2_FLAG_END_HEADERS));
        iframe.frame.hd.length += cont_hd.length;
        busy = true;
        if (iframe.state == InState::kExpectContinuation) {
          iframe.state = InState::kReadHeaderBlock;
          rv = call_on_begin_frame(&cont_hd);
          if (is_fatal(rv)) return rv;
          H2_IGN_ALL_CHECK();
        } else {
          iframe.state = InState::kIgnHeaderBlock;
        }
        break;
      }
      case InState::kReadPadData: {
        readlen = inbound_buf_read(in, last);
        in += readlen;
        iframe.payloadleft -= readlen;
        if (iframe.sbuf_mark_avail()) return in - first;
        // The pad length byte counts against flow control and is consumed
        // at once.
        rv = update_recv_connection_window_size(readlen);
        if (is_fatal(rv)) return rv;
        H2_IGN_ALL_CHECK();
        rv = consume(iframe.frame.hd.stream_id, readlen);
        if (is_fatal(rv)) return rv;
        H2_IGN_ALL_CHECK();
        if (Stream *s = get_stream(iframe.frame.hd.stream_id)) {
          rv = update_recv_stream_window_size(
              s, readlen,
              iframe.payloadleft ||
                  (iframe.frame.hd.flags & NGHTTP2_FLAG_END_STREAM) == 0);
          if (is_fatal(rv)) return rv;
          H2_IGN_ALL_CHECK();
        }
        busy = true;
        padlen = inbound_compute_pad();
        if (padlen < 0) {
          rv = terminate(last_proc_stream_id_, NGHTTP2_PROTOCOL_ERROR,
                         "DATA: invalid padding");
          if (is_fatal(rv)) return rv;
          return all;
        }
        iframe.frame.data.padlen = static_cast<size_t>(padlen);
        if (iframe.payloadleft == 0 &&
            (iframe.frame.hd.flags & NGHTTP2_FLAG_END_STREAM) == 0) {
          rv = update_glitch_ratelim();
          if (rv != 0) return rv;
          H2_IGN_ALL_CHECK();
        }
        iframe.state = InState::kReadData;
        break;
      }
      case InState::kReadData: {
        Stream *s = get_stream(iframe.frame.hd.stream_id);
        if (!s) {
          busy = true;
          iframe.state = InState::kIgnData;
          break;
        }
        readlen = min_size(static_cast<size_t>(last - in), iframe.payloadleft);
        iframe.payloadleft -= readlen;
        in += readlen;
        if (readlen > 0) {
          rv = update_recv_connection_window_size(readlen);
          if (is_fatal(rv)) return rv;
          H2_IGN_ALL_CHECK();
          rv = update_recv_stream_window_size(
              s, readlen,
              iframe.payloadleft ||
                  (iframe.frame.hd.flags & NGHTTP2_FLAG_END_STREAM) == 0);
          if (is_fatal(rv)) return rv;
          H2_IGN_ALL_CHECK();
          nghttp2_ssize data_readlen =
              inbound_effective_readlen(iframe.payloadleft, readlen);
          if (data_readlen == -1) data_readlen = 0;
          padlen = static_cast<nghttp2_ssize>(readlen) - data_readlen;
          if (padlen > 0) {
            // Padding counts as consumed immediately.
            rv = consume(iframe.frame.hd.stream_id, static_cast<size_t>(padlen));
            if (is_fatal(rv)) return rv;
            H2_IGN_ALL_CHECK();
          }
          if (data_readlen > 0) {
            if (enforce_http_messaging() &&
                !http::on_data_chunk(s->http, static_cast<size_t>(data_readlen))) {
              if (no_auto_window_update_) {
                rv = update_connection_consumed_size(
                    static_cast<size_t>(data_readlen));
                if (is_fatal(rv)) return rv;
                if (iframe.state == InState::kIgnData) return all;
              }
              rv = handle_invalid_stream2(iframe.frame.hd.stream_id,
                                          &iframe.frame, NGHTTP2_ERR_PROTO);
              if (is_fatal(rv)) return rv;
              rv = update_glitch_ratelim();
              if (rv != 0) return rv;
              H2_IGN_ALL_CHECK();
              busy = true;
              iframe.state = InState::kIgnData;
              break;
            }
            if (cb_.on_data_chunk_recv_callback) {
              rv = cb_.on_data_chunk_recv_callback(
                  handle(), iframe.frame.hd.flags, iframe.frame.hd.stream_id,
                  in - readlen, static_cast<size_t>(data_readlen), user_data_);
              if (is_fatal(rv)) return NGHTTP2_ERR_CALLBACK_FAILURE;
              H2_IGN_ALL_CHECK();
              if (rv == NGHTTP2_ERR_PAUSE) return in - first;
            }
          }
        }
        if (iframe.payloadleft) break;
        rv = on_data_received(&iframe.frame);
        if (is_fatal(rv)) return rv;
        H2_IGN_ALL_CHECK();
        inbound_frame_reset();
        break;
      }
      case InState::kIgnData:
        readlen = min_size(static_cast<size_t>(last - in), iframe.payloadleft);
        iframe.payloadleft -= readlen;
        in += readlen;
        if (readlen > 0) {
          // Ignored DATA still used the connection window.
          rv = update_recv_connection_window_size(readlen);
          if (is_fatal(rv)) return rv;
          H2_IGN_ALL_CHECK();
          if (no_auto_window_update_) {
            rv = update_connection_consumed_size(readlen);
            if (is_fatal(rv)) return rv;
            H2_IGN_ALL_CHECK();
          }
        }
        if (iframe.payloadleft) break;
        inbound_frame_reset();
        break;
      case InState::kIgnAll:
        return all;
      case InState::kReadExtensionPayload:
        readlen = min_size(static_cast<size_t>(last - in), iframe.payloadleft);
        iframe.payloadleft -= readlen;
        in += readlen;
        if (readlen > 0) {
          rv = 0;
          if (cb_.on_extension_chunk_recv_callback) {
            rv = cb_.on_extension_chunk_recv_callback(
                handle(), &iframe.frame.hd, in - readlen, readlen, user_data_);
            if (rv != 0 && rv != NGHTTP2_ERR_CANCEL)
              return NGHTTP2_ERR_CALLBACK_FAILURE;
          }
          H2_IGN_ALL_CHECK();
          if (rv != 0) {
            busy = true;
            iframe.state = InState::kIgnPayload;
            break;
          }
        }
        if (iframe.payloadleft > 0) break;
        rv = process_extension_frame();
        if (is_fatal(rv)) return rv;
        H2_IGN_ALL_CHECK();
        inbound_frame_reset();
        break;
    }

    if (!busy && in == last) break;
    busy = false;
  }
#undef H2_IGN_ALL_CHECK
  return in - first;
}

}  // namespace h2pool

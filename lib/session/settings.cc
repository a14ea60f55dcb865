// SETTINGS in both directions. Our SETTINGS take effect when the peer
// acknowledges them (kept in the in-flight list until then), except for the
// few values we enforce as soon as they are queued; the peer's SETTINGS
// take effect on receipt and are acknowledged automatically.
#include <cstring>

#include "session/flow_window.h"
#include "http/settings_check.h"
#include "session/session.h"
#include "wire/frame_codec.h"

namespace h2pool {

InflightSettings *Session::new_inflight(const nghttp2_settings_entry *iv,
                                        size_t niv) {
  InflightSettings *s = free_inflight_;
  if (s) {
    free_inflight_ = s->next;
  } else {
    s = static_cast<InflightSettings *>(mem_.alloc(sizeof(InflightSettings)));
    if (!s) return nullptr;
    ::new (s) InflightSettings();
  }
  if (niv > s->cap) {
    void *p = mem_.realloc(s->iv, niv * sizeof(nghttp2_settings_entry));
    if (!p) {
      s->next = free_inflight_;
      free_inflight_ = s;
      return nullptr;
    }
    s->iv = static_cast<nghttp2_settings_entry *>(p);
    s->cap = niv;
  }
  if (niv) std::memcpy(s->iv, iv, niv * sizeof(nghttp2_settings_entry));
  s->niv = niv;
  s->next = nullptr;
  return s;
}

void Session::free_inflight(InflightSettings *s) {
  s->next = free_inflight_;
  free_inflight_ = s;
}

int Session::add_settings(uint8_t flags, const nghttp2_settings_entry *iv,
                          size_t niv) {
  uint8_t no_rfc7540_pri = pending_no_rfc7540_priorities_;
  if (flags & NGHTTP2_FLAG_ACK) {
    if (niv != 0) return NGHTTP2_ERR_INVALID_ARGUMENT;
    if (obq_flood_counter_ >= max_outbound_ack_) return NGHTTP2_ERR_FLOODED;
  }
  if (!http::settings_valid(iv, niv)) return NGHTTP2_ERR_INVALID_ARGUMENT;
  // NO_RFC7540_PRIORITIES may be announced once and never changed.
  for (size_t i = 0; i < niv; ++i) {
    if (iv[i].settings_id != NGHTTP2_SETTINGS_NO_RFC7540_PRIORITIES) continue;
    if (no_rfc7540_pri == 0xff) {
      no_rfc7540_pri = static_cast<uint8_t>(iv[i].value);
      continue;
    }
    if (iv[i].value != no_rfc7540_pri) return NGHTTP2_ERR_INVALID_ARGUMENT;
  }

  OutboundItem *item = new_item();
  if (!item) return NGHTTP2_ERR_NOMEM;
  nghttp2_settings_entry *copy = nullptr;
  if (niv) {
    if (!item->storage.reserve(mem_, niv * sizeof(nghttp2_settings_entry))) {
      free_item(item);
      return NGHTTP2_ERR_NOMEM;
    }
    copy = reinterpret_cast<nghttp2_settings_entry *>(item->storage.data);
    std::memcpy(copy, iv, niv * sizeof(nghttp2_settings_entry));
  }
  InflightSettings *inflight = nullptr;
  if ((flags & NGHTTP2_FLAG_ACK) == 0) {
    inflight = new_inflight(iv, niv);
    if (!inflight) {
      free_item(item);
      return NGHTTP2_ERR_NOMEM;
    }
  }
  wire::init_frame_hd(&item->frame.hd, niv * wire::kSettingsEntryLen,
                      NGHTTP2_SETTINGS, flags, 0);
  item->frame.settings.niv = niv;
  item->frame.settings.iv = copy;
  const int rv = add_item(item);
  if (rv != 0) {
    if (inflight) free_inflight(inflight);
    free_item(item);
    return rv;
  }
  if (flags & NGHTTP2_FLAG_ACK) {
    ++obq_flood_counter_;
  } else {
    InflightSettings **tail = &inflight_settings_head_;
    while (*tail) tail = &(*tail)->next;
    *tail = inflight;
  }

  // These are enforced before the ACK arrives: refusing streams beyond a
  // lowered limit and pushes we just disabled must start right away.
  for (size_t i = niv; i > 0; --i) {
    if (iv[i - 1].settings_id == NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS) {
      pending_local_max_concurrent_stream_ = iv[i - 1].value;
      break;
    }
  }
  for (size_t i = niv; i > 0; --i) {
    if (iv[i - 1].settings_id == NGHTTP2_SETTINGS_ENABLE_PUSH) {
      pending_enable_push_ = static_cast<uint8_t>(iv[i - 1].value);
      break;
    }
  }
  for (size_t i = niv; i > 0; --i) {
    if (iv[i - 1].settings_id == NGHTTP2_SETTINGS_ENABLE_CONNECT_PROTOCOL) {
      pending_enable_connect_protocol_ = static_cast<uint8_t>(iv[i - 1].value);
      break;
    }
  }
  pending_no_rfc7540_priorities_ = no_rfc7540_pri == 0xff ? 0 : no_rfc7540_pri;
  return 0;
}

int Session::submit_settings(const nghttp2_settings_entry *iv, size_t niv) {
  return add_settings(NGHTTP2_FLAG_NONE, iv, niv);
}

int Session::update_remote_initial_window_size(int32_t new_size) {
  const int32_t old_size =
      static_cast<int32_t>(remote_settings_.initial_window_size);
  return streams_.for_each([&](void *v) {
    Stream *s = static_cast<Stream *>(v);
    const int64_t w = static_cast<int64_t>(s->remote_window_size) + new_size -
                      old_size;
    if (w < INT32_MIN || w > NGHTTP2_MAX_WINDOW_SIZE)
      return static_cast<int>(NGHTTP2_ERR_FLOW_CONTROL);
    s->remote_window_size = static_cast<int32_t>(w);
    // A window that became positive releases DATA parked on it.
    if (s->remote_window_size > 0 && s->item &&
        (s->flags & kStreamDeferredFlowControl))
      return resume_deferred_stream_item(s, kStreamDeferredFlowControl);
    return 0;
  });
}

int Session::update_local_initial_window_size(int32_t new_size,
                                              int32_t old_size) {
  return streams_.for_each([&](void *v) {
    Stream *s = static_cast<Stream *>(v);
    const int64_t w =
        static_cast<int64_t>(s->local_window_size) + new_size - old_size;
    if (w < INT32_MIN || w > NGHTTP2_MAX_WINDOW_SIZE)
      return static_cast<int>(NGHTTP2_ERR_FLOW_CONTROL);
    s->local_window_size = static_cast<int32_t>(w);
    if (s->window_update_queued) return 0;
    if (no_auto_window_update_) return update_stream_consumed_size(s, 0);
    if (flow::should_send_window_update(s->local_window_size,
                                        s->recv_window_size)) {
      const int rv = add_window_update(0, s->stream_id, s->recv_window_size);
      if (rv != 0) return rv;
      s->recv_window_size = 0;
    }
    return 0;
  });
}

int Session::update_local_settings(const nghttp2_settings_entry *iv,
                                   size_t niv) {
  int32_t new_initial_window_size = -1;
  uint32_t header_table_size = 0;
  uint32_t min_header_table_size = UINT32_MAX;
  bool header_table_size_seen = false;
  for (size_t i = 0; i < niv; ++i) {
    switch (iv[i].settings_id) {
      case NGHTTP2_SETTINGS_HEADER_TABLE_SIZE:
        header_table_size_seen = true;
        header_table_size = iv[i].value;
        if (iv[i].value < min_header_table_size)
          min_header_table_size = iv[i].value;
        break;
      case NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE:
        new_initial_window_size = static_cast<int32_t>(iv[i].value);
        break;
    }
  }
  int rv;
  if (header_table_size_seen) {
    // Announcing a dip below the final size obliges the peer to emit both
    // size updates, so the decoder must see both.
    if (min_header_table_size < header_table_size) {
      rv = inflater_.change_table_size(min_header_table_size);
      if (rv != 0) return rv;
    }
    rv = inflater_.change_table_size(header_table_size);
    if (rv != 0) return rv;
  }
  if (new_initial_window_size != -1) {
    rv = update_local_initial_window_size(
        new_initial_window_size,
        static_cast<int32_t>(local_settings_.initial_window_size));
    if (rv != 0) return rv;
  }
  for (size_t i = 0; i < niv; ++i)
    if (uint32_t *slot = local_settings_.slot(iv[i].settings_id))
      *slot = iv[i].value;
  return 0;
}

int Session::on_settings_received(nghttp2_frame *frame, bool noack) {
  if (frame->hd.stream_id != 0)
    return handle_invalid_connection(frame, NGHTTP2_ERR_PROTO,
                                     "SETTINGS: stream_id != 0");
  if (frame->hd.flags & NGHTTP2_FLAG_ACK) {
    if (frame->settings.niv != 0)
      return handle_invalid_connection(frame, NGHTTP2_ERR_FRAME_SIZE_ERROR,
                                       "SETTINGS: ACK and payload != 0");
    InflightSettings *settings = inflight_settings_head_;
    if (!settings)
      return handle_invalid_connection(frame, NGHTTP2_ERR_PROTO,
                                       "SETTINGS: unexpected ACK");
    const int rv = update_local_settings(settings->iv, settings->niv);
    inflight_settings_head_ = settings->next;
    free_inflight(settings);
    if (rv != 0) {
      if (is_fatal(rv)) return rv;
      return handle_invalid_connection(frame, rv, nullptr);
    }
    return call_on_frame_received(frame);
  }

  if (!remote_settings_received_) {
    // The provisional cap of 100 only stands until the peer speaks.
    remote_settings_.max_concurrent_streams = 0xffffffffu;
    remote_settings_received_ = true;
  }

  for (size_t i = 0; i < frame->settings.niv; ++i) {
    const nghttp2_settings_entry &e = frame->settings.iv[i];
    switch (e.settings_id) {
      case NGHTTP2_SETTINGS_HEADER_TABLE_SIZE: {
        const int rv = deflater_.change_table_size(e.value);
        if (rv != 0) {
          if (is_fatal(rv)) return rv;
          return handle_invalid_connection(frame, NGHTTP2_ERR_HEADER_COMP,
                                           nullptr);
        }
        remote_settings_.header_table_size = e.value;
        break;
      }
      case NGHTTP2_SETTINGS_ENABLE_PUSH:
        if (e.value != 0 && e.value != 1)
          return handle_invalid_connection(
              frame, NGHTTP2_ERR_PROTO, "SETTINGS: invalid SETTINGS_ENBLE_PUSH");
        if (!server_ && e.value != 0)
          return handle_invalid_connection(
              frame, NGHTTP2_ERR_PROTO,
              "SETTINGS: server attempted to enable push");
        remote_settings_.enable_push = e.value;
        break;
      case NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS:
        remote_settings_.max_concurrent_streams = e.value;
        break;
      case NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE: {
        if (e.value > static_cast<uint32_t>(NGHTTP2_MAX_WINDOW_SIZE))
          return handle_invalid_connection(
              frame, NGHTTP2_ERR_FLOW_CONTROL,
              "SETTINGS: too large SETTINGS_INITIAL_WINDOW_SIZE");
        const int rv =
            update_remote_initial_window_size(static_cast<int32_t>(e.value));
        if (is_fatal(rv)) return rv;
        if (rv != 0)
          return handle_invalid_connection(frame, NGHTTP2_ERR_FLOW_CONTROL,
                                           nullptr);
        remote_settings_.initial_window_size = e.value;
        break;
      }
      case NGHTTP2_SETTINGS_MAX_FRAME_SIZE:
        if (e.value < wire::kMinMaxFrameSize || e.value > wire::kMaxMaxFrameSize)
          return handle_invalid_connection(
              frame, NGHTTP2_ERR_PROTO,
              "SETTINGS: invalid SETTINGS_MAX_FRAME_SIZE");
        remote_settings_.max_frame_size = e.value;
        break;
      case NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE:
        remote_settings_.max_header_list_size = e.value;
        break;
      case NGHTTP2_SETTINGS_ENABLE_CONNECT_PROTOCOL:
        if (e.value != 0 && e.value != 1)
          return handle_invalid_connection(
              frame, NGHTTP2_ERR_PROTO,
              "SETTINGS: invalid SETTINGS_ENABLE_CONNECT_PROTOCOL");
        if (!server_ && remote_settings_.enable_connect_protocol &&
            e.value == 0)
          return handle_invalid_connection(
              frame, NGHTTP2_ERR_PROTO,
              "SETTINGS: server attempted to disable "
              "SETTINGS_ENABLE_CONNECT_PROTOCOL");
        remote_settings_.enable_connect_protocol = e.value;
        break;
      case NGHTTP2_SETTINGS_NO_RFC7540_PRIORITIES:
        if (e.value != 0 && e.value != 1)
          return handle_invalid_connection(
              frame, NGHTTP2_ERR_PROTO,
              "SETTINGS: invalid SETTINGS_NO_RFC7540_PRIORITIES");
        if (remote_settings_.no_rfc7540_priorities != UINT32_MAX &&
            remote_settings_.no_rfc7540_priorities != e.value)
          return handle_invalid_connection(
              frame, NGHTTP2_ERR_PROTO,
              "SETTINGS: SETTINGS_NO_RFC7540_PRIORITIES cannot be changed");
        remote_settings_.no_rfc7540_priorities = e.value;
        break;
      default:
        break;
    }
  }
  if (remote_settings_.no_rfc7540_priorities == UINT32_MAX)
    remote_settings_.no_rfc7540_priorities = 0;

  if (!noack && !session_is_closing()) {
    const int rv = add_settings(NGHTTP2_FLAG_ACK, nullptr, 0);
    if (rv != 0) {
      if (is_fatal(rv)) return rv;
      return handle_invalid_connection(frame, NGHTTP2_ERR_INTERNAL, nullptr);
    }
  }
  return call_on_frame_received(frame);
}

int Session::upgrade(const uint8_t *payload, size_t len, bool head_request,
                     bool legacy, void *stream_user_data) {
  if ((!server_ && next_stream_id_ != 1) ||
      (server_ && last_recv_stream_id_ >= 1))
    return NGHTTP2_ERR_PROTO;
  if (len % wire::kSettingsEntryLen) return NGHTTP2_ERR_INVALID_ARGUMENT;
  const size_t niv = len / wire::kSettingsEntryLen;
  if (niv > max_settings_) return NGHTTP2_ERR_TOO_MANY_SETTINGS;
  if (!iv_buf_.reserve(mem_, (niv + 1) * sizeof(nghttp2_settings_entry)))
    return NGHTTP2_ERR_NOMEM;
  auto *iv = reinterpret_cast<nghttp2_settings_entry *>(iv_buf_.data);
  for (size_t i = 0; i < niv; ++i)
    wire::unpack_settings_entry(&iv[i], payload + i * wire::kSettingsEntryLen);

  int rv;
  if (server_) {
    nghttp2_frame frame{};
    wire::init_frame_hd(&frame.hd, len, NGHTTP2_SETTINGS, 0, 0);
    frame.settings.iv = iv;
    frame.settings.niv = niv;
    rv = on_settings_received(&frame, true);
  } else {
    rv = submit_settings(iv, niv);
  }
  if (rv != 0) return rv;

  Stream *s = open_stream(1, 0, StreamState::kOpening,
                          server_ ? nullptr : stream_user_data);
  if (!s) return NGHTTP2_ERR_NOMEM;
  if (server_) {
    s->shut_flags |= kShutRd;
    last_recv_stream_id_ = 1;
    last_proc_stream_id_ = 1;
  } else {
    s->shut_flags |= kShutWr;
    last_sent_stream_id_ = 1;
    next_stream_id_ += 2;
  }
  // Without the request in hand the method is unknown: HEAD must be told
  // explicitly (upgrade2), and the legacy call cannot trust
  // content-length at all.
  if (legacy) s->http.flags |= http::kMethodUpgradeWorkaround;
  else if (head_request) s->http.flags |= http::kMethodHead;
  return 0;
}

}  // namespace h2pool

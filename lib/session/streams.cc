// Stream lifetime: opening, closing, and the bulk close on GOAWAY.
#include "session/session.h"

namespace h2pool {

Stream *Session::open_stream(int32_t id, uint8_t flags, StreamState state,
                             void *user_data) {
  Stream *s = get_stream_raw(id);
  if (no_rfc9113_ws_validation_) flags |= kStreamNoRfc9113WsValidation;
  if (state == StreamState::kReserved) flags |= kStreamPush;

  if (s) {
    // Only an idle stream (created by PRIORITY_UPDATE) can be reopened.
    --num_idle_streams_;
    s->flags = flags;
    s->state = state;
    s->stream_user_data = user_data;
  } else {
    s = stream_pool_.acquire();
    if (!s) return nullptr;
    s->stream_id = id;
    s->state = state;
    s->flags = flags;
    s->remote_window_size =
        static_cast<int32_t>(remote_settings_.initial_window_size);
    s->local_window_size =
        static_cast<int32_t>(local_settings_.initial_window_size);
    s->stream_user_data = user_data;
    s->seq = stream_seq_++;
    if (!streams_.insert(s)) {
      stream_pool_.release(s);
      return nullptr;
    }
  }

  switch (state) {
    case StreamState::kReserved:
      if (is_my_stream_id(id)) {
        s->shut_flags |= kShutRd;
      } else {
        s->shut_flags |= kShutWr;
        ++num_incoming_reserved_streams_;
      }
      break;
    case StreamState::kIdle:
      ++num_idle_streams_;
      break;
    default:
      if (is_my_stream_id(id)) ++num_outgoing_streams_;
      else ++num_incoming_streams_;
  }
  return s;
}

int Session::close_stream(int32_t id, uint32_t error_code) {
  Stream *s = get_stream(id);
  if (!s) return NGHTTP2_ERR_INVALID_ARGUMENT;

  if (cb_.on_stream_close_callback &&
      cb_.on_stream_close_callback(handle(), id, error_code, user_data_) != 0)
    return NGHTTP2_ERR_CALLBACK_FAILURE;

  if (OutboundItem *item = s->item) {
    detach_stream_item(s);
    // A queued item or the one being sent is freed by its owner.
    if (!item->queued && item != aob_item_) free_item(item);
  }

  const bool mine = is_my_stream_id(id);
  if (s->flags & kStreamPush) {
    if (!mine) --num_incoming_reserved_streams_;
  } else if (mine) {
    --num_outgoing_streams_;
  } else {
    --num_incoming_streams_;
  }
  s->flags |= kStreamClosed;
  destroy_stream(s);
  return 0;
}

void Session::destroy_stream(Stream *s) {
  if (s->queued) ob_data_remove(s);
  streams_.remove(s->stream_id);
  stream_pool_.release(s);
}

int Session::close_stream_if_shut_rdwr(Stream *s) {
  if ((s->shut_flags & kShutRdWr) == kShutRdWr)
    return close_stream(s->stream_id, NGHTTP2_NO_ERROR);
  return 0;
}

int Session::close_streams_on_goaway(int32_t last_stream_id, bool incoming) {
  // Closing runs callbacks that may touch the map, so collect first. The
  // list links stream ids, found again through the map when visited.
  int32_t head = 0;
  streams_.for_each([&](void *v) {
    Stream *s = static_cast<Stream *>(v);
    if (is_my_stream_id(s->stream_id)) {
      if (incoming) return 0;
    } else if (!incoming) {
      return 0;
    }
    if (s->state != StreamState::kIdle && (s->flags & kStreamClosed) == 0 &&
        s->stream_id > last_stream_id) {
      s->closed_next = head;
      head = s->stream_id;
    }
    return 0;
  });
  int rv = 0;
  while (head) {
    Stream *s = get_stream_raw(head);
    if (!s) break;
    head = s->closed_next;
    s->closed_next = 0;
    if (!is_fatal(rv)) rv = close_stream(s->stream_id, NGHTTP2_REFUSED_STREAM);
  }
  return is_fatal(rv) ? rv : 0;
}

}  // namespace h2pool

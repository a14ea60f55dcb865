// Queueing of outbound items: the item pool, the three FIFO queues
// (urgent SETTINGS/PING, regular control frames, stream-opening HEADERS that
// wait for MAX_CONCURRENT_STREAMS) and the per-urgency DATA scheduler.
#include <cstring>

#include "session/session.h"
#include "wire/frame_codec.h"

namespace h2pool {

OutboundItem *Session::new_item() {
  OutboundItem *item = free_items_;
  if (item) {
    free_items_ = item->qnext;
    --num_free_items_;
    item->reset();
    return item;
  }
  return mem_.create<OutboundItem>();
}

// Recycled items (with their payload storage) serve the steady state
// without the allocator; only a burst larger than kMaxFreeItems goes back
// to it, so a burst of submissions does not stay allocated for the rest of
// the connection.
void Session::free_item(OutboundItem *item) {
  if (!item) return;
  if (num_free_items_ >= kMaxFreeItems) {
    item->storage.release(mem_);
    mem_.destroy(item);
    return;
  }
  item->qnext = free_items_;
  item->queued = false;
  free_items_ = item;
  ++num_free_items_;
}

bool Session::ob_data_push(Stream *s) {
  const nghttp2_extpri p = http::unpack_extpri(s->extpri);
  DataScheduler &q = sched_[p.urgency];
  Stream *first = q.top();
  uint64_t &cycle = s->item->cycle;
  cycle = first ? first->item->cycle : 0;
  if (p.inc) cycle += s->last_writelen;
  if (!q.push(s)) return false;
  s->queued = true;
  return true;
}

void Session::ob_data_remove(Stream *s) {
  const nghttp2_extpri p = http::unpack_extpri(s->extpri);
  sched_[p.urgency].remove(s);
  s->queued = false;
}

int Session::attach_stream_item(Stream *s, OutboundItem *item) {
  s->item = item;
  if (ob_data_push(s)) return 0;
  // An item that is attached but never scheduled would stall the stream
  // forever; the caller gets the item back instead.
  s->item = nullptr;
  return NGHTTP2_ERR_NOMEM;
}

void Session::detach_stream_item(Stream *s) {
  // Out of the heap first: its bookkeeping is in the item.
  if (s->queued) ob_data_remove(s);
  s->item = nullptr;
  s->flags = static_cast<uint8_t>(s->flags & ~kStreamDeferredAll);
}

void Session::defer_stream_item(Stream *s, uint8_t flags) {
  s->flags |= flags;
  if (s->queued) ob_data_remove(s);
}

int Session::resume_deferred_stream_item(Stream *s, uint8_t flags) {
  s->flags = static_cast<uint8_t>(s->flags & ~flags);
  if (s->flags & kStreamDeferredAll) return 0;
  return ob_data_push(s) ? 0 : NGHTTP2_ERR_NOMEM;
}

void Session::update_stream_priority(Stream *s, uint8_t extpri) {
  if (s->extpri == extpri) return;
  if (s->queued) {
    ob_data_remove(s);
    s->extpri = extpri;
    ob_data_push(s);
    return;
  }
  s->extpri = extpri;
}

bool Session::sched_empty() const {
  for (const auto &q : sched_)
    if (!q.empty()) return false;
  return true;
}

OutboundItem *Session::sched_top() {
  for (auto &q : sched_)
    if (Stream *s = q.top()) return s->item;
  return nullptr;
}

void Session::reschedule_stream(Stream *s) {
  s->last_writelen = static_cast<uint32_t>(s->item->frame.hd.length);
  // Only a server reorders incremental streams; a client's requests keep
  // their order.
  if (!server_) return;
  const nghttp2_extpri p = http::unpack_extpri(s->extpri);
  DataScheduler &q = sched_[p.urgency];
  if (!p.inc || q.size() == 1) return;
  q.remove(s);
  s->item->cycle += s->last_writelen;
  q.push(s);
}

int Session::add_item(OutboundItem *item) {
  nghttp2_frame &f = item->frame;
  Stream *s = get_stream(f.hd.stream_id);
  switch (f.hd.type) {
    case NGHTTP2_DATA:
      if (!s) return NGHTTP2_ERR_STREAM_CLOSED;
      if (s->item) return NGHTTP2_ERR_DATA_EXIST;
      return attach_stream_item(s, item);
    case NGHTTP2_HEADERS:
      if (f.headers.cat == NGHTTP2_HCAT_REQUEST ||
          (s && s->state == StreamState::kReserved))
        ob_syn_.push(item);
      else
        ob_reg_.push(item);
      item->queued = true;
      return 0;
    case NGHTTP2_SETTINGS:
    case NGHTTP2_PING:
      ob_urgent_.push(item);
      item->queued = true;
      return 0;
    case NGHTTP2_RST_STREAM:
      if (s) s->state = StreamState::kClosing;
      ob_reg_.push(item);
      item->queued = true;
      return 0;
    case NGHTTP2_PUSH_PROMISE:
      if (!s) return NGHTTP2_ERR_STREAM_CLOSED;
      if (!open_stream(f.push_promise.promised_stream_id, 0,
                       StreamState::kReserved, item->stream_user_data))
        return NGHTTP2_ERR_NOMEM;
      ob_reg_.push(item);
      item->queued = true;
      return 0;
    case NGHTTP2_WINDOW_UPDATE:
      if (s) s->window_update_queued = true;
      else if (f.hd.stream_id == 0) window_update_queued_ = true;
      ob_reg_.push(item);
      item->queued = true;
      return 0;
    default:
      ob_reg_.push(item);
      item->queued = true;
      return 0;
  }
}

int Session::add_rst_stream(int32_t stream_id, uint32_t error_code,
                            bool continue_without_stream) {
  Stream *s = get_stream(stream_id);
  if (s && s->state == StreamState::kClosing) return 0;
  // RST_STREAM for an idle stream would be a protocol error; upstream
  // silently drops it and so do we.
  if (is_my_stream_id(stream_id)) {
    if (static_cast<uint32_t>(stream_id) >= next_stream_id_) return 0;
  } else if (last_recv_stream_id_ < stream_id) {
    return 0;
  }
  // A request still waiting in ob_syn is cancelled in place instead.
  if (!server_ && is_my_stream_id(stream_id) && ob_syn_.top() &&
      ob_syn_.top()->frame.hd.stream_id <= stream_id) {
    for (OutboundItem *it = ob_syn_.head; it; it = it->qnext) {
      if (it->frame.hd.stream_id < stream_id) continue;
      if (it->frame.hd.stream_id > stream_id || it->canceled) break;
      it->cancel_error_code = error_code;
      it->canceled = true;
      return 0;
    }
  }
  if (!continue_without_stream && !s) return 0;

  OutboundItem *item = new_item();
  if (!item) return NGHTTP2_ERR_NOMEM;
  wire::init_frame_hd(&item->frame.hd, 4, NGHTTP2_RST_STREAM, 0, stream_id);
  item->frame.rst_stream.error_code = error_code;
  item->rst_continue_without_stream = continue_without_stream;
  const int rv = add_item(item);
  if (rv != 0) free_item(item);
  return rv;
}

int Session::add_ping(uint8_t flags, const uint8_t *opaque) {
  if ((flags & NGHTTP2_FLAG_ACK) && obq_flood_counter_ >= max_outbound_ack_)
    return NGHTTP2_ERR_FLOODED;
  OutboundItem *item = new_item();
  if (!item) return NGHTTP2_ERR_NOMEM;
  wire::init_frame_hd(&item->frame.hd, 8, NGHTTP2_PING, flags, 0);
  if (opaque) std::memcpy(item->frame.ping.opaque_data, opaque, 8);
  const int rv = add_item(item);
  if (rv != 0) {
    free_item(item);
    return rv;
  }
  if (flags & NGHTTP2_FLAG_ACK) ++obq_flood_counter_;
  return 0;
}

int Session::add_goaway(int32_t last_stream_id, uint32_t error_code,
                        const uint8_t *opaque, size_t len, uint8_t aux) {
  if (is_my_stream_id(last_stream_id)) return NGHTTP2_ERR_INVALID_ARGUMENT;
  if (len && len + 8 > wire::kMaxPayloadLen)
    return NGHTTP2_ERR_INVALID_ARGUMENT;
  OutboundItem *item = new_item();
  if (!item) return NGHTTP2_ERR_NOMEM;
  uint8_t *copy = nullptr;
  if (len) {
    if (!item->storage.reserve(mem_, len)) {
      free_item(item);
      return NGHTTP2_ERR_NOMEM;
    }
    copy = item->storage.data;
    std::memcpy(copy, opaque, len);
  }
  // The last-stream-id we announce never grows.
  if (last_stream_id > local_last_stream_id_)
    last_stream_id = local_last_stream_id_;
  wire::init_frame_hd(&item->frame.hd, 8 + len, NGHTTP2_GOAWAY, 0, 0);
  item->frame.goaway.last_stream_id = last_stream_id;
  item->frame.goaway.error_code = error_code;
  item->frame.goaway.opaque_data = copy;
  item->frame.goaway.opaque_data_len = len;
  item->goaway_aux = aux;
  const int rv = add_item(item);
  if (rv != 0) {
    free_item(item);
    return rv;
  }
  goaway_flags_ |= kGoawaySubmitted;
  return 0;
}

int Session::add_window_update(uint8_t flags, int32_t stream_id,
                               int32_t incr) {
  OutboundItem *item = new_item();
  if (!item) return NGHTTP2_ERR_NOMEM;
  wire::init_frame_hd(&item->frame.hd, 4, NGHTTP2_WINDOW_UPDATE, flags,
                      stream_id);
  item->frame.window_update.window_size_increment = incr;
  const int rv = add_item(item);
  if (rv != 0) free_item(item);
  return rv;
}

int Session::resume_data(int32_t stream_id) {
  Stream *s = get_stream(stream_id);
  if (!s || !s->deferred()) return NGHTTP2_ERR_INVALID_ARGUMENT;
  return resume_deferred_stream_item(s, kStreamDeferredUser);
}

}  // namespace h2pool

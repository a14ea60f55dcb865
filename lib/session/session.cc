// Session creation, teardown and the read-only queries.
#include "session/session.h"

#include <cstring>

#include "wire/frame_codec.h"

namespace h2pool {

namespace {
Stream g_root_stream;
// Room for the client magic and any fixed-size control frame.
constexpr size_t kInitialSendBuf = 64;
}

Stream *root_stream() {
  g_root_stream.state = StreamState::kIdle;
  return &g_root_stream;
}

nghttp2_stream_proto_state public_state(const Stream *s, bool is_root) {
  if (is_root) return NGHTTP2_STREAM_STATE_IDLE;
  if (s->flags & kStreamClosed) return NGHTTP2_STREAM_STATE_CLOSED;
  if (s->flags & kStreamPush) {
    if (s->shut_flags & kShutRd) return NGHTTP2_STREAM_STATE_RESERVED_LOCAL;
    if (s->shut_flags & kShutWr) return NGHTTP2_STREAM_STATE_RESERVED_REMOTE;
  }
  if (s->shut_flags & kShutRd) return NGHTTP2_STREAM_STATE_HALF_CLOSED_REMOTE;
  if (s->shut_flags & kShutWr) return NGHTTP2_STREAM_STATE_HALF_CLOSED_LOCAL;
  if (s->state == StreamState::kIdle) return NGHTTP2_STREAM_STATE_IDLE;
  return NGHTTP2_STREAM_STATE_OPEN;
}

Session::Session(const nghttp2_mem &table, bool server)
    : mem_table_(table), mem_(&mem_table_), server_(server),
      stream_pool_(mem_), streams_(mem_) {
  for (auto &s : sched_) s.set_mem(mem_);
  remote_settings_.max_concurrent_streams = 100;
  next_stream_id_ = server ? 2 : 1;
}

int Session::create(Session **out, const Callbacks *cb, void *user_data,
                    bool server, const Options *opt,
                    const nghttp2_mem *mem_in) {
  const nghttp2_mem *src = mem_in ? mem_in : default_mem();
  // The session keeps its own copy of the allocator table (callers may
  // pass a temporary); everything it allocates goes through that copy.
  void *raw = src->malloc(sizeof(Session), src->mem_user_data);
  if (!raw) return NGHTTP2_ERR_NOMEM;
  const nghttp2_mem table = *src;
  Session *s = ::new (raw) Session(table, server);

  size_t max_deflate_table = 4096;
  if (opt) {
    const uint32_t m = opt->set_mask;
    if ((m & kOptNoAutoWindowUpdate) && opt->no_auto_window_update)
      s->no_auto_window_update_ = true;
    if (m & kOptPeerMaxConcurrentStreams)
      s->remote_settings_.max_concurrent_streams =
          opt->peer_max_concurrent_streams;
    if (m & kOptMaxReservedRemoteStreams)
      s->max_incoming_reserved_streams_ = opt->max_reserved_remote_streams;
    if ((m & kOptNoRecvClientMagic) && opt->no_recv_client_magic)
      s->no_recv_client_magic_ = true;
    if ((m & kOptNoHttpMessaging) && opt->no_http_messaging)
      s->no_http_messaging_ = true;
    if (m & kOptUserRecvExtTypes)
      std::memcpy(s->user_recv_ext_types_, opt->user_recv_ext_types,
                  sizeof(s->user_recv_ext_types_));
    if (m & kOptBuiltinRecvExtTypes)
      s->builtin_recv_ext_types_ = opt->builtin_recv_ext_types;
    if ((m & kOptNoAutoPingAck) && opt->no_auto_ping_ack)
      s->no_auto_ping_ack_ = true;
    if (m & kOptMaxSendHeaderBlockLength)
      s->max_send_header_block_length_ = opt->max_send_header_block_length;
    if (m & kOptMaxDeflateDynamicTableSize)
      max_deflate_table = opt->max_deflate_dynamic_table_size;
    if (m & kOptMaxOutboundAck) s->max_outbound_ack_ = opt->max_outbound_ack;
    if ((m & kOptMaxSettings) && opt->max_settings)
      s->max_settings_ = opt->max_settings;
    if ((m & kOptNoRfc9113WsValidation) && opt->no_rfc9113_ws_validation)
      s->no_rfc9113_ws_validation_ = true;
    if (m & kOptStreamResetRateLimit)
      s->stream_reset_ratelim_ = limits::RateLimiter(opt->stream_reset_burst,
                                                    opt->stream_reset_rate);
    if (m & kOptMaxContinuations)
      s->max_continuations_ = opt->max_continuations;
    if (m & kOptGlitchRateLimit)
      s->glitch_ratelim_ =
          limits::RateLimiter(opt->glitch_burst, opt->glitch_rate);
    if (m & kOptMaxOutboundQueueSize)
      s->max_outbound_queue_size_ = opt->max_outbound_queue_size;
  }

  int rv = s->deflater_.init(s->mem_, max_deflate_table);
  if (rv != 0) {
    s->~Session();
    table.free(raw, table.mem_user_data);
    return rv;
  }
  rv = s->inflater_.init(s->mem_);
  if (rv != 0) {
    s->deflater_.destroy();
    s->~Session();
    table.free(raw, table.mem_user_data);
    return rv;
  }

  // The send buffer starts just big enough for the client magic and small
  // control frames; every frame builder reserves what it writes, so the
  // buffer only reaches DATA-frame size on sessions that send DATA (an idle
  // or header-only session stays small).
  // The chunk table is needed before the first mem_send too (a client
  // starts with the magic queued), so it is reserved here where a failure
  // can still be reported.
  if (!s->sendbuf_.reserve(s->mem_, kInitialSendBuf) ||
      !s->chunk_buf_.reserve(s->mem_, 4 * sizeof(size_t))) {
    s->inflater_.destroy();
    s->deflater_.destroy();
    s->~Session();
    table.free(raw, table.mem_user_data);
    return NGHTTP2_ERR_NOMEM;
  }

  s->cb_ = *cb;
  s->user_data_ = user_data;
  // As upstream does, the application's random source (when it gives one)
  // seeds the stream-id hash at creation.
  // Without one the seed is fixed, as upstream's is, so that callbacks that
  // walk all streams (GOAWAY, termination) keep a reproducible order.
  uint32_t seed = 0;
  if (s->cb_.rand_callback) {
    s->cb_.rand_callback(reinterpret_cast<uint8_t *>(&seed), sizeof(seed));
  }
  s->streams_.set_seed(seed);
  s->inbound_frame_reset();

  if (server && !s->no_recv_client_magic_) {
    s->iframe_.state = InState::kReadClientMagic;
    s->iframe_.payloadleft = wire::kClientMagicLen;
  } else {
    s->iframe_.state = InState::kReadFirstSettings;
  }
  if (!server) {
    s->aob_state_ = OutState::kSendClientMagic;
    std::memcpy(s->sendbuf_.data, NGHTTP2_CLIENT_MAGIC, wire::kClientMagicLen);
    s->send_begin_ = 0;
    s->send_pos_ = 0;
    s->nchunks_ = 1;
    s->cur_chunk_ = 0;
    s->chunk_end()[0] = wire::kClientMagicLen;
  }
  *out = s;
  return 0;
}

void Session::destroy(Session *s) {
  if (!s) return;
  const nghttp2_mem table = s->mem_table_;
  s->~Session();
  table.free(s, table.mem_user_data);
}

Session::~Session() {
  // Streams first: a stream's DATA item is owned by the stream unless it
  // is queued or being sent.
  streams_.for_each([this](void *v) {
    Stream *st = static_cast<Stream *>(v);
    OutboundItem *item = st->item;
    if (item && !item->queued && item != aob_item_) free_item(item);
    return 0;
  });
  auto drain = [this](OutboundQueue &q) {
    while (OutboundItem *it = q.top()) {
      q.pop();
      free_item(it);
    }
  };
  drain(ob_urgent_);
  drain(ob_reg_);
  drain(ob_syn_);
  if (aob_item_) {
    free_item(aob_item_);
    aob_item_ = nullptr;
  }
  while (free_items_) {
    OutboundItem *next = free_items_->qnext;
    free_items_->storage.release(mem_);
    mem_.destroy(free_items_);
    free_items_ = next;
  }
  for (InflightSettings *p = inflight_settings_head_; p;) {
    InflightSettings *next = p->next;
    mem_.free(p->iv);
    mem_.free(p);
    p = next;
  }
  for (InflightSettings *p = free_inflight_; p;) {
    InflightSettings *next = p->next;
    mem_.free(p->iv);
    mem_.free(p);
    p = next;
  }
  for (auto &q : sched_) q.release();
  deflater_.destroy();
  inflater_.destroy();
  sendbuf_.release(mem_);
  hdblock_.release(mem_);
  chunk_buf_.release(mem_);
  iv_buf_.release(mem_);
  lbuf_.release(mem_);
  origin_buf_.release(mem_);
  errmsg_.release(mem_);
}

bool Session::detect_idle_stream(int32_t id) const {
  if (is_my_stream_id(id)) return last_sent_stream_id_ < id;
  return is_new_peer_stream_id(id);
}

bool Session::session_is_closing() {
  return (goaway_flags_ & kGoawayTermOnSend) != 0 ||
         (!want_read() && !want_write());
}

bool Session::check_request_allowed() {
  return !server_ && next_stream_id_ <= INT32_MAX &&
         (goaway_flags_ & kGoawayRecv) == 0 && !session_is_closing();
}

bool Session::want_read() {
  if (goaway_flags_ & kGoawayTermSent) return false;
  const size_t active = streams_.size() - num_idle_streams_;
  if (active > 0) return true;
  return (goaway_flags_ & (kGoawaySent | kGoawayRecv)) == 0;
}

bool Session::want_write() {
  if (goaway_flags_ & kGoawayTermSent) return false;
  return aob_item_ || ob_urgent_.top() || ob_reg_.top() ||
         (!sched_empty() && remote_window_size_ > 0) ||
         (ob_syn_.top() && !outgoing_streams_max());
}

int Session::set_stream_user_data(int32_t stream_id, void *data) {
  Stream *s = get_stream(stream_id);
  if (s) {
    s->stream_user_data = data;
    return 0;
  }
  // A request still waiting in the queue has no stream object yet; its
  // user data lives on the queued HEADERS item.
  if (server_ || !is_my_stream_id(stream_id) || !ob_syn_.top())
    return NGHTTP2_ERR_INVALID_ARGUMENT;
  if (ob_syn_.top()->frame.hd.stream_id > stream_id ||
      static_cast<uint32_t>(stream_id) >= next_stream_id_)
    return NGHTTP2_ERR_INVALID_ARGUMENT;
  for (OutboundItem *it = ob_syn_.head; it; it = it->qnext) {
    if (it->frame.hd.stream_id < stream_id) continue;
    if (it->frame.hd.stream_id > stream_id) break;
    it->stream_user_data = data;
    return 0;
  }
  return NGHTTP2_ERR_INVALID_ARGUMENT;
}

int Session::set_next_stream_id(int32_t id) {
  if (id <= 0 || next_stream_id_ > static_cast<uint32_t>(id))
    return NGHTTP2_ERR_INVALID_ARGUMENT;
  if (server_) {
    if (id % 2) return NGHTTP2_ERR_INVALID_ARGUMENT;
  } else if (id % 2 == 0) {
    return NGHTTP2_ERR_INVALID_ARGUMENT;
  }
  next_stream_id_ = static_cast<uint32_t>(id);
  return 0;
}

int Session::change_extpri(int32_t stream_id, const nghttp2_extpri *pri,
                           bool ignore_client_signal) {
  if (!server_) return NGHTTP2_ERR_INVALID_STATE;
  if (pending_no_rfc7540_priorities_ != 1) return 0;
  if (stream_id == 0) return NGHTTP2_ERR_INVALID_ARGUMENT;
  Stream *s = get_stream_raw(stream_id);
  if (!s) return NGHTTP2_ERR_INVALID_ARGUMENT;
  nghttp2_extpri p = *pri;
  if (p.urgency > NGHTTP2_EXTPRI_URGENCY_LOW) p.urgency = NGHTTP2_EXTPRI_URGENCY_LOW;
  if (ignore_client_signal) s->flags |= kStreamIgnoreClientPriorities;
  update_stream_priority(s, http::pack_extpri(p));
  return 0;
}

int Session::get_extpri(nghttp2_extpri *out, int32_t stream_id) {
  if (!server_) return NGHTTP2_ERR_INVALID_STATE;
  if (pending_no_rfc7540_priorities_ != 1) return 0;
  if (stream_id == 0) return NGHTTP2_ERR_INVALID_ARGUMENT;
  Stream *s = get_stream_raw(stream_id);
  if (!s) return NGHTTP2_ERR_INVALID_ARGUMENT;
  *out = http::unpack_extpri(s->extpri);
  return 0;
}

}  // namespace h2pool

// The connection: the object behind the public opaque nghttp2_session
// handle. The compat layer casts nghttp2_session* to Session* and back;
// every callback receives the handle the application knows.
//
// Layout of the work: inbound.cc runs the receive state machine and
// frame_recv.cc reacts to complete frames; outbound.cc picks, serialises
// and completes frames; submit.cc queues application frames; flow.cc keeps
// the windows; settings.cc applies SETTINGS; streams.cc owns stream
// lifetime; session.cc creation, teardown and queries.
#pragma once

#include <cstdarg>
#include <cstddef>
#include <cstdint>

#include <nghttp2/nghttp2.h>

#include "hpack/deflater.h"
#include "hpack/inflater.h"
#include "limits/rate_limiter.h"
#include "pool/byte_buf.h"
#include "pool/id_map.h"
#include "pool/slab.h"
#include "session/callbacks.h"
#include "session/data_scheduler.h"
#include "session/options.h"
#include "session/outbound_item.h"
#include "session/settings_storage.h"
#include "session/stream.h"
#include "util/mem.h"

namespace h2pool {

inline bool is_fatal(int rv) { return rv < NGHTTP2_ERR_FATAL; }
inline bool is_non_fatal(int rv) { return rv < 0 && rv > NGHTTP2_ERR_FATAL; }

// Internal error codes that never reach the application.
enum InternalError : int {
  kErrIgnHeaderBlock = -103,
  kErrIgnPayload = -104,
  kErrPushCancel = -105,
  kErrIgnHttpHeader = -106,
};

enum GoawayFlag : uint8_t {
  kGoawayNone = 0,
  kGoawayTermOnSend = 0x01,
  kGoawayTermSent = 0x02,
  kGoawaySent = 0x04,
  kGoawayRecv = 0x08,
  kGoawaySubmitted = 0x10,
};

enum class InState : uint8_t {
  kReadClientMagic,
  kReadFirstSettings,
  kReadHead,
  kReadNbyte,
  kReadHeaderBlock,
  kIgnHeaderBlock,
  kIgnPayload,
  kFrameSizeError,
  kReadSettings,
  kReadGoawayDebug,
  kExpectContinuation,
  kIgnContinuation,
  kReadPadData,
  kReadData,
  kIgnData,
  kIgnAll,
  kReadAltsvcPayload,
  kReadOriginPayload,
  kReadExtensionPayload,
};

enum class OutState : uint8_t { kPopItem, kSendData, kSendNoCopy, kSendClientMagic };

struct InflightSettings {
  InflightSettings *next = nullptr;
  nghttp2_settings_entry *iv = nullptr;
  size_t niv = 0;
  size_t cap = 0;
};

// The frame being received.
struct InboundFrame {
  nghttp2_frame frame{};
  union {
    nghttp2_ext_altsvc altsvc;
    nghttp2_ext_origin origin;
    nghttp2_ext_priority_update priority_update;
  } ext_payload{};
  // SETTINGS entries being collected; the extra last slot tracks the
  // smallest HEADER_TABLE_SIZE seen.
  nghttp2_settings_entry *iv = nullptr;
  size_t niv = 0;
  size_t max_niv = 0;
  // Small fixed buffer for fixed-size fields: bytes [0, sbuf_last) are
  // filled, and reading stops at sbuf_mark.
  uint8_t sbuf[32] = {};
  size_t sbuf_last = 0;
  size_t sbuf_mark = 0;
  // Variable-size payload being collected (GOAWAY debug data, ALTSVC,
  // ORIGIN); reused across frames.
  size_t lbuf_len = 0;
  size_t lbuf_cap = 0;
  size_t payloadleft = 0;
  size_t padlen = 0;
  InState state = InState::kReadHead;

  size_t sbuf_mark_avail() const { return sbuf_mark - sbuf_last; }
  void set_mark(size_t n) {
    sbuf_last = 0;
    sbuf_mark = n;
  }
};

class Session {
 public:
  Session(const nghttp2_mem &table, bool server);
  ~Session();
  Session(const Session &) = delete;
  Session &operator=(const Session &) = delete;

  static int create(Session **out, const Callbacks *cb, void *user_data,
                    bool server, const Options *opt, const nghttp2_mem *mem);
  static void destroy(Session *s);

  nghttp2_session *handle() { return reinterpret_cast<nghttp2_session *>(this); }
  static Session *from(nghttp2_session *s) { return reinterpret_cast<Session *>(s); }

  // ---- I/O (inbound.cc / outbound.cc)
  nghttp2_ssize mem_recv(const uint8_t *in, size_t inlen);
  int recv();
  nghttp2_ssize mem_send(const uint8_t **data_ptr);
  int send();
  bool want_read();
  bool want_write();

  // ---- submissions (submit.cc)
  int32_t submit_headers_shared(uint8_t flags, int32_t stream_id,
                                const nghttp2_nv *nva, size_t nvlen,
                                const DataSource *ds, void *stream_user_data);
  int32_t submit_request(const nghttp2_nv *nva, size_t nvlen,
                         const DataSource *ds, void *stream_user_data);
  int submit_response(int32_t stream_id, const nghttp2_nv *nva, size_t nvlen,
                      const DataSource *ds);
  int submit_trailer(int32_t stream_id, const nghttp2_nv *nva, size_t nvlen);
  int32_t submit_headers(uint8_t flags, int32_t stream_id,
                         const nghttp2_nv *nva, size_t nvlen,
                         void *stream_user_data);
  int submit_data(uint8_t flags, int32_t stream_id, const DataSource &ds);
  int submit_rst_stream(int32_t stream_id, uint32_t error_code);
  int submit_ping(uint8_t flags, const uint8_t *opaque);
  int submit_goaway(int32_t last_stream_id, uint32_t error_code,
                    const uint8_t *opaque, size_t len);
  int submit_shutdown_notice();
  int submit_settings(const nghttp2_settings_entry *iv, size_t niv);
  int32_t submit_push_promise(int32_t stream_id, const nghttp2_nv *nva,
                              size_t nvlen, void *promised_user_data);
  int submit_window_update(int32_t stream_id, int32_t increment);
  int set_local_window_size(int32_t stream_id, int32_t window_size);
  int submit_altsvc(int32_t stream_id, const uint8_t *origin, size_t olen,
                    const uint8_t *value, size_t vlen);
  int submit_origin(const nghttp2_origin_entry *ov, size_t nov);
  int submit_priority_update(int32_t stream_id, const uint8_t *value,
                             size_t len);
  int submit_extension(uint8_t type, uint8_t flags, int32_t stream_id,
                       void *payload);
  int terminate(int32_t last_stream_id, uint32_t error_code,
                const char *reason);
  int resume_data(int32_t stream_id);
  int upgrade(const uint8_t *payload, size_t len, bool head_request,
              bool legacy, void *stream_user_data);

  // ---- flow control (flow.cc)
  int consume(int32_t stream_id, size_t size);
  int consume_connection(size_t size);
  int consume_stream(int32_t stream_id, size_t size);

  // ---- queries (session.cc)
  // Looked up several times per frame, so kept inline.
  Stream *get_stream(int32_t id) {  // live (not idle, not closed)
    Stream *s = streams_.find(id);
    if (!s || (s->flags & kStreamClosed) || s->state == StreamState::kIdle)
      return nullptr;
    return s;
  }
  Stream *get_stream_raw(int32_t id) { return streams_.find(id); }  // any
  size_t outbound_queue_size() const {
    return ob_urgent_.size() + ob_reg_.size() + ob_syn_.size();
  }
  bool check_request_allowed();
  int set_stream_user_data(int32_t stream_id, void *data);
  int set_next_stream_id(int32_t id);
  int change_extpri(int32_t stream_id, const nghttp2_extpri *pri,
                    bool ignore_client_signal);
  int get_extpri(nghttp2_extpri *out, int32_t stream_id);

  bool is_my_stream_id(int32_t id) const {
    if (id == 0) return false;
    return server_ ? (id & 1) == 0 : (id & 1) == 1;
  }

  // Public state read by the compat layer.
  // The allocator table is copied (callers may pass a temporary) and every
  // member allocates through the copy; mem_table_ must stay first.
  nghttp2_mem mem_table_;
  Mem mem_;
  Callbacks cb_{};
  void *user_data_ = nullptr;
  bool server_;
  SettingsStorage local_settings_;
  SettingsStorage remote_settings_;
  uint32_t next_stream_id_ = 1;
  int32_t last_sent_stream_id_ = 0;
  int32_t last_recv_stream_id_ = 0;
  int32_t last_proc_stream_id_ = 0;
  int32_t local_last_stream_id_ = (1u << 31) - 1;
  int32_t remote_last_stream_id_ = (1u << 31) - 1;
  int32_t remote_window_size_ = 65535;
  int32_t recv_window_size_ = 0;
  int32_t consumed_size_ = 0;
  int32_t recv_reduction_ = 0;
  int32_t local_window_size_ = 65535;
  hpack::Deflater deflater_;
  hpack::Inflater inflater_;

 private:
  friend struct SessionAccess;

  // ---- options-derived limits
  bool no_auto_window_update_ = false;
  bool no_recv_client_magic_ = false;
  bool no_http_messaging_ = false;
  bool no_auto_ping_ack_ = false;
  bool no_rfc9113_ws_validation_ = false;
  uint32_t builtin_recv_ext_types_ = 0;
  uint8_t user_recv_ext_types_[32] = {};
  size_t max_incoming_reserved_streams_ = 200;
  size_t max_send_header_block_length_ = 65536;
  size_t max_outbound_ack_ = 1000;
  size_t max_settings_ = NGHTTP2_DEFAULT_MAX_SETTINGS;
  size_t max_continuations_ = 8;
  size_t num_continuations_ = 0;
  size_t max_outbound_queue_size_ = 5000;
  limits::RateLimiter stream_reset_ratelim_{limits::kStreamResetBurst,
                                            limits::kStreamResetRate};
  limits::RateLimiter glitch_ratelim_{limits::kGlitchBurst,
                                      limits::kGlitchRate};

  // ---- streams (streams.cc)
  Slab<Stream> stream_pool_;
  IdMap<Stream, &Stream::stream_id> streams_;
  uint32_t stream_seq_ = 0;
  size_t num_outgoing_streams_ = 0;
  size_t num_incoming_streams_ = 0;
  size_t num_incoming_reserved_streams_ = 0;
  size_t num_idle_streams_ = 0;

  Stream *open_stream(int32_t id, uint8_t flags, StreamState state,
                      void *user_data);
  int close_stream(int32_t id, uint32_t error_code);
  void destroy_stream(Stream *s);
  int close_stream_if_shut_rdwr(Stream *s);
  int close_streams_on_goaway(int32_t last_stream_id, bool incoming);
  bool incoming_streams_max() const {
    return local_settings_.max_concurrent_streams <= num_incoming_streams_;
  }
  bool incoming_streams_pending_max() const {
    return pending_local_max_concurrent_stream_ <= num_incoming_streams_;
  }
  bool outgoing_streams_max() const {
    return remote_settings_.max_concurrent_streams <= num_outgoing_streams_;
  }
  bool is_new_peer_stream_id(int32_t id) const {
    return id != 0 && !is_my_stream_id(id) && last_recv_stream_id_ < id;
  }
  bool detect_idle_stream(int32_t id) const;

  // ---- outbound queue and items (outbound.cc)
  // Enough recycled items for a request/response exchange with a few
  // control frames, and for moderate pipelining.
  static constexpr size_t kMaxFreeItems = 16;
  OutboundItem *free_items_ = nullptr;
  size_t num_free_items_ = 0;
  OutboundQueue ob_urgent_;
  OutboundQueue ob_reg_;
  OutboundQueue ob_syn_;
  DataScheduler sched_[NGHTTP2_EXTPRI_URGENCY_LEVELS];
  size_t obq_flood_counter_ = 0;

  OutboundItem *new_item();
  void free_item(OutboundItem *item);
  int add_item(OutboundItem *item);
  int add_rst_stream(int32_t stream_id, uint32_t error_code,
                     bool continue_without_stream = true);
  int add_ping(uint8_t flags, const uint8_t *opaque);
  int add_goaway(int32_t last_stream_id, uint32_t error_code,
                 const uint8_t *opaque, size_t len, uint8_t aux);
  int add_window_update(uint8_t flags, int32_t stream_id, int32_t incr);
  int add_settings(uint8_t flags, const nghttp2_settings_entry *iv,
                   size_t niv);

  // The scheduler may need to grow: false (nothing changed) when it cannot.
  bool ob_data_push(Stream *s);
  void ob_data_remove(Stream *s);
  int attach_stream_item(Stream *s, OutboundItem *item);
  void detach_stream_item(Stream *s);
  void defer_stream_item(Stream *s, uint8_t flags);
  int resume_deferred_stream_item(Stream *s, uint8_t flags);
  void update_stream_priority(Stream *s, uint8_t extpri);
  bool sched_empty() const;
  OutboundItem *sched_top();
  void reschedule_stream(Stream *s);

  OutboundItem *next_ob_item();
  OutboundItem *pop_next_ob_item();
  int prep_frame(OutboundItem *item);
  int prep_data(OutboundItem *item);
  int prep_headers(OutboundItem *item);
  int prep_push_promise(OutboundItem *item);
  int pack_header_block(OutboundItem *item, const nghttp2_nv *nva,
                        size_t nvlen, size_t prefix_len);
  int pack_header_block_single(OutboundItem *item, const nghttp2_nv *nva,
                               size_t nvlen, size_t prefix_len, size_t bound);
  int pack_data(OutboundItem *item, Stream *s, size_t datamax);
  int pack_extension(OutboundItem *item);
  nghttp2_ssize call_select_padding(const nghttp2_frame *frame,
                                    size_t max_payloadlen);
  int headers_add_pad(nghttp2_frame *frame);
  int after_frame_sent1();
  void after_frame_sent2();
  void reset_active_item();
  int call_send_data(OutboundItem *item);
  nghttp2_ssize mem_send_internal(const uint8_t **data_ptr, bool fast_cb);
  int close_opened_stream_on_failure(OutboundItem *item, int rv, bool cancel);

  // Active outbound item and its serialised bytes: one or more frames
  // (HEADERS + CONTINUATIONs) laid out back to back in |sendbuf_|, each
  // frame ending at chunk_end_[i].
  OutboundItem *aob_item_ = nullptr;
  OutState aob_state_ = OutState::kPopItem;
  ByteBuf sendbuf_;
  ByteBuf hdblock_;
  size_t send_pos_ = 0;   // next byte to hand out
  size_t send_begin_ = 0; // first byte of the serialised frames
  ByteBuf chunk_buf_;
  size_t nchunks_ = 0;
  size_t *chunk_end() { return reinterpret_cast<size_t *>(chunk_buf_.data); }
  size_t cur_chunk_ = 0;
  bool next_chunk_present() const { return cur_chunk_ + 1 < nchunks_; }

  // ---- inbound (inbound.cc / frame_recv.cc)
  InboundFrame iframe_;
  ByteBuf iv_buf_;
  ByteBuf lbuf_;
  ByteBuf origin_buf_;
  bool inflater_bad_ = false;

  void inbound_frame_reset();
  size_t inbound_buf_read(const uint8_t *in, const uint8_t *last);
  void inbound_set_settings_entry();
  int inbound_handle_pad(nghttp2_frame_hd *hd);
  nghttp2_ssize inbound_compute_pad();
  nghttp2_ssize inbound_effective_readlen(size_t payloadleft, size_t readlen);
  nghttp2_ssize mem_recv_internal(const uint8_t *in, size_t inlen);
  int on_data_received_fail_fast();
  int inflate_header_block(nghttp2_frame *frame, size_t *readlen,
                           const uint8_t *in, size_t inlen, bool final,
                           bool call_header_cb);

  int process_headers_frame();
  int start_header_block();
  int process_settings_frame();
  int process_push_promise_frame();
  int process_goaway_frame();
  int process_altsvc_frame();
  int process_origin_frame();
  int process_priority_update_frame();
  int process_extension_frame();
  int on_request_headers_received(nghttp2_frame *frame);
  int on_response_headers_received(nghttp2_frame *frame, Stream *s);
  int on_push_response_headers_received(nghttp2_frame *frame, Stream *s);
  int on_headers_received(nghttp2_frame *frame, Stream *s);
  int after_header_block_received();
  int end_stream_headers_received(nghttp2_frame *frame, Stream *s);
  int on_rst_stream_received(nghttp2_frame *frame);
  int on_settings_received(nghttp2_frame *frame, bool noack);
  int on_push_promise_received(nghttp2_frame *frame);
  int on_ping_received(nghttp2_frame *frame);
  int on_goaway_received(nghttp2_frame *frame);
  int on_window_update_received(nghttp2_frame *frame);
  int on_altsvc_received(nghttp2_frame *frame);
  int on_priority_update_received(nghttp2_frame *frame);
  int on_data_received(nghttp2_frame *frame);

  // error reactions
  int handle_invalid_stream2(int32_t stream_id, nghttp2_frame *frame,
                             int lib_error_code);
  int inflate_handle_invalid_stream(nghttp2_frame *frame, int lib_error_code);
  int handle_invalid_connection(nghttp2_frame *frame, int lib_error_code,
                                const char *reason);
  int inflate_handle_invalid_connection(nghttp2_frame *frame,
                                        int lib_error_code,
                                        const char *reason);
  int update_glitch_ratelim();
  int update_stream_reset_ratelim();

  // callback helpers
  int call_on_begin_frame(const nghttp2_frame_hd *hd);
  int call_on_frame_received(nghttp2_frame *frame);
  int call_on_begin_headers(nghttp2_frame *frame);
  int call_on_header(const nghttp2_frame *frame, const hpack::HeaderField &nv);
  int call_on_invalid_header(const nghttp2_frame *frame,
                             const hpack::HeaderField &nv);
  int call_on_invalid_frame_recv(nghttp2_frame *frame, int lib_error_code);
  int call_before_frame_send(nghttp2_frame *frame);
  int call_on_frame_send(nghttp2_frame *frame);
  int call_error_callback(int lib_error_code, const char *fmt, ...)
      __attribute__((format(printf, 3, 4)));
  ByteBuf errmsg_;

  // ---- settings (settings.cc)
  InflightSettings *inflight_settings_head_ = nullptr;
  InflightSettings *free_inflight_ = nullptr;
  uint32_t pending_local_max_concurrent_stream_ = 0xffffffffu;
  uint8_t pending_enable_push_ = 1;
  uint8_t pending_enable_connect_protocol_ = 0;
  uint8_t pending_no_rfc7540_priorities_ = 0xff;
  bool remote_settings_received_ = false;
  int update_local_settings(const nghttp2_settings_entry *iv, size_t niv);
  int update_remote_initial_window_size(int32_t new_size);
  int update_local_initial_window_size(int32_t new_size, int32_t old_size);
  InflightSettings *new_inflight(const nghttp2_settings_entry *iv, size_t niv);
  void free_inflight(InflightSettings *s);

  // ---- flow control (flow.cc)
  uint8_t goaway_flags_ = kGoawayNone;
  bool window_update_queued_ = false;
  int update_recv_stream_window_size(Stream *s, size_t delta,
                                     bool send_window_update);
  int update_recv_connection_window_size(size_t delta);
  int update_consumed_size(int32_t *consumed, int32_t *recv_window,
                           bool window_update_queued, int32_t stream_id,
                           size_t delta, int32_t local_window);
  int update_stream_consumed_size(Stream *s, size_t delta);
  int update_connection_consumed_size(size_t delta);
  int32_t enforce_flow_control_limits(Stream *s, nghttp2_ssize requested);

  // ---- predicates (outbound.cc)
  bool session_is_closing();
  bool allow_incoming_new_stream() const {
    return (goaway_flags_ & (kGoawayTermOnSend | kGoawaySent)) == 0;
  }
  int predicate_for_stream_send(Stream *s);
  int predicate_data_send(Stream *s);
  int predicate_request_headers_send(OutboundItem *item);
  int predicate_response_headers_send(Stream *s);
  int predicate_push_response_headers_send(Stream *s);
  int predicate_headers_send(Stream *s);
  int predicate_push_promise_send(Stream *s);
  int predicate_window_update_send(int32_t stream_id);
  int predicate_altsvc_send(int32_t stream_id);
  int predicate_priority_update_send(int32_t stream_id);

  bool enforce_http_messaging() const { return !no_http_messaging_; }
  bool check_ext_type_set(uint8_t type) const {
    return (user_recv_ext_types_[type / 8] & (1 << (type & 7))) != 0;
  }
};

// Stream 0 as upstream exposes it: a static object in IDLE state.
Stream *root_stream();

}  // namespace h2pool

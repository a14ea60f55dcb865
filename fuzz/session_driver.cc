// Drives h2pool's session with arbitrary peer bytes. The callbacks act like
// a small application: the server answers every complete request with a
// body, the client opens more streams as others close; everything the
// library hands out (header buffers, DATA, frames) is read in full so bad
// pointers surface under ASan.
#include "session_driver.h"

#include <algorithm>
#include <cstring>

#include "budget_mem.h"
#include "ours.h"
#include "session_script.h"

namespace fuzz {

namespace {

struct App {
  bool server = false;
  uint8_t options = 0;
  int extra_requests = 0;  // client: opened from on_stream_close
  uint32_t body_left[64] = {};
};

volatile unsigned g_sink;

unsigned touch(const uint8_t *p, size_t n) {
  unsigned h = 0;
  for (size_t i = 0; i < n; ++i) h = h * 31 + p[i];
  return h;
}

nghttp2_ssize read_body(nghttp2_session *, int32_t stream_id, uint8_t *buf,
                        size_t length, uint32_t *data_flags,
                        nghttp2_data_source *, void *user_data) {
  auto *app = static_cast<App *>(user_data);
  uint32_t &left = app->body_left[static_cast<uint32_t>(stream_id) % 64];
  size_t n = std::min<size_t>(length, left);
  std::memset(buf, 'b', n);
  left -= static_cast<uint32_t>(n);
  if (left == 0) *data_flags |= NGHTTP2_DATA_FLAG_EOF;
  return static_cast<nghttp2_ssize>(n);
}

int on_frame_recv(nghttp2_session *s, const nghttp2_frame *f, void *ud) {
  auto *app = static_cast<App *>(ud);
  if (f->hd.type == NGHTTP2_PING && !(f->hd.flags & NGHTTP2_FLAG_ACK) &&
      (app->options & kNoAutoPingAck))
    nghttp2_submit_ping(s, NGHTTP2_FLAG_ACK, f->ping.opaque_data);
  if (f->hd.type == NGHTTP2_SETTINGS)
    g_sink = touch(reinterpret_cast<const uint8_t *>(f->settings.iv),
                   f->settings.niv * sizeof(nghttp2_settings_entry));
  if (f->hd.type == NGHTTP2_GOAWAY)
    g_sink = touch(f->goaway.opaque_data, f->goaway.opaque_data_len);
  if (!app->server || !(f->hd.flags & NGHTTP2_FLAG_END_STREAM)) return 0;
  if (f->hd.type != NGHTTP2_HEADERS && f->hd.type != NGHTTP2_DATA) return 0;
  int32_t id = f->hd.stream_id;
  app->body_left[static_cast<uint32_t>(id) % 64] = response_body_len(id);
  nghttp2_data_provider2 prd;
  prd.source.ptr = app;
  prd.read_callback = read_body;
  // Errors (stream already closed, response already sent) are fine here.
  nghttp2_submit_response2(s, id, kResponse, 2, &prd);
  return 0;
}

int on_invalid_frame(nghttp2_session *, const nghttp2_frame *, int, void *) {
  return 0;
}

int on_data(nghttp2_session *s, uint8_t, int32_t id, const uint8_t *data,
            size_t len, void *ud) {
  g_sink = touch(data, len);
  if (static_cast<App *>(ud)->options & kNoAutoWindow)
    nghttp2_session_consume(s, id, len);
  return 0;
}

int on_close(nghttp2_session *s, int32_t, uint32_t, void *ud) {
  auto *app = static_cast<App *>(ud);
  if (!app->server && app->extra_requests < 4) {
    ++app->extra_requests;
    nghttp2_submit_request(s, nullptr, kGet, 4, nullptr, nullptr);
  }
  return 0;
}

int on_begin_headers(nghttp2_session *, const nghttp2_frame *, void *) {
  return 0;
}

int on_header(nghttp2_session *, const nghttp2_frame *, nghttp2_rcbuf *name,
              nghttp2_rcbuf *value, uint8_t, void *) {
  nghttp2_vec n = nghttp2_rcbuf_get_buf(name);
  nghttp2_vec v = nghttp2_rcbuf_get_buf(value);
  g_sink = touch(n.base, n.len) + touch(v.base, v.len);
  return 0;
}

int on_begin_frame(nghttp2_session *, const nghttp2_frame_hd *, void *) {
  return 0;
}

int on_error(nghttp2_session *, int, const char *msg, size_t len, void *) {
  g_sink = touch(reinterpret_cast<const uint8_t *>(msg), len);
  return 0;
}

// Sends until the library has nothing more (or fails); false on failure.
bool drain(nghttp2_session *s) {
  for (int i = 0; i < 100000; ++i) {
    const uint8_t *out = nullptr;
    nghttp2_ssize n = nghttp2_session_mem_send2(s, &out);
    if (n < 0) return false;
    if (n == 0) return true;
    g_sink = touch(out, static_cast<size_t>(n));
  }
  return true;
}

}  // namespace

void run_session(bool server, const uint8_t *data, size_t size) {
  if (size < 2) return;
  App app;
  app.server = server;
  app.options = data[0];
  size_t chunk = data[1] ? data[1] : size;
  data += 2;
  size -= 2;

  nghttp2_session_callbacks *cb = nullptr;
  if (nghttp2_session_callbacks_new(&cb) != 0) return;
  nghttp2_session_callbacks_set_on_frame_recv_callback(cb, on_frame_recv);
  nghttp2_session_callbacks_set_on_invalid_frame_recv_callback(
      cb, on_invalid_frame);
  nghttp2_session_callbacks_set_on_data_chunk_recv_callback(cb, on_data);
  nghttp2_session_callbacks_set_on_stream_close_callback(cb, on_close);
  nghttp2_session_callbacks_set_on_begin_headers_callback(cb,
                                                          on_begin_headers);
  nghttp2_session_callbacks_set_on_header_callback2(cb, on_header);
  nghttp2_session_callbacks_set_on_begin_frame_callback(cb, on_begin_frame);
  nghttp2_session_callbacks_set_error_callback2(cb, on_error);

  nghttp2_option *opt = nullptr;
  if (nghttp2_option_new(&opt) != 0) {
    nghttp2_session_callbacks_del(cb);
    return;
  }
  if (app.options & kNoClientMagic) nghttp2_option_set_no_recv_client_magic(opt, 1);
  if (app.options & kNoHttpMessaging) nghttp2_option_set_no_http_messaging(opt, 1);
  if (app.options & kNoAutoWindow) nghttp2_option_set_no_auto_window_update(opt, 1);
  if (app.options & kBuiltinExt) {
    nghttp2_option_set_builtin_recv_extension_type(opt, NGHTTP2_ALTSVC);
    nghttp2_option_set_builtin_recv_extension_type(opt, NGHTTP2_ORIGIN);
    nghttp2_option_set_builtin_recv_extension_type(opt, NGHTTP2_PRIORITY_UPDATE);
  }
  if (app.options & kNoAutoPingAck) nghttp2_option_set_no_auto_ping_ack(opt, 1);
  if (app.options & kFewContinuations) nghttp2_option_set_max_continuations(opt, 2);

  nghttp2_session *s = nullptr;
  BudgetMem bm(alloc_budget(app.options));
  int rv = server ? nghttp2_session_server_new3(&s, cb, &app, opt, &bm.mem)
                  : nghttp2_session_client_new3(&s, cb, &app, opt, &bm.mem);
  nghttp2_option_del(opt);
  nghttp2_session_callbacks_del(cb);
  if (rv != 0) {
    if (bm.live != 0) __builtin_trap();  // a failed constructor leaked
    return;
  }

  nghttp2_settings_entry iv[2] = {{NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, 100},
                                  {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, 65535}};
  nghttp2_submit_settings(s, NGHTTP2_FLAG_NONE, iv, 2);
  if (!server) {
    nghttp2_submit_request(s, nullptr, kGet, 4, nullptr, nullptr);
    app.body_left[3] = kPostBody;
    nghttp2_data_provider prd;
    prd.source.ptr = &app;
    prd.read_callback = [](nghttp2_session *ss, int32_t id, uint8_t *buf,
                           size_t len, uint32_t *flags, nghttp2_data_source *src,
                           void *ud) -> ssize_t {
      return read_body(ss, id, buf, len, flags, src, ud);
    };
    nghttp2_submit_request(s, nullptr, kPost, 5, &prd, nullptr);
  }
  bool ok = drain(s);
  // Alternate the two entry points so both stay covered.
  bool old_api = size % 2;
  while (ok && size > 0) {
    size_t n = std::min(chunk, size);
    nghttp2_ssize r = old_api ? nghttp2_session_mem_recv(s, data, n)
                              : nghttp2_session_mem_recv2(s, data, n);
    if (r < 0) break;
    // Without pausing callbacks the whole piece is always consumed.
    if (static_cast<size_t>(r) != n) __builtin_trap();
    data += n;
    size -= n;
    ok = drain(s);
  }
  g_sink = nghttp2_session_want_read(s) + nghttp2_session_want_write(s);
  nghttp2_session_del(s);
  if (bm.live != 0) __builtin_trap();  // the session leaked
}

}  // namespace fuzz

// End-to-end session tests through the public API: a client and a server
// session talk to each other in memory. Covers the preface, request and
// response with bodies, flow control (automatic and manual), trailers,
// deferred data, RST_STREAM, GOAWAY, PING and the zero-allocation promise
// of the steady state (counted through a custom nghttp2_mem).
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

extern "C" {
#include <cmocka.h>
}

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <nghttp2/nghttp2.h>

namespace {

// ---- counting allocator

struct Counter {
  size_t allocs = 0;
  size_t frees = 0;
  size_t live_bytes = 0;
};

void *c_malloc(size_t n, void *u) {
  ++static_cast<Counter *>(u)->allocs;
  return std::malloc(n);
}
void c_free(void *p, void *u) {
  if (p) ++static_cast<Counter *>(u)->frees;
  std::free(p);
}
void *c_calloc(size_t a, size_t b, void *u) {
  ++static_cast<Counter *>(u)->allocs;
  return std::calloc(a, b);
}
void *c_realloc(void *p, size_t n, void *u) {
  ++static_cast<Counter *>(u)->allocs;
  if (p) ++static_cast<Counter *>(u)->frees;
  return std::realloc(p, n);
}

// ---- one endpoint

struct Peer {
  nghttp2_session *s = nullptr;
  Counter counter;
  bool server = false;
  std::string body;                 // collected DATA payload
  std::vector<std::string> headers; // "name: value"
  std::vector<int> frames_recv;     // frame types, in order
  std::vector<uint32_t> closed;     // error codes of closed streams
  int32_t last_stream = 0;
  size_t response_size = 0;         // server: body bytes to send
  size_t sent = 0;
  bool defer = false;
  bool trailers = false;
  bool manual_consume = false;
};

nghttp2_ssize read_body(nghttp2_session *s, int32_t stream_id, uint8_t *buf,
                        size_t len, uint32_t *flags, nghttp2_data_source *,
                        void *ud) {
  Peer *p = static_cast<Peer *>(ud);
  if (p->defer) return NGHTTP2_ERR_DEFERRED;
  size_t n = p->response_size - p->sent;
  if (n > len) n = len;
  std::memset(buf, 'x', n);
  p->sent += n;
  if (p->sent == p->response_size) {
    *flags |= NGHTTP2_DATA_FLAG_EOF;
    if (p->trailers) {
      *flags |= NGHTTP2_DATA_FLAG_NO_END_STREAM;
      const nghttp2_nv t[] = {{(uint8_t *)"x-trailer", (uint8_t *)"done", 9, 4,
                               NGHTTP2_NV_FLAG_NONE}};
      nghttp2_submit_trailer(s, stream_id, t, 1);
    }
  }
  return static_cast<nghttp2_ssize>(n);
}

int on_header(nghttp2_session *, const nghttp2_frame *, const uint8_t *name,
              size_t namelen, const uint8_t *value, size_t valuelen, uint8_t,
              void *ud) {
  static_cast<Peer *>(ud)->headers.push_back(
      std::string((const char *)name, namelen) + ": " +
      std::string((const char *)value, valuelen));
  return 0;
}

int on_frame_recv(nghttp2_session *s, const nghttp2_frame *f, void *ud) {
  Peer *p = static_cast<Peer *>(ud);
  p->frames_recv.push_back(f->hd.type);
  if (p->server && f->hd.type == NGHTTP2_HEADERS &&
      f->headers.cat == NGHTTP2_HCAT_REQUEST &&
      (f->hd.flags & NGHTTP2_FLAG_END_STREAM)) {
    p->last_stream = f->hd.stream_id;
    p->sent = 0;
    const nghttp2_nv nv[] = {
        {(uint8_t *)":status", (uint8_t *)"200", 7, 3, NGHTTP2_NV_FLAG_NONE},
        {(uint8_t *)"server", (uint8_t *)"unit", 6, 4, NGHTTP2_NV_FLAG_NONE}};
    nghttp2_data_provider2 prd{};
    prd.read_callback = read_body;
    nghttp2_submit_response2(s, f->hd.stream_id, nv, 2,
                             p->response_size ? &prd : nullptr);
  }
  return 0;
}

int on_data(nghttp2_session *s, uint8_t, int32_t stream_id,
            const uint8_t *data, size_t len, void *ud) {
  Peer *p = static_cast<Peer *>(ud);
  p->body.append((const char *)data, len);
  if (p->manual_consume) nghttp2_session_consume(s, stream_id, len);
  return 0;
}

int on_close(nghttp2_session *, int32_t, uint32_t code, void *ud) {
  static_cast<Peer *>(ud)->closed.push_back(code);
  return 0;
}

nghttp2_session_callbacks *make_callbacks() {
  nghttp2_session_callbacks *cb;
  nghttp2_session_callbacks_new(&cb);
  nghttp2_session_callbacks_set_on_header_callback(cb, on_header);
  nghttp2_session_callbacks_set_on_frame_recv_callback(cb, on_frame_recv);
  nghttp2_session_callbacks_set_on_data_chunk_recv_callback(cb, on_data);
  nghttp2_session_callbacks_set_on_stream_close_callback(cb, on_close);
  return cb;
}

void open_pair(Peer &c, Peer &s, nghttp2_option *opt = nullptr) {
  nghttp2_session_callbacks *cb = make_callbacks();
  nghttp2_mem cm{&c.counter, c_malloc, c_free, c_calloc, c_realloc};
  nghttp2_mem sm{&s.counter, c_malloc, c_free, c_calloc, c_realloc};
  s.server = true;
  assert_int_equal(nghttp2_session_client_new3(&c.s, cb, &c, opt, &cm), 0);
  assert_int_equal(nghttp2_session_server_new3(&s.s, cb, &s, opt, &sm), 0);
  nghttp2_session_callbacks_del(cb);
  assert_int_equal(nghttp2_submit_settings(c.s, 0, nullptr, 0), 0);
  assert_int_equal(nghttp2_submit_settings(s.s, 0, nullptr, 0), 0);
}

// Moves bytes both ways until neither side has anything to send.
void pump(Peer &a, Peer &b) {
  for (int round = 0; round < 10000; ++round) {
    bool moved = false;
    for (int dir = 0; dir < 2; ++dir) {
      Peer &from = dir ? b : a;
      Peer &to = dir ? a : b;
      for (;;) {
        const uint8_t *data;
        const nghttp2_ssize n = nghttp2_session_mem_send2(from.s, &data);
        assert_true(n >= 0);
        if (n == 0) break;
        moved = true;
        assert_int_equal(nghttp2_session_mem_recv2(to.s, data, (size_t)n), n);
      }
    }
    if (!moved) return;
  }
  fail_msg("pump did not settle");
}

const nghttp2_nv kGet[] = {
    {(uint8_t *)":method", (uint8_t *)"GET", 7, 3, NGHTTP2_NV_FLAG_NONE},
    {(uint8_t *)":scheme", (uint8_t *)"https", 7, 5, NGHTTP2_NV_FLAG_NONE},
    {(uint8_t *)":authority", (uint8_t *)"example.org", 10, 11,
     NGHTTP2_NV_FLAG_NONE},
    {(uint8_t *)":path", (uint8_t *)"/", 5, 1, NGHTTP2_NV_FLAG_NONE},
};

void close_pair(Peer &c, Peer &s) {
  nghttp2_session_del(c.s);
  nghttp2_session_del(s.s);
  // Everything allocated through the table went back through it.
  assert_int_equal(c.counter.allocs, c.counter.frees);
  assert_int_equal(s.counter.allocs, s.counter.frees);
}

}  // namespace

static void test_initial_state(void **) {
  nghttp2_session_callbacks *cb = make_callbacks();
  nghttp2_session *c, *s;
  assert_int_equal(nghttp2_session_client_new(&c, cb, nullptr), 0);
  assert_int_equal(nghttp2_session_server_new(&s, cb, nullptr), 0);
  nghttp2_session_callbacks_del(cb);
  assert_int_equal(nghttp2_session_get_next_stream_id(c), 1);
  assert_int_equal(nghttp2_session_get_next_stream_id(s), 2);
  assert_int_equal(nghttp2_session_want_read(c), 1);
  assert_int_equal(nghttp2_session_want_write(c), 0);
  assert_int_equal(nghttp2_session_check_request_allowed(c), 1);
  assert_int_equal(nghttp2_session_check_request_allowed(s), 0);
  assert_int_equal(nghttp2_session_get_remote_settings(
                       c, NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS), 100);
  assert_int_equal(nghttp2_session_get_local_settings(
                       c, NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS), 0xffffffffu);
  assert_int_equal(nghttp2_session_get_local_settings(
                       c, NGHTTP2_SETTINGS_NO_RFC7540_PRIORITIES), 0xffffffffu);
  nghttp2_stream *root = nghttp2_session_find_stream(c, 0);
  assert_non_null(root);
  assert_int_equal(nghttp2_stream_get_state(root), NGHTTP2_STREAM_STATE_IDLE);
  // Client: the first mem_send yields the 24-byte magic and nothing else.
  const uint8_t *data;
  assert_int_equal(nghttp2_session_mem_send2(c, &data), 24);
  assert_memory_equal(data, NGHTTP2_CLIENT_MAGIC, 24);
  assert_int_equal(nghttp2_session_mem_send2(c, &data), 0);
  assert_int_equal(nghttp2_session_mem_send2(s, &data), 0);
  nghttp2_session_del(c);
  nghttp2_session_del(s);
}

static void test_get_headers_bytes(void **) {
  // Byte layout measured on the reference library (INVENTORY 4.2).
  nghttp2_session_callbacks *cb = make_callbacks();
  nghttp2_session *c;
  assert_int_equal(nghttp2_session_client_new(&c, cb, nullptr), 0);
  nghttp2_session_callbacks_del(cb);
  assert_int_equal(nghttp2_submit_request2(c, nullptr, kGet, 4, nullptr, nullptr), 1);
  assert_null(nghttp2_session_find_stream(c, 1));
  const uint8_t *data;
  assert_int_equal(nghttp2_session_mem_send2(c, &data), 24);
  assert_int_equal(nghttp2_session_mem_send2(c, &data), 22);
  const uint8_t expect[] = {0x00, 0x00, 0x0d, 0x01, 0x05, 0x00, 0x00, 0x00,
                            0x01, 0x82, 0x87, 0x41, 0x88, 0x2f, 0x91, 0xd3,
                            0x5d, 0x05, 0x5c, 0xf6, 0x4d, 0x84};
  assert_memory_equal(data, expect, sizeof(expect));
  nghttp2_stream *st = nghttp2_session_find_stream(c, 1);
  assert_non_null(st);
  assert_int_equal(nghttp2_stream_get_state(st),
                   NGHTTP2_STREAM_STATE_HALF_CLOSED_LOCAL);
  assert_int_equal(nghttp2_session_get_stream_local_close(c, 1), 1);
  assert_int_equal(nghttp2_session_get_stream_remote_close(c, 1), 0);
  nghttp2_session_del(c);
}

static void test_request_response(void **) {
  Peer c, s;
  s.response_size = 1000;
  open_pair(c, s);
  assert_int_equal(nghttp2_submit_request2(c.s, nullptr, kGet, 4, nullptr, nullptr), 1);
  pump(c, s);
  assert_int_equal(c.body.size(), 1000);
  assert_int_equal(s.last_stream, 1);
  // Server saw the request fields; client saw the response fields.
  assert_string_equal(s.headers[0].c_str(), ":method: GET");
  assert_string_equal(s.headers[3].c_str(), ":path: /");
  assert_string_equal(c.headers[0].c_str(), ":status: 200");
  assert_int_equal(c.closed.size(), 1);
  assert_int_equal(c.closed[0], NGHTTP2_NO_ERROR);
  assert_int_equal(s.closed.size(), 1);
  assert_null(nghttp2_session_find_stream(c.s, 1));
  assert_int_equal(nghttp2_session_get_last_proc_stream_id(s.s), 1);
  close_pair(c, s);
}

static void test_flow_control_large_body(void **) {
  // 300 KB is far beyond the 64 KiB initial windows: the transfer only
  // completes if WINDOW_UPDATEs flow back automatically.
  Peer c, s;
  s.response_size = 300000;
  open_pair(c, s);
  nghttp2_submit_request2(c.s, nullptr, kGet, 4, nullptr, nullptr);
  pump(c, s);
  assert_int_equal(c.body.size(), 300000);
  // What the client has not yet returned by WINDOW_UPDATE is exactly what
  // the server is still missing from its send window.
  assert_true(nghttp2_session_get_effective_recv_data_length(c.s) < 32768);
  assert_int_equal(nghttp2_session_get_remote_window_size(s.s),
                   nghttp2_session_get_local_window_size(c.s));
  close_pair(c, s);
}

static void test_manual_consume(void **) {
  Peer c, s;
  s.response_size = 200000;
  nghttp2_option *opt;
  nghttp2_option_new(&opt);
  nghttp2_option_set_no_auto_window_update(opt, 1);
  open_pair(c, s, opt);
  nghttp2_option_del(opt);
  nghttp2_submit_request2(c.s, nullptr, kGet, 4, nullptr, nullptr);
  pump(c, s);
  // Without consuming, the client stops at the 65535-byte window.
  assert_int_equal(c.body.size(), 65535);
  assert_int_equal(nghttp2_session_get_effective_recv_data_length(c.s), 65535);
  assert_int_equal(nghttp2_session_consume(c.s, 1, c.body.size()), 0);
  c.manual_consume = true;
  pump(c, s);
  assert_int_equal(c.body.size(), 200000);
  // Automatic mode rejects consume.
  Peer c2, s2;
  open_pair(c2, s2);
  assert_int_equal(nghttp2_session_consume(c2.s, 1, 10), NGHTTP2_ERR_INVALID_STATE);
  assert_int_equal(nghttp2_session_consume(c2.s, 0, 10), NGHTTP2_ERR_INVALID_ARGUMENT);
  close_pair(c2, s2);
  close_pair(c, s);
}

static void test_deferred_and_trailers(void **) {
  Peer c, s;
  s.response_size = 10;
  s.defer = true;
  s.trailers = true;
  open_pair(c, s);
  nghttp2_submit_request2(c.s, nullptr, kGet, 4, nullptr, nullptr);
  pump(c, s);
  assert_int_equal(c.body.size(), 0);
  assert_int_equal(nghttp2_session_resume_data(s.s, 1), 0);
  assert_int_equal(nghttp2_session_resume_data(s.s, 1),
                   NGHTTP2_ERR_INVALID_ARGUMENT);
  s.defer = false;
  pump(c, s);
  assert_int_equal(c.body.size(), 10);
  assert_string_equal(c.headers.back().c_str(), "x-trailer: done");
  assert_int_equal(c.closed.size(), 1);
  close_pair(c, s);
}

static void test_rst_stream_and_goaway(void **) {
  Peer c, s;
  s.response_size = 0;
  open_pair(c, s);
  const nghttp2_nv post[] = {
      {(uint8_t *)":method", (uint8_t *)"POST", 7, 4, NGHTTP2_NV_FLAG_NONE},
      {(uint8_t *)":scheme", (uint8_t *)"https", 7, 5, NGHTTP2_NV_FLAG_NONE},
      {(uint8_t *)":authority", (uint8_t *)"a", 10, 1, NGHTTP2_NV_FLAG_NONE},
      {(uint8_t *)":path", (uint8_t *)"/", 5, 1, NGHTTP2_NV_FLAG_NONE}};
  const int32_t id = nghttp2_submit_headers(c.s, 0, -1, nullptr, post, 4, nullptr);
  assert_int_equal(id, 1);
  pump(c, s);
  assert_int_equal(nghttp2_submit_rst_stream(c.s, 0, id, NGHTTP2_CANCEL), 0);
  pump(c, s);
  assert_int_equal(s.closed.size(), 1);
  assert_int_equal(s.closed[0], NGHTTP2_CANCEL);
  assert_int_equal(c.closed[0], NGHTTP2_CANCEL);
  // PING is answered automatically.
  assert_int_equal(nghttp2_submit_ping(c.s, 0, (const uint8_t *)"abcdefgh"), 0);
  pump(c, s);
  assert_int_equal(c.frames_recv.back(), NGHTTP2_PING);
  // GOAWAY from the server ends the client's ability to open streams.
  assert_int_equal(nghttp2_submit_goaway(s.s, 0, 1, NGHTTP2_NO_ERROR, nullptr, 0), 0);
  pump(c, s);
  assert_int_equal(nghttp2_session_check_request_allowed(c.s), 0);
  assert_int_equal(nghttp2_session_want_read(c.s), 0);
  close_pair(c, s);
}

static void test_steady_state_zero_alloc(void **) {
  Peer c, s;
  s.response_size = 5000;
  open_pair(c, s);
  auto one_request = [&]() {
    const int32_t id =
        nghttp2_submit_request2(c.s, nullptr, kGet, 4, nullptr, nullptr);
    assert_true(id > 0);
    pump(c, s);
  };
  for (int i = 0; i < 20; ++i) one_request();
  const size_t ca = c.counter.allocs, sa = s.counter.allocs;
  // The counter is live: setup and warm-up did allocate.
  assert_true(ca > 0 && sa > 0);
  for (int i = 0; i < 200; ++i) one_request();
  assert_int_equal(c.body.size(), 220u * 5000u);
  // Measured: the 200 requests after warm-up reached neither allocator.
  assert_int_equal(c.counter.allocs - ca, 0);
  assert_int_equal(s.counter.allocs - sa, 0);
  close_pair(c, s);
}

static void test_submit_errors(void **) {
  Peer c, s;
  open_pair(c, s);
  assert_int_equal(nghttp2_submit_request2(s.s, nullptr, kGet, 4, nullptr, nullptr),
                   NGHTTP2_ERR_PROTO);
  assert_int_equal(nghttp2_submit_response2(c.s, 1, kGet, 4, nullptr),
                   NGHTTP2_ERR_PROTO);
  assert_int_equal(nghttp2_submit_rst_stream(c.s, 0, 0, 0),
                   NGHTTP2_ERR_INVALID_ARGUMENT);
  const nghttp2_settings_entry bad[] = {{NGHTTP2_SETTINGS_ENABLE_PUSH, 2}};
  assert_int_equal(nghttp2_submit_settings(c.s, 0, bad, 1),
                   NGHTTP2_ERR_INVALID_ARGUMENT);
  assert_int_equal(nghttp2_submit_shutdown_notice(c.s), NGHTTP2_ERR_INVALID_STATE);
  assert_int_equal(nghttp2_submit_extension(c.s, 5, 0, 0, nullptr),
                   NGHTTP2_ERR_INVALID_ARGUMENT);
  assert_int_equal(nghttp2_submit_extension(c.s, 0xf0, 0, 0, nullptr),
                   NGHTTP2_ERR_INVALID_STATE);
  assert_int_equal(nghttp2_session_set_next_stream_id(c.s, 2),
                   NGHTTP2_ERR_INVALID_ARGUMENT);
  assert_int_equal(nghttp2_session_set_next_stream_id(c.s, 11), 0);
  assert_int_equal(nghttp2_submit_request2(c.s, nullptr, kGet, 4, nullptr, nullptr), 11);
  close_pair(c, s);
}

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_initial_state),
      cmocka_unit_test(test_get_headers_bytes),
      cmocka_unit_test(test_request_response),
      cmocka_unit_test(test_flow_control_large_body),
      cmocka_unit_test(test_manual_consume),
      cmocka_unit_test(test_deferred_and_trailers),
      cmocka_unit_test(test_rst_stream_and_goaway),
      cmocka_unit_test(test_steady_state_zero_alloc),
      cmocka_unit_test(test_submit_errors),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}

// The parts of the public API that the conversation-level tests do not
// reach: option setters, the less common callback setters, stream and
// session queries, h2c upgrade, extension submissions, rcbuf reference
// counting and the RFC 7540 priority calls that newest upstream turned into
// no-ops. Every case asserts the effect upstream documents, so a setter that
// stored nothing or a query that returned a constant would fail here.
//
// Client and server sessions of the library under test talk in memory.
#define NGHTTP2_NO_DEPRECATION_WARNINGS
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

extern "C" {
#include <cmocka.h>
}

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include <nghttp2/nghttp2.h>

namespace {

nghttp2_nv nv(const char *n, const char *v, uint8_t flags = 0) {
  return {(uint8_t *)n, (uint8_t *)v, std::strlen(n), std::strlen(v), flags};
}

const nghttp2_nv kGet[] = {nv(":method", "GET"), nv(":scheme", "http"),
                           nv(":authority", "example.org"), nv(":path", "/")};
const nghttp2_nv kPost[] = {nv(":method", "POST"), nv(":scheme", "http"),
                            nv(":authority", "example.org"),
                            nv(":path", "/up")};

// What one endpoint saw; every callback below records into it.
struct Peer {
  nghttp2_session *s = nullptr;
  bool server = false;
  bool respond = true;               // server: answer requests with 200
  std::vector<int> recv_types;       // frame types of on_frame_recv
  std::vector<int> sent_types;       // frame types of on_frame_send
  std::vector<size_t> sent_data_len; // payload length of each DATA sent
  std::vector<size_t> sent_padlen;   // padlen of each HEADERS/DATA sent
  std::vector<int> not_sent_errors;  // lib error of on_frame_not_send
  std::vector<std::string> headers;  // "name: value" of every field
  std::string body;
  std::vector<uint32_t> goaway_codes; // error codes of GOAWAYs sent
  std::string ext_payload;           // last received extension frame text
  nghttp2_rcbuf *kept_name = nullptr;  // kept by on_header2 with incref
  nghttp2_rcbuf *kept_value = nullptr;
  void *seen_user_data = nullptr;    // user_data of the last callback
  int error_calls = 0;
  size_t body_to_send = 0;
  size_t body_sent = 0;
};

nghttp2_ssize read_body(nghttp2_session *, int32_t, uint8_t *buf, size_t len,
                        uint32_t *flags, nghttp2_data_source *src, void *) {
  Peer *p = static_cast<Peer *>(src->ptr);
  size_t n = p->body_to_send - p->body_sent;
  if (n > len) n = len;
  std::memset(buf, 'b', n);
  p->body_sent += n;
  if (p->body_sent == p->body_to_send) *flags |= NGHTTP2_DATA_FLAG_EOF;
  return (nghttp2_ssize)n;
}

int on_frame_recv(nghttp2_session *s, const nghttp2_frame *f, void *ud) {
  Peer *p = static_cast<Peer *>(ud);
  p->seen_user_data = ud;
  p->recv_types.push_back(f->hd.type);
  if (f->hd.type == NGHTTP2_ALTSVC) {
    auto *a = static_cast<const nghttp2_ext_altsvc *>(f->ext.payload);
    p->ext_payload = std::string((const char *)a->origin, a->origin_len) +
                     "|" +
                     std::string((const char *)a->field_value,
                                 a->field_value_len);
  } else if (f->hd.type == NGHTTP2_ORIGIN) {
    auto *o = static_cast<const nghttp2_ext_origin *>(f->ext.payload);
    p->ext_payload.clear();
    for (size_t i = 0; i < o->nov; ++i)
      p->ext_payload += std::string((const char *)o->ov[i].origin,
                                    o->ov[i].origin_len) + ";";
  }
  if (p->server && p->respond && f->hd.type == NGHTTP2_HEADERS &&
      (f->hd.flags & NGHTTP2_FLAG_END_STREAM)) {
    const nghttp2_nv res[] = {nv(":status", "200")};
    nghttp2_data_provider2 prd{};
    prd.source.ptr = p;
    prd.read_callback = read_body;
    p->body_sent = 0;
    nghttp2_submit_response2(s, f->hd.stream_id, res, 1,
                             p->body_to_send ? &prd : nullptr);
  }
  return 0;
}

int on_frame_send(nghttp2_session *, const nghttp2_frame *f, void *ud) {
  Peer *p = static_cast<Peer *>(ud);
  p->sent_types.push_back(f->hd.type);
  if (f->hd.type == NGHTTP2_DATA) {
    p->sent_data_len.push_back(f->hd.length);
    p->sent_padlen.push_back(f->data.padlen);
  }
  if (f->hd.type == NGHTTP2_HEADERS) p->sent_padlen.push_back(f->headers.padlen);
  if (f->hd.type == NGHTTP2_GOAWAY) p->goaway_codes.push_back(f->goaway.error_code);
  return 0;
}

int on_frame_not_send(nghttp2_session *, const nghttp2_frame *, int err,
                      void *ud) {
  static_cast<Peer *>(ud)->not_sent_errors.push_back(err);
  return 0;
}

int on_header(nghttp2_session *, const nghttp2_frame *, const uint8_t *n,
              size_t nl, const uint8_t *v, size_t vl, uint8_t, void *ud) {
  static_cast<Peer *>(ud)->headers.push_back(
      std::string((const char *)n, nl) + ": " + std::string((const char *)v, vl));
  return 0;
}

int on_data(nghttp2_session *, uint8_t, int32_t, const uint8_t *d, size_t n,
            void *ud) {
  static_cast<Peer *>(ud)->body.append((const char *)d, n);
  return 0;
}

nghttp2_session_callbacks *callbacks() {
  nghttp2_session_callbacks *cb;
  assert_int_equal(nghttp2_session_callbacks_new(&cb), 0);
  nghttp2_session_callbacks_set_on_frame_recv_callback(cb, on_frame_recv);
  nghttp2_session_callbacks_set_on_frame_send_callback(cb, on_frame_send);
  nghttp2_session_callbacks_set_on_frame_not_send_callback(cb, on_frame_not_send);
  nghttp2_session_callbacks_set_on_header_callback(cb, on_header);
  nghttp2_session_callbacks_set_on_data_chunk_recv_callback(cb, on_data);
  return cb;
}

void open_pair(Peer &c, Peer &s, nghttp2_session_callbacks *cb = nullptr,
               const nghttp2_option *copt = nullptr,
               const nghttp2_option *sopt = nullptr,
               const nghttp2_settings_entry *iv = nullptr, size_t niv = 0) {
  nghttp2_session_callbacks *own = cb ? nullptr : callbacks();
  s.server = true;
  assert_int_equal(nghttp2_session_client_new2(&c.s, cb ? cb : own, &c, copt), 0);
  assert_int_equal(nghttp2_session_server_new2(&s.s, cb ? cb : own, &s, sopt), 0);
  if (own) nghttp2_session_callbacks_del(own);
  assert_int_equal(nghttp2_submit_settings(c.s, 0, iv, niv), 0);
  assert_int_equal(nghttp2_submit_settings(s.s, 0, iv, niv), 0);
}

// Moves bytes both ways until neither side has anything left to send.
// Returns the last negative mem_recv2 result, or 0.
nghttp2_ssize pump(Peer &a, Peer &b) {
  nghttp2_ssize err = 0;
  for (int round = 0; round < 1000; ++round) {
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
        const nghttp2_ssize r = nghttp2_session_mem_recv2(to.s, data, (size_t)n);
        if (r < 0) err = r;
      }
    }
    if (!moved) return err;
  }
  fail_msg("pump did not settle");
  return err;
}

void close_pair(Peer &c, Peer &s) {
  if (c.kept_name) nghttp2_rcbuf_decref(c.kept_name);
  if (c.kept_value) nghttp2_rcbuf_decref(c.kept_value);
  if (s.kept_name) nghttp2_rcbuf_decref(s.kept_name);
  if (s.kept_value) nghttp2_rcbuf_decref(s.kept_value);
  nghttp2_session_del(c.s);
  nghttp2_session_del(s.s);
}

bool has(const std::vector<int> &v, int x) {
  for (int e : v)
    if (e == x) return true;
  return false;
}

// Raw frame bytes for hand-made input.
std::string frame(uint8_t type, uint8_t flags, int32_t sid,
                  const std::string &payload) {
  std::string f;
  f += (char)(payload.size() >> 16);
  f += (char)(payload.size() >> 8);
  f += (char)payload.size();
  f += (char)type;
  f += (char)flags;
  f += (char)(sid >> 24);
  f += (char)(sid >> 16);
  f += (char)(sid >> 8);
  f += (char)sid;
  return f + payload;
}

}  // namespace

// ---- options ------------------------------------------------------------

static void test_max_deflate_dynamic_table_size(void **) {
  for (size_t cap : {size_t(0), size_t(4096)}) {
    nghttp2_option *opt;
    assert_int_equal(nghttp2_option_new(&opt), 0);
    nghttp2_option_set_max_deflate_dynamic_table_size(opt, cap);
    Peer c, s;
    open_pair(c, s, nullptr, opt, nullptr);
    nghttp2_option_del(opt);
    const nghttp2_nv req[] = {kGet[0], kGet[1], kGet[2], kGet[3],
                              nv("x-custom", "some value to index")};
    assert_int_equal(nghttp2_submit_request2(c.s, nullptr, req, 5, nullptr, nullptr), 1);
    pump(c, s);
    // The encoder indexes :authority and x-custom unless its table is capped
    // at 0; the peer's decoder table mirrors the encoder's exactly.
    const size_t enc = nghttp2_session_get_hd_deflate_dynamic_table_size(c.s);
    if (cap == 0) assert_int_equal(enc, 0);
    else assert_true(enc > 0);
    assert_int_equal(nghttp2_session_get_hd_inflate_dynamic_table_size(s.s), enc);
    close_pair(c, s);
  }
}

static void test_max_send_header_block_length(void **) {
  nghttp2_option *opt;
  nghttp2_option_new(&opt);
  nghttp2_option_set_max_send_header_block_length(opt, 64);
  Peer c, s;
  open_pair(c, s, nullptr, opt, nullptr);
  nghttp2_option_del(opt);
  std::string big(200, 'v');
  const nghttp2_nv req[] = {kGet[0], kGet[1], kGet[2], kGet[3],
                            nv("x-big", big.c_str())};
  assert_int_equal(nghttp2_submit_request2(c.s, nullptr, req, 5, nullptr, nullptr), 1);
  pump(c, s);
  // The block's bound exceeds the limit: the HEADERS is not sent.
  assert_int_equal(c.not_sent_errors.size(), 1);
  assert_int_equal(c.not_sent_errors[0], NGHTTP2_ERR_FRAME_SIZE_ERROR);
  assert_false(has(s.recv_types, NGHTTP2_HEADERS));
  close_pair(c, s);
}

static void test_max_outbound_ack(void **) {
  nghttp2_option *opt;
  nghttp2_option_new(&opt);
  nghttp2_option_set_max_outbound_ack(opt, 3);
  nghttp2_session_callbacks *cb = callbacks();
  nghttp2_session *srv;
  Peer s;
  assert_int_equal(nghttp2_session_server_new2(&srv, cb, &s, opt), 0);
  nghttp2_option_del(opt);
  nghttp2_session_callbacks_del(cb);
  std::string in = NGHTTP2_CLIENT_MAGIC + frame(NGHTTP2_SETTINGS, 0, 0, "");
  for (int i = 0; i < 5; ++i) in += frame(NGHTTP2_PING, 0, 0, std::string(8, 'p'));
  // PING ACKs pile up unsent; past three the peer is flooding us.
  assert_int_equal(nghttp2_session_mem_recv2(srv, (const uint8_t *)in.data(), in.size()),
                   NGHTTP2_ERR_FLOODED);
  nghttp2_session_del(srv);
}

static void test_max_outbound_queue_size(void **) {
  for (size_t limit : {size_t(2), size_t(5000)}) {
    nghttp2_option *opt;
    nghttp2_option_new(&opt);
    nghttp2_option_set_max_outbound_queue_size(opt, limit);
    nghttp2_session_callbacks *cb = callbacks();
    nghttp2_session *srv;
    Peer s;
    assert_int_equal(nghttp2_session_server_new2(&srv, cb, &s, opt), 0);
    nghttp2_option_del(opt);
    nghttp2_session_callbacks_del(cb);
    std::string in = NGHTTP2_CLIENT_MAGIC + frame(NGHTTP2_SETTINGS, 0, 0, "");
    for (int i = 0; i < 4; ++i) in += frame(NGHTTP2_PING, 0, 0, std::string(8, 'p'));
    const nghttp2_ssize rv =
        nghttp2_session_mem_recv2(srv, (const uint8_t *)in.data(), in.size());
    // One SETTINGS ACK and four PING ACKs are queued: five items.
    assert_int_equal(nghttp2_session_get_outbound_queue_size(srv), 5);
    if (limit == 2) assert_int_equal(rv, NGHTTP2_ERR_FLOODED);
    else assert_int_equal(rv, (nghttp2_ssize)in.size());
    nghttp2_session_del(srv);
  }
}

static void test_stream_reset_rate_limit(void **) {
  for (uint64_t burst : {uint64_t(2), uint64_t(1000)}) {
    nghttp2_option *opt;
    nghttp2_option_new(&opt);
    nghttp2_option_set_stream_reset_rate_limit(opt, burst, 0);
    Peer c, s;
    s.respond = false;
    open_pair(c, s, nullptr, nullptr, opt);
    nghttp2_option_del(opt);
    for (int i = 0; i < 4; ++i) {
      const int32_t id = nghttp2_submit_request2(c.s, nullptr, kGet, 4, nullptr, nullptr);
      assert_true(id > 0);
      pump(c, s);
      assert_int_equal(nghttp2_submit_rst_stream(c.s, 0, id, NGHTTP2_CANCEL), 0);
      pump(c, s);
    }
    // With a bucket of two and no refill the third reset is one too many;
    // upstream answers a rapid-reset peer with GOAWAY(INTERNAL_ERROR).
    if (burst == 2) {
      assert_int_equal(s.goaway_codes.size(), 1);
      assert_int_equal(s.goaway_codes[0], NGHTTP2_INTERNAL_ERROR);
    } else {
      assert_int_equal(s.goaway_codes.size(), 0);
    }
    close_pair(c, s);
  }
}

static void test_glitch_rate_limit(void **) {
  for (uint64_t burst : {uint64_t(3), uint64_t(10000)}) {
    nghttp2_option *opt;
    nghttp2_option_new(&opt);
    nghttp2_option_set_glitch_rate_limit(opt, burst, 0);
    nghttp2_session_callbacks *cb = callbacks();
    nghttp2_session *srv;
    Peer s;
    s.server = true;
    assert_int_equal(nghttp2_session_server_new2(&srv, cb, &s, opt), 0);
    s.s = srv;
    nghttp2_option_del(opt);
    nghttp2_session_callbacks_del(cb);
    std::string in = NGHTTP2_CLIENT_MAGIC + frame(NGHTTP2_SETTINGS, 0, 0, "");
    // Frames of an unknown type are ignored but counted as glitches.
    for (int i = 0; i < 6; ++i) in += frame(0xee, 0, 0, "junk");
    assert_int_equal(nghttp2_session_mem_recv2(srv, (const uint8_t *)in.data(), in.size()),
                     (nghttp2_ssize)in.size());
    const uint8_t *out;
    while (nghttp2_session_mem_send2(srv, &out) > 0) {
    }
    if (burst == 3) {
      assert_int_equal(s.goaway_codes.size(), 1);
      assert_int_equal(s.goaway_codes[0], NGHTTP2_ENHANCE_YOUR_CALM);
    } else {
      assert_int_equal(s.goaway_codes.size(), 0);
    }
    nghttp2_session_del(srv);
  }
}

static void test_ws_validation_option(void **) {
  for (int lax : {0, 1}) {
    nghttp2_option *opt;
    nghttp2_option_new(&opt);
    nghttp2_option_set_no_rfc9113_leading_and_trailing_ws_validation(opt, lax);
    Peer c, s;
    open_pair(c, s, nullptr, nullptr, opt);
    nghttp2_option_del(opt);
    const nghttp2_nv req[] = {kGet[0], kGet[1], kGet[2], kGet[3],
                              nv("x-pad", " padded ")};
    assert_int_equal(nghttp2_submit_request2(c.s, nullptr, req, 5, nullptr, nullptr), 1);
    pump(c, s);
    bool seen = false;
    for (auto &h : s.headers) seen |= h == "x-pad:  padded ";
    // RFC 9113 forbids leading/trailing whitespace; the option relaxes it.
    assert_int_equal(seen, lax == 1);
    close_pair(c, s);
  }
}

static void test_ignored_priority_options(void **) {
  // Newest upstream keeps no closed streams and has no RFC 7540 fallback;
  // both setters are accepted and change nothing.
  nghttp2_option *opt;
  nghttp2_option_new(&opt);
  nghttp2_option_set_no_closed_streams(opt, 0);
  nghttp2_option_set_server_fallback_rfc7540_priorities(opt, 1);
  Peer c, s;
  open_pair(c, s, nullptr, opt, opt);
  nghttp2_option_del(opt);
  assert_int_equal(nghttp2_submit_request2(c.s, nullptr, kGet, 4, nullptr, nullptr), 1);
  pump(c, s);
  assert_true(has(c.recv_types, NGHTTP2_HEADERS));
  assert_null(nghttp2_session_find_stream(c.s, 1));
  assert_null(nghttp2_session_find_stream(s.s, 1));
  close_pair(c, s);
}

// ---- callback setters ---------------------------------------------------

static nghttp2_ssize one_byte(nghttp2_session *, uint8_t, int32_t, int32_t,
                              int32_t, uint32_t, void *) {
  return 1;
}

static void test_read_length_callback2(void **) {
  nghttp2_session_callbacks *cb = callbacks();
  nghttp2_session_callbacks_set_data_source_read_length_callback2(cb, one_byte);
  Peer c, s;
  s.body_to_send = 5;
  open_pair(c, s, cb);
  nghttp2_session_callbacks_del(cb);
  nghttp2_submit_request2(c.s, nullptr, kGet, 4, nullptr, nullptr);
  pump(c, s);
  assert_string_equal(c.body.c_str(), "bbbbb");
  assert_int_equal(s.sent_data_len.size(), 5);
  for (size_t n : s.sent_data_len) assert_int_equal(n, 1);
  close_pair(c, s);
}

static ssize_t pad_max(nghttp2_session *, const nghttp2_frame *, size_t max,
                       void *) {
  return (ssize_t)max;
}
static nghttp2_ssize pad_plus_8(nghttp2_session *, const nghttp2_frame *f,
                                size_t max, void *) {
  size_t want = f->hd.length + 8;
  return (nghttp2_ssize)(want < max ? want : max);
}

static void test_select_padding_callbacks(void **) {
  // The `2` slot wins when both are set.
  nghttp2_session_callbacks *cb = callbacks();
  nghttp2_session_callbacks_set_select_padding_callback(cb, pad_max);
  nghttp2_session_callbacks_set_select_padding_callback2(cb, pad_plus_8);
  Peer c, s;
  s.body_to_send = 10;
  open_pair(c, s, cb);
  nghttp2_session_callbacks_del(cb);
  nghttp2_submit_request2(c.s, nullptr, kGet, 4, nullptr, nullptr);
  pump(c, s);
  assert_string_equal(c.body.c_str(), "bbbbbbbbbb");
  assert_true(s.sent_padlen.size() >= 2);
  // 8 extra bytes: the pad length octet plus 7 bytes of padding.
  for (size_t p : s.sent_padlen) assert_int_equal(p, 8);
  close_pair(c, s);
}

struct Wire {
  std::string out;
  std::string in;
  size_t in_pos = 0;
  int send_calls = 0;
  int recv_calls = 0;
};

static ssize_t send_v1(nghttp2_session *, const uint8_t *d, size_t n, int,
                       void *ud) {
  Wire *w = *static_cast<Wire **>(ud);
  ++w->send_calls;
  w->out.append((const char *)d, n);
  return (ssize_t)n;
}
static nghttp2_ssize send_v2(nghttp2_session *, const uint8_t *d, size_t n,
                             int, void *ud) {
  Wire *w = *static_cast<Wire **>(ud);
  w->send_calls += 100;
  w->out.append((const char *)d, n);
  return (nghttp2_ssize)n;
}
static ssize_t recv_v1(nghttp2_session *, uint8_t *buf, size_t len, int,
                       void *ud) {
  Wire *w = *static_cast<Wire **>(ud);
  ++w->recv_calls;
  if (w->in_pos == w->in.size()) return NGHTTP2_ERR_EOF;
  size_t n = w->in.size() - w->in_pos;
  if (n > len) n = len;
  std::memcpy(buf, w->in.data() + w->in_pos, n);
  w->in_pos += n;
  return (ssize_t)n;
}
static nghttp2_ssize recv_v2(nghttp2_session *s, uint8_t *buf, size_t len,
                             int f, void *ud) {
  Wire *w = *static_cast<Wire **>(ud);
  w->recv_calls += 99;  // together with recv_v1's +1: 100 per call
  return recv_v1(s, buf, len, f, ud);
}

static void test_send_recv_callbacks(void **) {
  for (int twin = 0; twin < 2; ++twin) {
    nghttp2_session_callbacks *cb;
    nghttp2_session_callbacks_new(&cb);
    nghttp2_session_callbacks_set_send_callback(cb, send_v1);
    nghttp2_session_callbacks_set_recv_callback(cb, recv_v1);
    if (twin) {
      nghttp2_session_callbacks_set_send_callback2(cb, send_v2);
      nghttp2_session_callbacks_set_recv_callback2(cb, recv_v2);
    }
    Wire cw, sw;
    Wire *cwp = &cw, *swp = &sw;
    nghttp2_session *c, *s;
    nghttp2_session_client_new(&c, cb, &cwp);
    nghttp2_session_server_new(&s, cb, &swp);
    nghttp2_session_callbacks_del(cb);
    nghttp2_submit_settings(c, 0, nullptr, 0);
    assert_int_equal(nghttp2_submit_request2(c, nullptr, kGet, 4, nullptr, nullptr), 1);
    assert_int_equal(nghttp2_session_send(c), 0);
    // Magic, SETTINGS and HEADERS went through the send callback.
    assert_true(cw.out.size() > 24 + 9);
    assert_memory_equal(cw.out.data(), NGHTTP2_CLIENT_MAGIC, 24);
    assert_true(twin ? cw.send_calls >= 100 && cw.send_calls % 100 == 0
                     : cw.send_calls >= 1 && cw.send_calls < 100);
    sw.in = cw.out;
    // The server reads everything, then the callback reports EOF.
    assert_int_equal(nghttp2_session_recv(s), NGHTTP2_ERR_EOF);
    assert_true(twin ? sw.recv_calls % 100 == 0 : sw.recv_calls < 100);
    assert_int_equal(nghttp2_session_get_last_proc_stream_id(s), 1);
    assert_int_equal(nghttp2_session_check_server_session(s), 1);
    assert_int_equal(nghttp2_session_check_server_session(c), 0);
    nghttp2_session_del(c);
    nghttp2_session_del(s);
  }
}

static int error_calls;
static int on_error_v1(nghttp2_session *, const char *msg, size_t len, void *) {
  assert_true(len > 0 && msg != nullptr);
  ++error_calls;
  return 0;
}

static void test_error_callback(void **) {
  nghttp2_session_callbacks *cb = callbacks();
  nghttp2_session_callbacks_set_error_callback(cb, on_error_v1);
  nghttp2_session *srv;
  Peer s;
  nghttp2_session_server_new(&srv, cb, &s);
  nghttp2_session_callbacks_del(cb);
  // A first frame other than SETTINGS is reported through the error
  // callback with a message before the connection is torn down.
  std::string in = NGHTTP2_CLIENT_MAGIC + frame(NGHTTP2_PING, 0, 0, std::string(8, 'p'));
  error_calls = 0;
  nghttp2_session_mem_recv2(srv, (const uint8_t *)in.data(), in.size());
  assert_true(error_calls >= 1);
  nghttp2_session_del(srv);
}

static int rand_calls;
static void my_rand(uint8_t *dest, size_t len) {
  ++rand_calls;
  std::memset(dest, 0x5a, len);
}

static void test_rand_callback(void **) {
  nghttp2_session_callbacks *cb = callbacks();
  nghttp2_session_callbacks_set_rand_callback(cb, my_rand);
  rand_calls = 0;
  Peer c, s;
  open_pair(c, s, cb);
  nghttp2_session_callbacks_del(cb);
  // Upstream draws its hash seed from the callback when a session is made.
  assert_int_equal(rand_calls, 2);
  for (int i = 0; i < 20; ++i)
    assert_true(nghttp2_submit_request2(c.s, nullptr, kGet, 4, nullptr, nullptr) > 0);
  pump(c, s);
  int responses = 0;
  for (int t : c.recv_types) responses += t == NGHTTP2_HEADERS;
  assert_int_equal(responses, 20);
  close_pair(c, s);
}

static ssize_t pack_v1(nghttp2_session *, uint8_t *buf, size_t len,
                       const nghttp2_frame *f, void *) {
  const char *text = static_cast<const char *>(f->ext.payload);
  size_t n = std::strlen(text);
  assert_true(n <= len);
  std::memcpy(buf, text, n);
  return (ssize_t)n;
}
static nghttp2_ssize pack_v2(nghttp2_session *s, uint8_t *buf, size_t len,
                             const nghttp2_frame *f, void *ud) {
  nghttp2_ssize n = pack_v1(s, buf, len, f, ud);
  buf[0] = 'V';  // marks that the `2` callback packed it
  return n;
}
static int unpack(nghttp2_session *, void **payload, const nghttp2_frame_hd *,
                  void *ud) {
  *payload = ud;
  return 0;
}
static int ext_chunk(nghttp2_session *, const nghttp2_frame_hd *hd,
                     const uint8_t *d, size_t n, void *ud) {
  assert_int_equal(hd->type, 0xb0);
  static_cast<Peer *>(ud)->ext_payload.append((const char *)d, n);
  return 0;
}

static void test_user_extension(void **) {
  for (int twin = 0; twin < 2; ++twin) {
    nghttp2_session_callbacks *cb = callbacks();
    nghttp2_session_callbacks_set_pack_extension_callback(cb, pack_v1);
    if (twin) nghttp2_session_callbacks_set_pack_extension_callback2(cb, pack_v2);
    nghttp2_session_callbacks_set_unpack_extension_callback(cb, unpack);
    nghttp2_session_callbacks_set_on_extension_chunk_recv_callback(cb, ext_chunk);
    nghttp2_option *opt;
    nghttp2_option_new(&opt);
    nghttp2_option_set_user_recv_extension_type(opt, 0xb0);
    Peer c, s;
    open_pair(c, s, cb, opt, opt);
    nghttp2_session_callbacks_del(cb);
    nghttp2_option_del(opt);
    static char text[] = "hello-ext";
    assert_int_equal(nghttp2_submit_extension(c.s, 0xb0, 0, 0, text), 0);
    pump(c, s);
    assert_true(has(s.recv_types, 0xb0));
    assert_string_equal(s.ext_payload.c_str(), twin ? "Vello-ext" : "hello-ext");
    close_pair(c, s);
  }
}

// ---- built-in extensions --------------------------------------------------

static void test_altsvc_origin(void **) {
  nghttp2_option *opt;
  nghttp2_option_new(&opt);
  nghttp2_option_set_builtin_recv_extension_type(opt, NGHTTP2_ALTSVC);
  nghttp2_option_set_builtin_recv_extension_type(opt, NGHTTP2_ORIGIN);
  Peer c, s;
  open_pair(c, s, nullptr, opt, opt);
  nghttp2_option_del(opt);
  const char *origin = "https://example.org";
  const char *alt = "h2=\":8443\"";
  // Only servers may send them; on stream 0 ALTSVC needs an origin.
  assert_int_equal(nghttp2_submit_altsvc(c.s, 0, 0, (const uint8_t *)origin, 19,
                                         (const uint8_t *)alt, 10),
                   NGHTTP2_ERR_INVALID_STATE);
  assert_int_equal(nghttp2_submit_altsvc(s.s, 0, 0, nullptr, 0,
                                         (const uint8_t *)alt, 10),
                   NGHTTP2_ERR_INVALID_ARGUMENT);
  assert_int_equal(nghttp2_submit_altsvc(s.s, 0, 0, (const uint8_t *)origin, 19,
                                         (const uint8_t *)alt, 10), 0);
  pump(c, s);
  assert_true(has(c.recv_types, NGHTTP2_ALTSVC));
  assert_string_equal(c.ext_payload.c_str(), "https://example.org|h2=\":8443\"");

  nghttp2_origin_entry ov[] = {{(uint8_t *)"https://a.example", 17},
                               {(uint8_t *)"https://b.example", 17}};
  assert_int_equal(nghttp2_submit_origin(c.s, 0, ov, 2), NGHTTP2_ERR_INVALID_STATE);
  assert_int_equal(nghttp2_submit_origin(s.s, 0, ov, 2), 0);
  pump(c, s);
  assert_true(has(c.recv_types, NGHTTP2_ORIGIN));
  assert_string_equal(c.ext_payload.c_str(), "https://a.example;https://b.example;");
  close_pair(c, s);
}

static void test_extensible_priorities(void **) {
  nghttp2_option *opt;
  nghttp2_option_new(&opt);
  nghttp2_option_set_builtin_recv_extension_type(opt, NGHTTP2_PRIORITY_UPDATE);
  Peer c, s;
  s.respond = false;
  // The setting counts only in the first SETTINGS and may not change later.
  nghttp2_settings_entry no7540 = {NGHTTP2_SETTINGS_NO_RFC7540_PRIORITIES, 1};
  open_pair(c, s, nullptr, opt, opt, &no7540, 1);
  nghttp2_option_del(opt);
  nghttp2_settings_entry flip = {NGHTTP2_SETTINGS_NO_RFC7540_PRIORITIES, 0};
  assert_int_equal(nghttp2_submit_settings(s.s, 0, &flip, 1), NGHTTP2_ERR_INVALID_ARGUMENT);
  const nghttp2_nv req[] = {kGet[0], kGet[1], kGet[2], kGet[3],
                            nv("priority", "u=5")};
  assert_int_equal(nghttp2_submit_request2(c.s, nullptr, req, 5, nullptr, nullptr), 1);
  pump(c, s);
  nghttp2_extpri pri;
  // Server side: the request's priority field was applied.
  assert_int_equal(nghttp2_session_get_extpri_stream_priority(s.s, &pri, 1), 0);
  assert_int_equal(pri.urgency, 5);
  assert_int_equal(pri.inc, 0);
  // The client changes it with PRIORITY_UPDATE (client only).
  assert_int_equal(nghttp2_submit_priority_update(s.s, 0, 1, (const uint8_t *)"u=1", 3),
                   NGHTTP2_ERR_INVALID_STATE);
  assert_int_equal(nghttp2_submit_priority_update(c.s, 0, 1, (const uint8_t *)"u=1, i", 6), 0);
  pump(c, s);
  assert_int_equal(nghttp2_session_get_extpri_stream_priority(s.s, &pri, 1), 0);
  assert_int_equal(pri.urgency, 1);
  assert_int_equal(pri.inc, 1);
  // The server overrides it and ignores later client signals.
  nghttp2_extpri mine = {6, 0};
  assert_int_equal(nghttp2_session_change_extpri_stream_priority(c.s, 1, &mine, 1),
                   NGHTTP2_ERR_INVALID_STATE);
  assert_int_equal(nghttp2_session_change_extpri_stream_priority(s.s, 1, &mine, 1), 0);
  nghttp2_submit_priority_update(c.s, 0, 1, (const uint8_t *)"u=0", 3);
  pump(c, s);
  assert_int_equal(nghttp2_session_get_extpri_stream_priority(s.s, &pri, 1), 0);
  assert_int_equal(pri.urgency, 6);
  assert_int_equal(nghttp2_session_get_extpri_stream_priority(s.s, &pri, 99),
                   NGHTTP2_ERR_INVALID_ARGUMENT);
  close_pair(c, s);
}

// ---- RFC 7540 priority calls: accepted, no effect -------------------------

static void test_rfc7540_noops(void **) {
  Peer c, s;
  s.respond = false;
  open_pair(c, s);
  nghttp2_priority_spec spec;
  nghttp2_priority_spec_init(&spec, 0, 200, 1);
  assert_int_equal(nghttp2_submit_request2(c.s, &spec, kGet, 4, nullptr, nullptr), 1);
  pump(c, s);
  nghttp2_stream *st = nghttp2_session_find_stream(c.s, 1);
  assert_non_null(st);
  assert_int_equal(nghttp2_stream_get_stream_id(st), 1);
  assert_int_equal(nghttp2_stream_get_weight(st), NGHTTP2_DEFAULT_WEIGHT);
  assert_int_equal(nghttp2_stream_get_sum_dependency_weight(st), 0);
  assert_null(nghttp2_stream_get_parent(st));
  assert_null(nghttp2_stream_get_first_child(st));
  assert_null(nghttp2_stream_get_next_sibling(st));
  assert_null(nghttp2_stream_get_previous_sibling(st));
  nghttp2_stream *root = nghttp2_session_get_root_stream(c.s);
  assert_non_null(root);
  assert_int_equal(nghttp2_stream_get_stream_id(root), 0);
  assert_null(nghttp2_stream_get_first_child(root));
  // Nothing is queued for a PRIORITY frame, and nothing changes.
  assert_int_equal(nghttp2_submit_priority(c.s, 0, 1, &spec), 0);
  assert_int_equal(nghttp2_session_get_outbound_queue_size(c.s), 0);
  assert_int_equal(nghttp2_session_change_stream_priority(c.s, 1, &spec), 0);
  assert_int_equal(nghttp2_session_create_idle_stream(c.s, 9, &spec), 0);
  assert_null(nghttp2_session_find_stream(c.s, 9));
  assert_int_equal(nghttp2_stream_get_weight(st), NGHTTP2_DEFAULT_WEIGHT);
  close_pair(c, s);
}

// ---- queries, user data, manual flow control, DATA submission -------------

static void test_stream_user_data_and_windows(void **) {
  Peer c, s;
  s.respond = false;
  open_pair(c, s);
  int marker = 0;
  assert_int_equal(nghttp2_session_set_stream_user_data(c.s, 1, &marker),
                   NGHTTP2_ERR_INVALID_ARGUMENT);
  assert_int_equal(nghttp2_submit_request2(c.s, nullptr, kGet, 4, nullptr, &marker), 1);
  pump(c, s);
  assert_ptr_equal(nghttp2_session_get_stream_user_data(c.s, 1), &marker);
  int other = 0;
  assert_int_equal(nghttp2_session_set_stream_user_data(s.s, 1, &other), 0);
  assert_ptr_equal(nghttp2_session_get_stream_user_data(s.s, 1), &other);
  assert_null(nghttp2_session_get_stream_user_data(s.s, 3));
  assert_int_equal(nghttp2_session_get_stream_local_window_size(s.s, 1),
                   NGHTTP2_INITIAL_WINDOW_SIZE);
  assert_int_equal(nghttp2_session_get_stream_local_window_size(s.s, 3), -1);
  // set_user_data swaps what every later callback receives.
  Peer other_peer;
  other_peer.server = true;
  other_peer.respond = false;
  nghttp2_session_set_user_data(s.s, &other_peer);
  nghttp2_submit_ping(c.s, 0, nullptr);
  pump(c, s);
  assert_ptr_equal(other_peer.seen_user_data, &other_peer);
  assert_true(has(other_peer.recv_types, NGHTTP2_PING));
  close_pair(c, s);
}

static void test_consume_stream_and_submit_data2(void **) {
  nghttp2_option *opt;
  nghttp2_option_new(&opt);
  nghttp2_option_set_no_auto_window_update(opt, 1);
  Peer c, s;
  s.respond = false;
  open_pair(c, s, nullptr, nullptr, opt);
  nghttp2_option_del(opt);
  const int32_t id = nghttp2_submit_headers(c.s, 0, -1, nullptr, kPost, 4, nullptr);
  assert_int_equal(id, 1);
  c.body_to_send = 40000;
  nghttp2_data_provider2 prd{};
  prd.source.ptr = &c;
  prd.read_callback = read_body;
  // The stream exists only once its HEADERS has been serialised.
  assert_int_equal(nghttp2_submit_data2(c.s, NGHTTP2_FLAG_END_STREAM, id, &prd),
                   NGHTTP2_ERR_STREAM_CLOSED);
  pump(c, s);
  assert_int_equal(nghttp2_submit_data2(c.s, NGHTTP2_FLAG_END_STREAM, id, &prd), 0);
  pump(c, s);
  assert_int_equal(s.body.size(), 40000);
  // Nothing consumed yet: the whole body counts against the stream.
  assert_int_equal(nghttp2_session_get_stream_effective_recv_data_length(s.s, 1), 40000);
  // Below half the window, consuming only records it.
  assert_int_equal(nghttp2_session_consume_stream(s.s, 1, 600), 0);
  pump(c, s);
  assert_int_equal(nghttp2_session_get_stream_effective_recv_data_length(s.s, 1), 40000);
  assert_int_equal(nghttp2_session_get_stream_remote_window_size(c.s, 1), 65535 - 40000);
  // Past half the window the consumed bytes go back to the peer.
  assert_int_equal(nghttp2_session_consume_stream(s.s, 1, 34400), 0);
  pump(c, s);
  assert_int_equal(nghttp2_session_get_stream_effective_recv_data_length(s.s, 1), 5000);
  assert_int_equal(nghttp2_session_get_stream_remote_window_size(c.s, 1), 65535 - 5000);
  assert_int_equal(nghttp2_session_consume_stream(s.s, 0, 1), NGHTTP2_ERR_INVALID_ARGUMENT);
  close_pair(c, s);
}

// ---- rcbuf reference counting --------------------------------------------

static int keep_header(nghttp2_session *, const nghttp2_frame *,
                       nghttp2_rcbuf *name, nghttp2_rcbuf *value, uint8_t,
                       void *ud) {
  Peer *p = static_cast<Peer *>(ud);
  nghttp2_vec n = nghttp2_rcbuf_get_buf(name);
  if (std::string((const char *)n.base, n.len) == "x-keep" && !p->kept_name) {
    nghttp2_rcbuf_incref(name);
    nghttp2_rcbuf_incref(value);
    p->kept_name = name;
    p->kept_value = value;
  }
  return 0;
}

static void test_rcbuf_refcount(void **) {
  nghttp2_session_callbacks *cb = callbacks();
  nghttp2_session_callbacks_set_on_header_callback2(cb, keep_header);
  Peer c, s;
  open_pair(c, s, cb);
  nghttp2_session_callbacks_del(cb);
  const nghttp2_nv req[] = {kGet[0], kGet[1], kGet[2], kGet[3],
                            nv("x-keep", "first-value")};
  nghttp2_submit_request2(c.s, nullptr, req, 5, nullptr, nullptr);
  pump(c, s);
  // More traffic through the same decoder, then the kept buffers must still
  // hold what they held when the header arrived.
  const nghttp2_nv req2[] = {kGet[0], kGet[1], kGet[2], kGet[3],
                             nv("x-keep", "second-value-overwrites")};
  for (int i = 0; i < 10; ++i)
    nghttp2_submit_request2(c.s, nullptr, req2, 5, nullptr, nullptr);
  pump(c, s);
  assert_non_null(s.kept_name);
  nghttp2_vec v = nghttp2_rcbuf_get_buf(s.kept_value);
  assert_int_equal(v.len, 11);
  assert_memory_equal(v.base, "first-value", 11);
  assert_int_equal(nghttp2_rcbuf_is_static(s.kept_value), 0);
  close_pair(c, s);  // drops the references
}

// ---- h2c upgrade ----------------------------------------------------------

static void test_upgrade(void **) {
  nghttp2_settings_entry iv[] = {{NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, 42},
                                 {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, 1000}};
  uint8_t payload[32];
  const nghttp2_ssize len = nghttp2_pack_settings_payload2(payload, sizeof(payload), iv, 2);
  assert_int_equal(len, 12);

  Peer c, s;
  open_pair(c, s);
  int ud = 0;
  // Client: stream 1 is the HTTP/1.1 request, already half-closed (local).
  assert_int_equal(nghttp2_session_upgrade2(c.s, payload, (size_t)len, 0, &ud), 0);
  nghttp2_stream *st = nghttp2_session_find_stream(c.s, 1);
  assert_non_null(st);
  assert_int_equal(nghttp2_stream_get_state(st), NGHTTP2_STREAM_STATE_HALF_CLOSED_LOCAL);
  assert_ptr_equal(nghttp2_session_get_stream_user_data(c.s, 1), &ud);
  assert_int_equal(nghttp2_session_get_next_stream_id(c.s), 3);
  assert_int_equal(nghttp2_session_upgrade2(c.s, payload, (size_t)len, 0, &ud),
                   NGHTTP2_ERR_PROTO);
  // Server: the payload is the client's SETTINGS; stream 1 is half-closed
  // (remote), and the deprecated form behaves like upgrade2 without HEAD.
  assert_int_equal(nghttp2_session_upgrade(s.s, payload, (size_t)len, &ud), 0);
  st = nghttp2_session_find_stream(s.s, 1);
  assert_non_null(st);
  assert_int_equal(nghttp2_stream_get_state(st), NGHTTP2_STREAM_STATE_HALF_CLOSED_REMOTE);
  assert_int_equal(nghttp2_session_get_remote_settings(s.s, NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS), 42);
  assert_int_equal(nghttp2_session_get_remote_settings(s.s, NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE), 1000);
  // Bad payload length: not a whole number of entries.
  Peer c2, s2;
  open_pair(c2, s2);
  assert_int_equal(nghttp2_session_upgrade2(s2.s, payload, 5, 1, nullptr),
                   NGHTTP2_ERR_INVALID_ARGUMENT);
  assert_int_equal(nghttp2_session_upgrade2(s2.s, payload, (size_t)len, 1, nullptr), 0);
  // The server answers the upgraded request on stream 1.
  const nghttp2_nv res[] = {nv(":status", "200")};
  assert_int_equal(nghttp2_submit_response2(s.s, 1, res, 1, nullptr), 0);
  pump(c, s);
  bool got200 = false;
  for (auto &h : c.headers) got200 |= h == ":status: 200";
  assert_true(got200);
  close_pair(c2, s2);
  close_pair(c, s);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_max_deflate_dynamic_table_size),
      cmocka_unit_test(test_max_send_header_block_length),
      cmocka_unit_test(test_max_outbound_ack),
      cmocka_unit_test(test_max_outbound_queue_size),
      cmocka_unit_test(test_stream_reset_rate_limit),
      cmocka_unit_test(test_glitch_rate_limit),
      cmocka_unit_test(test_ws_validation_option),
      cmocka_unit_test(test_ignored_priority_options),
      cmocka_unit_test(test_read_length_callback2),
      cmocka_unit_test(test_select_padding_callbacks),
      cmocka_unit_test(test_send_recv_callbacks),
      cmocka_unit_test(test_error_callback),
      cmocka_unit_test(test_rand_callback),
      cmocka_unit_test(test_user_extension),
      cmocka_unit_test(test_altsvc_origin),
      cmocka_unit_test(test_extensible_priorities),
      cmocka_unit_test(test_rfc7540_noops),
      cmocka_unit_test(test_stream_user_data_and_windows),
      cmocka_unit_test(test_consume_stream_and_submit_data2),
      cmocka_unit_test(test_rcbuf_refcount),
      cmocka_unit_test(test_upgrade),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}

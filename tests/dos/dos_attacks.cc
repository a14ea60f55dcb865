// Attacks a server session with crafted client frames and checks the
// reaction newest upstream documents (GOAWAY code, or the mem_recv error)
// and that the bytes held through nghttp2_mem stay bounded. Where the
// reference library (Debian 1.52 with backports) has the same defence, the
// same attack runs against it and the reactions are compared.
//
// Arguments: --ours=PATH --ref=PATH (others ignored). A missing reference
// only drops the comparisons.
// The reference lacks the *2 functions, so the old ones are called too.
#define NGHTTP2_NO_DEPRECATION_WARNINGS
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "counting_mem.h"
#include "library.h"

namespace {

using h2diff::Api;
using Bytes = std::vector<uint8_t>;

int g_failures = 0;

void expect(bool ok, const std::string &what) {
  if (!ok) {
    ++g_failures;
    std::printf("FAIL: %s\n", what.c_str());
  }
}

// ---- frame building -------------------------------------------------------

void put_frame(Bytes &o, uint8_t type, uint8_t flags, int32_t sid,
               const Bytes &payload = {}) {
  const size_t n = payload.size();
  o.push_back(uint8_t(n >> 16));
  o.push_back(uint8_t(n >> 8));
  o.push_back(uint8_t(n));
  o.push_back(type);
  o.push_back(flags);
  o.push_back(uint8_t(uint32_t(sid) >> 24));
  o.push_back(uint8_t(sid >> 16));
  o.push_back(uint8_t(sid >> 8));
  o.push_back(uint8_t(sid));
  o.insert(o.end(), payload.begin(), payload.end());
}

Bytes u32(uint32_t v) {
  return {uint8_t(v >> 24), uint8_t(v >> 16), uint8_t(v >> 8), uint8_t(v)};
}

Bytes settings_payload(std::vector<std::pair<uint16_t, uint32_t>> iv) {
  Bytes p;
  for (auto [id, v] : iv) {
    p.push_back(uint8_t(id >> 8));
    p.push_back(uint8_t(id));
    auto b = u32(v);
    p.insert(p.end(), b.begin(), b.end());
  }
  return p;
}

Bytes preface(std::vector<std::pair<uint16_t, uint32_t>> iv = {}) {
  static const char magic[] = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
  Bytes o(magic, magic + sizeof magic - 1);
  put_frame(o, NGHTTP2_SETTINGS, 0, 0, settings_payload(iv));
  return o;
}

// Static-table only request blocks, so every copy decodes alike no matter
// what came before. :authority is a literal without indexing.
Bytes get_block() { return {0x82, 0x87, 0x84, 0x01, 0x01, 'a'}; }
Bytes post_block() { return {0x83, 0x87, 0x84, 0x01, 0x01, 'a'}; }
// An uppercase field name is malformed in HTTP/2.
Bytes bad_block() {
  Bytes b = get_block();
  Bytes bad = {0x00, 0x03, 'B', 'a', 'd', 0x01, 'v'};
  b.insert(b.end(), bad.begin(), bad.end());
  return b;
}

// ---- the server under attack ----------------------------------------------

struct Frame {
  uint8_t type;
  uint8_t flags;
  int32_t sid;
  Bytes payload;
};

struct Server {
  const Api *api = nullptr;
  h2test::CountingMem cm;
  nghttp2_mem mem{};
  nghttp2_session *s = nullptr;
  size_t headers_seen = 0;
  size_t body_left = 0;
  size_t body_size = 0; // response body for GET requests; 0 = no response

  ~Server() {
    if (s) api->session_del(s);
  }

  long recv(const Bytes &in) {
    if (api->session_mem_recv2)
      return long(api->session_mem_recv2(s, in.data(), in.size()));
    return long(api->session_mem_recv(s, in.data(), in.size()));
  }

  // Everything the server wants to write, split into frames.
  std::vector<Frame> drain() {
    Bytes out;
    for (;;) {
      const uint8_t *p = nullptr;
      long n = api->session_mem_send2 ? long(api->session_mem_send2(s, &p))
                                      : long(api->session_mem_send(s, &p));
      if (n <= 0) break;
      out.insert(out.end(), p, p + n);
    }
    std::vector<Frame> frames;
    size_t i = 0;
    while (i + 9 <= out.size()) {
      const size_t len = (size_t(out[i]) << 16) | (size_t(out[i + 1]) << 8) |
                         out[i + 2];
      Frame f;
      f.type = out[i + 3];
      f.flags = out[i + 4];
      f.sid = int32_t(((uint32_t(out[i + 5]) & 0x7f) << 24) |
                      (uint32_t(out[i + 6]) << 16) |
                      (uint32_t(out[i + 7]) << 8) | out[i + 8]);
      f.payload.assign(out.begin() + long(i + 9),
                       out.begin() + long(i + 9 + len));
      frames.push_back(std::move(f));
      i += 9 + len;
    }
    return frames;
  }

  static int on_header(nghttp2_session *, const nghttp2_frame *,
                       const uint8_t *, size_t, const uint8_t *, size_t,
                       uint8_t, void *ud) {
    ++static_cast<Server *>(ud)->headers_seen;
    return 0;
  }

  static nghttp2_ssize read_body(nghttp2_session *, int32_t, uint8_t *buf,
                                 size_t length, uint32_t *flags,
                                 nghttp2_data_source *, void *ud) {
    auto *self = static_cast<Server *>(ud);
    const size_t n = std::min(length, self->body_left);
    std::memset(buf, 'b', n);
    self->body_left -= n;
    if (self->body_left == 0) *flags |= NGHTTP2_DATA_FLAG_EOF;
    return nghttp2_ssize(n);
  }
  static ssize_t read_body_old(nghttp2_session *s, int32_t sid, uint8_t *buf,
                               size_t length, uint32_t *flags,
                               nghttp2_data_source *src, void *ud) {
    return ssize_t(read_body(s, sid, buf, length, flags, src, ud));
  }

  static int on_frame_recv(nghttp2_session *s, const nghttp2_frame *frame,
                           void *ud) {
    auto *self = static_cast<Server *>(ud);
    if (frame->hd.type != NGHTTP2_HEADERS || self->body_size == 0 ||
        !(frame->hd.flags & NGHTTP2_FLAG_END_STREAM))
      return 0;
    self->body_left = self->body_size;
    static const nghttp2_nv nva[] = {
        {(uint8_t *)":status", (uint8_t *)"200", 7, 3, NGHTTP2_NV_FLAG_NONE}};
    const Api &api = *self->api;
    if (api.submit_response2) {
      nghttp2_data_provider2 prd{};
      prd.read_callback = &Server::read_body;
      return api.submit_response2(s, frame->hd.stream_id, nva, 1, &prd);
    }
    nghttp2_data_provider prd{};
    prd.read_callback = &Server::read_body_old;
    return api.submit_response(s, frame->hd.stream_id, nva, 1, &prd);
  }
};

using Configure = std::function<bool(const Api &, nghttp2_option *)>;

// False when the library lacks an option the attack needs.
bool start(Server &sv, const Api &api, const Configure &configure = {}) {
  sv.api = &api;
  sv.mem = sv.cm.mem();
  nghttp2_session_callbacks *cbs = nullptr;
  api.session_callbacks_new(&cbs);
  api.session_callbacks_set_on_header_callback(cbs, &Server::on_header);
  api.session_callbacks_set_on_frame_recv_callback(cbs, &Server::on_frame_recv);
  nghttp2_option *opt = nullptr;
  api.option_new(&opt);
  bool ok = !configure || configure(api, opt);
  if (ok) ok = api.session_server_new3(&sv.s, cbs, &sv, opt, &sv.mem) == 0;
  api.option_del(opt);
  api.session_callbacks_del(cbs);
  return ok;
}

struct Outcome {
  bool ran = false;
  long recv_rv = 0;       // last mem_recv result
  int goaway = -1;        // error code of the first GOAWAY sent, -1 = none
  long goaway_at = -1;    // attack step after which the GOAWAY appeared
  size_t peak = 0;
  std::string note;
};

int goaway_code(const std::vector<Frame> &frames) {
  for (auto &f : frames)
    if (f.type == NGHTTP2_GOAWAY && f.payload.size() >= 8)
      return int((uint32_t(f.payload[4]) << 24) | (uint32_t(f.payload[5]) << 16) |
                 (uint32_t(f.payload[6]) << 8) | f.payload[7]);
  return -1;
}

std::string reaction(const Outcome &o) {
  if (!o.ran) return "defence absent (option missing)";
  std::string r;
  if (o.recv_rv < 0)
    r = "mem_recv=" + std::to_string(o.recv_rv);
  if (o.goaway >= 0) {
    if (!r.empty()) r += " ";
    r += "GOAWAY(" + std::to_string(o.goaway) + ")";
    if (o.goaway_at >= 0) r += " at step " + std::to_string(o.goaway_at);
  }
  if (r.empty()) r = "none";
  if (!o.note.empty()) r += " " + o.note;
  return r;
}

// Sends `step(i)` for i = 1..steps, one mem_recv per step, draining the
// output after each; stops at the first GOAWAY or error.
Outcome stepwise(const Api &api, const Bytes &init, long steps,
                 const std::function<Bytes(long)> &step,
                 const Configure &configure = {}, size_t body = 0) {
  Outcome o;
  Server sv;
  sv.body_size = body;
  if (!start(sv, api, configure)) return o;
  o.ran = true;
  o.recv_rv = sv.recv(init);
  o.goaway = goaway_code(sv.drain());
  for (long i = 1; i <= steps && o.goaway < 0 && o.recv_rv >= 0; ++i) {
    o.recv_rv = sv.recv(step(i));
    if (o.recv_rv < 0) o.goaway_at = i;
    o.goaway = goaway_code(sv.drain());
    if (o.goaway >= 0) o.goaway_at = i;
  }
  o.peak = sv.cm.peak;
  return o;
}

// The whole attack in one mem_recv without reading anything back, then one
// drain.
Outcome bulk(const Api &api, const Bytes &in, const Configure &configure = {},
             Server *keep = nullptr) {
  Outcome o;
  Server local;
  Server &sv = keep ? *keep : local;
  if (!start(sv, api, configure)) return o;
  o.ran = true;
  o.recv_rv = sv.recv(in);
  o.peak = sv.cm.peak;
  o.goaway = goaway_code(sv.drain());
  if (sv.cm.peak > o.peak) o.peak = sv.cm.peak;
  return o;
}

struct Sides {
  const Api *ours = nullptr;
  const Api *ref = nullptr;
};

// A session that holds a few streams and its HPACK tables stays within
// this; every attack here must not push it further.
constexpr size_t kBaseBound = 128 * 1024;
// 5000 queued RST_STREAM items (the outbound queue limit) plus the base.
constexpr size_t kQueueBound = 2560 * 1024;

void report(const char *cls, const Outcome &ours, const Outcome *ref,
            size_t bound) {
  std::printf("dos: %-28s ours: %-48s peak %8zu B (bound %zu)\n", cls,
              reaction(ours).c_str(), ours.peak, bound);
  if (ref)
    std::printf("dos: %-28s ref : %-48s peak %8zu B\n", cls,
                reaction(*ref).c_str(), ref->peak);
  expect(ours.ran, std::string(cls) + ": ran");
  expect(ours.peak <= bound, std::string(cls) + ": peak " +
                                 std::to_string(ours.peak) + " > bound " +
                                 std::to_string(bound));
}

// ---- attacks --------------------------------------------------------------

Bytes reset_pair(long i) {
  Bytes o;
  const int32_t sid = int32_t(2 * i - 1);
  put_frame(o, NGHTTP2_HEADERS, NGHTTP2_FLAG_END_HEADERS | NGHTTP2_FLAG_END_STREAM,
            sid, get_block());
  put_frame(o, NGHTTP2_RST_STREAM, 0, sid, u32(NGHTTP2_CANCEL));
  return o;
}

void rapid_reset(const Sides &sd) {
  // Default: 1000 resets pass, the next one is refused; a second ticking
  // over during the run adds 33 tokens.
  auto t0 = std::chrono::steady_clock::now();
  Outcome ours = stepwise(*sd.ours, preface(), 1200, reset_pair);
  long secs = long(std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::steady_clock::now() - t0)
                       .count()) + 1;
  Outcome ref;
  if (sd.ref) ref = stepwise(*sd.ref, preface(), 1200, reset_pair);
  report("rapid-reset default", ours, sd.ref ? &ref : nullptr, 256 * 1024);
  expect(ours.goaway == NGHTTP2_INTERNAL_ERROR, "rapid reset: GOAWAY INTERNAL_ERROR");
  expect(ours.goaway_at >= 1001 && ours.goaway_at <= 1001 + 33 * secs,
         "rapid reset: GOAWAY after reset 1001, got " +
             std::to_string(ours.goaway_at));
  if (sd.ref && ref.ran)
    expect(ref.goaway == ours.goaway, "rapid reset: same GOAWAY code as ref");

  auto small = [](const Api &api, nghttp2_option *opt) {
    if (!api.option_set_stream_reset_rate_limit) return false;
    api.option_set_stream_reset_rate_limit(opt, 5, 0);
    return true;
  };
  ours = stepwise(*sd.ours, preface(), 50, reset_pair, small);
  if (sd.ref) ref = stepwise(*sd.ref, preface(), 50, reset_pair, small);
  report("rapid-reset burst=5 rate=0", ours, sd.ref ? &ref : nullptr, kBaseBound);
  expect(ours.goaway == NGHTTP2_INTERNAL_ERROR && ours.goaway_at == 6,
         "rapid reset small: GOAWAY(2) after reset 6");
  if (sd.ref && ref.ran)
    expect(ref.goaway == ours.goaway && ref.goaway_at == ours.goaway_at,
           "rapid reset small: same reaction as ref");
}

Bytes continuation_attack(long count, bool end_last) {
  Bytes o = preface();
  put_frame(o, NGHTTP2_HEADERS, NGHTTP2_FLAG_END_STREAM, 1, get_block());
  for (long i = 1; i <= count; ++i)
    put_frame(o, NGHTTP2_CONTINUATION,
              (end_last && i == count) ? NGHTTP2_FLAG_END_HEADERS : 0, 1);
  return o;
}

void continuation_flood(const Sides &sd) {
  const Bytes ok = continuation_attack(8, true);
  Outcome ours = bulk(*sd.ours, ok);
  Outcome ref;
  if (sd.ref) ref = bulk(*sd.ref, ok);
  report("continuation 8 (allowed)", ours, sd.ref ? &ref : nullptr, kBaseBound);
  expect(ours.recv_rv == long(ok.size()) && ours.goaway < 0,
         "8 CONTINUATIONs are accepted");
  if (sd.ref) expect(ref.recv_rv == ours.recv_rv, "8 CONTINUATIONs: same as ref");

  const Bytes flood = continuation_attack(100000, false);
  ours = bulk(*sd.ours, flood);
  if (sd.ref) ref = bulk(*sd.ref, flood);
  report("continuation flood", ours, sd.ref ? &ref : nullptr, kBaseBound);
  expect(ours.recv_rv == NGHTTP2_ERR_TOO_MANY_CONTINUATIONS,
         "CONTINUATION flood: NGHTTP2_ERR_TOO_MANY_CONTINUATIONS");
  if (sd.ref) expect(ref.recv_rv == ours.recv_rv, "CONTINUATION flood: same as ref");
}

void settings_flood(const Sides &sd) {
  for (size_t n : {size_t(32), size_t(33)}) {
    std::vector<std::pair<uint16_t, uint32_t>> iv(
        n, {NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, 100});
    const Bytes in = preface(iv);
    Outcome ours = bulk(*sd.ours, in);
    Outcome ref;
    if (sd.ref) ref = bulk(*sd.ref, in);
    const std::string cls = "settings " + std::to_string(n) + " entries";
    report(cls.c_str(), ours, sd.ref ? &ref : nullptr, kBaseBound);
    if (n == 32)
      expect(ours.goaway < 0, "32 SETTINGS entries accepted");
    else
      expect(ours.goaway == NGHTTP2_ENHANCE_YOUR_CALM,
             "33 SETTINGS entries: GOAWAY ENHANCE_YOUR_CALM");
    if (sd.ref) expect(ref.goaway == ours.goaway, cls + ": same as ref");
  }

  // SETTINGS frames whose ACKs pile up because nobody reads.
  Bytes in = preface();
  for (int i = 0; i < 5000; ++i) put_frame(in, NGHTTP2_SETTINGS, 0, 0);
  Outcome ours = bulk(*sd.ours, in);
  Outcome ref;
  if (sd.ref) ref = bulk(*sd.ref, in);
  report("settings flood unread", ours, sd.ref ? &ref : nullptr, 256 * 1024);
  expect(ours.recv_rv == NGHTTP2_ERR_FLOODED, "SETTINGS flood: NGHTTP2_ERR_FLOODED");
  if (sd.ref) expect(ref.recv_rv == ours.recv_rv, "SETTINGS flood: same as ref");
}

void ping_flood(const Sides &sd) {
  Bytes in = preface();
  for (int i = 0; i < 5000; ++i)
    put_frame(in, NGHTTP2_PING, 0, 0, Bytes(8, uint8_t(i)));
  Outcome ours = bulk(*sd.ours, in);
  Outcome ref;
  if (sd.ref) ref = bulk(*sd.ref, in);
  report("ping flood unread", ours, sd.ref ? &ref : nullptr, 256 * 1024);
  expect(ours.recv_rv == NGHTTP2_ERR_FLOODED, "PING flood: NGHTTP2_ERR_FLOODED");
  if (sd.ref) expect(ref.recv_rv == ours.recv_rv, "PING flood: same as ref");

  // A smaller max_outbound_ack trips earlier: ACK 11 is refused.
  auto ten = [](const Api &api, nghttp2_option *opt) {
    api.option_set_max_outbound_ack(opt, 10);
    return true;
  };
  Bytes few = preface();
  for (int i = 0; i < 9; ++i) put_frame(few, NGHTTP2_PING, 0, 0, Bytes(8, 0));
  ours = bulk(*sd.ours, few, ten);
  expect(ours.recv_rv == long(few.size()), "10 ACKs (SETTINGS + 9 PINGs) fit max_outbound_ack=10");
  put_frame(few, NGHTTP2_PING, 0, 0, Bytes(8, 0));
  ours = bulk(*sd.ours, few, ten);
  if (sd.ref) ref = bulk(*sd.ref, few, ten);
  report("ping flood max_outbound_ack=10", ours, sd.ref ? &ref : nullptr, kBaseBound);
  expect(ours.recv_rv == NGHTTP2_ERR_FLOODED, "11th ACK: NGHTTP2_ERR_FLOODED");
  if (sd.ref) expect(ref.recv_rv == ours.recv_rv, "max_outbound_ack=10: same as ref");

  // Unsolicited SETTINGS ACKs are a protocol error at the first one.
  in = preface();
  for (int i = 0; i < 5000; ++i) put_frame(in, NGHTTP2_SETTINGS, NGHTTP2_FLAG_ACK, 0);
  ours = bulk(*sd.ours, in);
  if (sd.ref) ref = bulk(*sd.ref, in);
  report("settings-ack flood", ours, sd.ref ? &ref : nullptr, kBaseBound);
  expect(ours.goaway == NGHTTP2_PROTOCOL_ERROR, "SETTINGS ACK flood: GOAWAY PROTOCOL_ERROR");
  if (sd.ref) expect(ref.goaway == ours.goaway, "SETTINGS ACK flood: same as ref");
}

void glitches(const Sides &sd) {
  auto small = [](const Api &api, nghttp2_option *opt) {
    if (!api.option_set_glitch_rate_limit) return false;
    api.option_set_glitch_rate_limit(opt, 20, 0);
    return true;
  };
  struct Kind {
    const char *name;
    Bytes init;
    std::function<Bytes(long)> step;
  };
  Bytes post = preface();
  put_frame(post, NGHTTP2_HEADERS, NGHTTP2_FLAG_END_HEADERS, 1, post_block());
  const Kind kinds[] = {
      {"glitch empty DATA", post,
       [](long) { Bytes o; put_frame(o, NGHTTP2_DATA, 0, 1); return o; }},
      {"glitch unknown frame", preface(),
       [](long) { Bytes o; put_frame(o, 0x42, 0, 0, Bytes(4, 0)); return o; }},
      {"glitch invalid header", preface(),
       [](long i) {
         Bytes o;
         put_frame(o, NGHTTP2_HEADERS,
                   NGHTTP2_FLAG_END_HEADERS | NGHTTP2_FLAG_END_STREAM,
                   int32_t(2 * i - 1), bad_block());
         return o;
       }},
      {"glitch PRIORITY", preface(),
       [](long i) {
         Bytes o;
         Bytes spec = u32(0);
         spec.push_back(15);
         put_frame(o, NGHTTP2_PRIORITY, 0, int32_t(2 * i + 1), spec);
         return o;
       }},
      {"glitch ALTSVC to server", preface(),
       [](long) { Bytes o; put_frame(o, NGHTTP2_ALTSVC, 0, 0, {0, 0}); return o; }},
      {"glitch ORIGIN to server", preface(),
       [](long) { Bytes o; put_frame(o, NGHTTP2_ORIGIN, 0, 0); return o; }},
      {"glitch content-length lie", preface(),
       [](long i) {
         // content-length: 10, then the stream ends with no body.
         Bytes block = post_block();
         Bytes cl = {0x0f, 0x0d, 0x02, '1', '0'};
         block.insert(block.end(), cl.begin(), cl.end());
         Bytes o;
         put_frame(o, NGHTTP2_HEADERS, NGHTTP2_FLAG_END_HEADERS,
                   int32_t(2 * i - 1), block);
         put_frame(o, NGHTTP2_DATA, NGHTTP2_FLAG_END_STREAM, int32_t(2 * i - 1));
         return o;
       }},
      {"glitch PRIORITY_UPDATE", preface(),
       [](long) { Bytes o; put_frame(o, NGHTTP2_PRIORITY_UPDATE, 0, 0, u32(1)); return o; }},
  };
  for (const Kind &k : kinds) {
    Outcome ours = stepwise(*sd.ours, k.init, 100, k.step, small);
    report(k.name, ours, nullptr, kBaseBound);
    expect(ours.goaway == NGHTTP2_ENHANCE_YOUR_CALM && ours.goaway_at == 21,
           std::string(k.name) + ": GOAWAY ENHANCE_YOUR_CALM after glitch 21");
  }

  // Default limit 10000 tokens, 330 per second: 10400 empty DATA frames
  // exceed it even if a second passes during the run.
  Bytes in = post;
  for (int i = 0; i < 10400; ++i) put_frame(in, NGHTTP2_DATA, 0, 1);
  Outcome ours = bulk(*sd.ours, in);
  Outcome ref;
  if (sd.ref) ref = bulk(*sd.ref, in);
  report("glitch default (empty DATA)", ours, sd.ref ? &ref : nullptr, kBaseBound);
  expect(ours.goaway == NGHTTP2_ENHANCE_YOUR_CALM,
         "10400 empty DATA: GOAWAY ENHANCE_YOUR_CALM");
}

void outbound_queue(const Sides &sd) {
  // Each malformed request queues a RST_STREAM; 5100 of them read without
  // writing leave more than 5000 items queued.
  Bytes in = preface();
  for (int i = 1; i <= 5100; ++i)
    put_frame(in, NGHTTP2_HEADERS,
              NGHTTP2_FLAG_END_HEADERS | NGHTTP2_FLAG_END_STREAM, 2 * i - 1,
              bad_block());
  Outcome ours = bulk(*sd.ours, in);
  Outcome ref;
  if (sd.ref) ref = bulk(*sd.ref, in);
  report("outbound queue growth", ours, sd.ref ? &ref : nullptr, kQueueBound);
  expect(ours.recv_rv == NGHTTP2_ERR_FLOODED, "outbound queue: NGHTTP2_ERR_FLOODED");
}

void hpack_bomb(const Sides &sd) {
  // One 4000-byte entry goes into the decoder's table, then 12000 one-byte
  // references to it: 16 KB on the wire, about 48 MB of decoded fields.
  Bytes block = get_block();
  Bytes lit = {0x40, 0x06, 'x', '-', 'b', 'o', 'm', 'b', 0x7f};
  size_t v = 4000 - 127; // 7-bit prefix integer continuation
  while (v >= 128) {
    lit.push_back(uint8_t(0x80 | (v & 0x7f)));
    v >>= 7;
  }
  lit.push_back(uint8_t(v));
  lit.insert(lit.end(), 4000, 'a');
  block.insert(block.end(), lit.begin(), lit.end());
  block.insert(block.end(), 12000, 0xbe); // index 62: newest dynamic entry
  Bytes in = preface();
  put_frame(in, NGHTTP2_HEADERS, NGHTTP2_FLAG_END_HEADERS | NGHTTP2_FLAG_END_STREAM,
            1, block);
  Server so, sr;
  Outcome ours = bulk(*sd.ours, in, {}, &so);
  Outcome ref;
  if (sd.ref) ref = bulk(*sd.ref, in, {}, &sr);
  ours.note = "fields=" + std::to_string(so.headers_seen);
  if (sd.ref) ref.note = "fields=" + std::to_string(sr.headers_seen);
  report("hpack bomb", ours, sd.ref ? &ref : nullptr, 128 * 1024);
  expect(ours.recv_rv == long(in.size()), "hpack bomb: input consumed");
  if (sd.ref)
    expect(so.headers_seen == sr.headers_seen && ours.goaway == ref.goaway,
           "hpack bomb: same fields and reaction as ref");
}

void window_dribble(const Sides &sd) {
  // The peer sets the initial stream window to 0 and then opens it one
  // byte at a time; upstream answers each byte with a 1-byte DATA frame.
  auto run = [](const Api &api, std::vector<size_t> *sizes) {
    Outcome o;
    Server sv;
    sv.body_size = 1000;
    if (!start(sv, api)) return o;
    o.ran = true;
    Bytes in = preface({{NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, 0}});
    put_frame(in, NGHTTP2_HEADERS,
              NGHTTP2_FLAG_END_HEADERS | NGHTTP2_FLAG_END_STREAM, 1, get_block());
    o.recv_rv = sv.recv(in);
    sv.drain();
    for (int i = 0; i < 300 && o.recv_rv >= 0 && o.goaway < 0; ++i) {
      Bytes wu;
      put_frame(wu, NGHTTP2_WINDOW_UPDATE, 0, 1, u32(1));
      o.recv_rv = sv.recv(wu);
      auto frames = sv.drain();
      o.goaway = goaway_code(frames);
      // One entry per update: the DATA payload size, or 0 for anything
      // other than exactly one DATA frame.
      size_t data = 0, n = 0;
      for (auto &f : frames)
        if (f.type == NGHTTP2_DATA) {
          data += f.payload.size();
          ++n;
        }
      sizes->push_back(n == 1 ? data : 0);
    }
    o.peak = sv.cm.peak;
    return o;
  };
  std::vector<size_t> so, sr;
  Outcome ours = run(*sd.ours, &so);
  Outcome ref;
  if (sd.ref) ref = run(*sd.ref, &sr);
  size_t ones = 0;
  for (size_t x : so) ones += x == 1;
  ours.note = std::to_string(ones) + "/300 updates answered by one 1-byte DATA";
  if (sd.ref) {
    size_t r1 = 0;
    for (size_t x : sr) r1 += x == 1;
    ref.note = std::to_string(r1) + "/300 updates answered by one 1-byte DATA";
  }
  report("window dribble", ours, sd.ref ? &ref : nullptr, kBaseBound);
  expect(ours.goaway < 0 && ones == 300, "window dribble: one 1-byte DATA per update");
  if (sd.ref) expect(so == sr, "window dribble: same DATA sizes as ref");
}

std::string arg(int argc, char **argv, const std::string &name) {
  const std::string key = "--" + name + "=";
  for (int i = 1; i < argc; ++i)
    if (std::strncmp(argv[i], key.c_str(), key.size()) == 0)
      return argv[i] + key.size();
  return {};
}

} // namespace

int main(int argc, char **argv) {
  std::string err;
  auto ours = h2diff::Library::open(arg(argc, argv, "ours"), "ours", &err);
  if (!ours) {
    std::printf("FAIL: cannot load h2pool: %s\n", err.c_str());
    return 1;
  }
  std::unique_ptr<h2diff::Library> ref;
  const std::string ref_path = arg(argc, argv, "ref");
  if (!ref_path.empty()) ref = h2diff::Library::open(ref_path, "ref", &err);
  if (!ref) std::printf("note: no reference library, comparisons skipped\n");
  Sides sd{&ours->api(), ref ? &ref->api() : nullptr};

  rapid_reset(sd);
  continuation_flood(sd);
  settings_flood(sd);
  ping_flood(sd);
  glitches(sd);
  outbound_queue(sd);
  hpack_bomb(sd);
  window_dribble(sd);

  std::printf("%s (%d failures)\n", g_failures ? "FAILED" : "PASSED", g_failures);
  return g_failures ? 1 : 0;
}

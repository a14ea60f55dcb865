// Each nghttp2_session_callbacks_set_* callback fires when upstream says it
// does, with the arguments it documents. Old-style setters are compared with
// the 1.52 reference; their "2" twins are compared with the old one through
// the same scenario (identical transcripts), and with both set the "2"
// variant must be the only one called.
#include <cstdio>
#include <cstring>

#include "conv.h"

using namespace apitest;
using h2diff::Harness;

namespace {

using Lines = std::vector<std::string>;

enum Variant { kOld = 1, kNew = 2, kBoth = 3 };
const char *variant_name(int v) {
  return v == kOld ? "old" : v == kNew ? "2" : "both";
}

int call(void *ud, const char *name) { return ++Peer::of(ud)->calls[name]; }

// --- callbacks under test; each counts itself in Peer::calls ---

int header_v1(nghttp2_session *, const nghttp2_frame *f, const uint8_t *n,
              size_t nl, const uint8_t *v, size_t vl, uint8_t flags, void *ud) {
  call(ud, "header v1");
  Peer::of(ud)->rec("hdr sid=%d %.*s: %.*s flags=%u", f->hd.stream_id, int(nl),
                    (const char *)n, int(vl), (const char *)v, flags);
  return 0;
}

// Keeps the rcbufs of every field past the callback, proving incref works.
struct Kept {
  std::vector<nghttp2_rcbuf *> bufs;
  const Api *api = nullptr;
  ~Kept() {
    for (auto *b : bufs)
      api->rcbuf_decref(b);
  }
};

int header_v2(nghttp2_session *, const nghttp2_frame *f, nghttp2_rcbuf *name,
              nghttp2_rcbuf *value, uint8_t flags, void *ud) {
  call(ud, "header v2");
  Peer *p = Peer::of(ud);
  nghttp2_vec n = p->api.rcbuf_get_buf(name), v = p->api.rcbuf_get_buf(value);
  p->rec("hdr sid=%d %.*s: %.*s flags=%u", f->hd.stream_id, int(n.len),
         (const char *)n.base, int(v.len), (const char *)v.base, flags);
  if (p->ctx) {
    Kept *k = static_cast<Kept *>(p->ctx);
    p->api.rcbuf_incref(name);
    p->api.rcbuf_incref(value);
    k->bufs.push_back(name);
    k->bufs.push_back(value);
  }
  return 0;
}

int invalid_header_v1(nghttp2_session *, const nghttp2_frame *f,
                      const uint8_t *n, size_t nl, const uint8_t *, size_t,
                      uint8_t, void *ud) {
  call(ud, "invalid_header v1");
  Peer::of(ud)->rec("bad hdr sid=%d %.*s", f->hd.stream_id, int(nl),
                    (const char *)n);
  return 0;
}
int invalid_header_v2(nghttp2_session *, const nghttp2_frame *f,
                      nghttp2_rcbuf *name, nghttp2_rcbuf *, uint8_t,
                      void *ud) {
  call(ud, "invalid_header v2");
  nghttp2_vec n = Peer::of(ud)->api.rcbuf_get_buf(name);
  Peer::of(ud)->rec("bad hdr sid=%d %.*s", f->hd.stream_id, int(n.len),
                    (const char *)n.base);
  return 0;
}

int error_v1(nghttp2_session *, const char *msg, size_t len, void *ud) {
  call(ud, "error v1");
  Peer::of(ud)->rec("error %.*s", int(len), msg);
  return 0;
}
int error_v2(nghttp2_session *, int code, const char *msg, size_t len,
             void *ud) {
  call(ud, "error v2");
  Peer::of(ud)->rec("error %.*s", int(len), msg);
  Peer::of(ud)->rec("error code %d", code);
  return 0;
}

int before_send_cancel_3(nghttp2_session *, const nghttp2_frame *f, void *ud) {
  call(ud, "before_frame_send");
  Peer::of(ud)->rec("before_frame_send %d sid=%d", f->hd.type, f->hd.stream_id);
  if (f->hd.type == NGHTTP2_HEADERS && f->hd.stream_id == 3)
    return NGHTTP2_ERR_CANCEL;
  return 0;
}

ssize_t read_length_v1(nghttp2_session *, uint8_t type, int32_t sid,
                       int32_t swin, int32_t cwin, uint32_t max, void *ud) {
  call(ud, "read_length v1");
  Peer::of(ud)->rec("read_length type=%u sid=%d swin=%d cwin=%d max=%u", type,
                    sid, swin, cwin, max);
  return 1000;
}
nghttp2_ssize read_length_v2(nghttp2_session *, uint8_t type, int32_t sid,
                             int32_t swin, int32_t cwin, uint32_t max,
                             void *ud) {
  call(ud, "read_length v2");
  Peer::of(ud)->rec("read_length type=%u sid=%d swin=%d cwin=%d max=%u", type,
                    sid, swin, cwin, max);
  return 1000;
}

ssize_t padding_v1(nghttp2_session *, const nghttp2_frame *f, size_t max,
                   void *ud) {
  call(ud, "padding v1");
  Peer::of(ud)->rec("padding %d len=%zu max=%zu", f->hd.type, f->hd.length, max);
  return ssize_t(std::min(max, f->hd.length + 17));
}
nghttp2_ssize padding_v2(nghttp2_session *, const nghttp2_frame *f, size_t max,
                         void *ud) {
  call(ud, "padding v2");
  Peer::of(ud)->rec("padding %d len=%zu max=%zu", f->hd.type, f->hd.length, max);
  return nghttp2_ssize(std::min(max, f->hd.length + 17));
}

// Transport for session_send/session_recv: a byte queue per direction, the
// send side taking at most 7 bytes per call and refusing every third call.
struct Transport {
  std::vector<uint8_t> sent;
  std::vector<uint8_t> inbox;
  size_t read_pos = 0;
  bool eof = false;
  int calls = 0;
};
Transport *transport(void *ud) {
  return static_cast<Transport *>(Peer::of(ud)->ctx);
}
long do_send(void *ud, const uint8_t *d, size_t n) {
  Transport *t = transport(ud);
  if (++t->calls % 3 == 0)
    return NGHTTP2_ERR_WOULDBLOCK;
  n = std::min<size_t>(n, 7);
  t->sent.insert(t->sent.end(), d, d + n);
  return long(n);
}
long do_recv(void *ud, uint8_t *buf, size_t len) {
  Transport *t = transport(ud);
  if (t->read_pos == t->inbox.size())
    return t->eof ? NGHTTP2_ERR_EOF : NGHTTP2_ERR_WOULDBLOCK;
  size_t n = std::min<size_t>({len, 5, t->inbox.size() - t->read_pos});
  std::memcpy(buf, t->inbox.data() + t->read_pos, n);
  t->read_pos += n;
  return long(n);
}
ssize_t send_v1(nghttp2_session *, const uint8_t *d, size_t n, int,
                void *ud) {
  call(ud, "send v1");
  return do_send(ud, d, n);
}
nghttp2_ssize send_v2(nghttp2_session *, const uint8_t *d, size_t n, int,
                      void *ud) {
  call(ud, "send v2");
  return do_send(ud, d, n);
}
ssize_t recv_v1(nghttp2_session *, uint8_t *b, size_t n, int, void *ud) {
  call(ud, "recv v1");
  return do_recv(ud, b, n);
}
nghttp2_ssize recv_v2(nghttp2_session *, uint8_t *b, size_t n, int,
                      void *ud) {
  call(ud, "recv v2");
  return do_recv(ud, b, n);
}

// NO_COPY: the read callback only says how much; send_data writes the frame.
ssize_t read_no_copy(nghttp2_session *, int32_t sid, uint8_t *, size_t len,
                     uint32_t *flags, nghttp2_data_source *, void *ud) {
  std::string &b = Peer::of(ud)->bodies[sid];
  size_t n = std::min(len, b.size());
  *flags |= NGHTTP2_DATA_FLAG_NO_COPY;
  if (n == b.size())
    *flags |= NGHTTP2_DATA_FLAG_EOF;
  return ssize_t(n);
}
struct Outbox {
  std::vector<uint8_t> bytes;
};
int send_data(nghttp2_session *, nghttp2_frame *f, const uint8_t *hd,
              size_t length, nghttp2_data_source *, void *ud) {
  Peer *p = Peer::of(ud);
  call(ud, "send_data");
  p->rec("send_data sid=%d length=%zu padlen=%zu", f->hd.stream_id, length,
         f->data.padlen);
  Outbox *o = static_cast<Outbox *>(p->ctx);
  o->bytes.insert(o->bytes.end(), hd, hd + 9);
  std::string &b = p->bodies[f->hd.stream_id];
  o->bytes.insert(o->bytes.end(), b.begin(), b.begin() + long(length));
  b.erase(0, length);
  return 0;
}

long rand_calls = 0, rand_bytes = 0;
void my_rand(uint8_t *dest, size_t len) {
  static uint8_t x = 0x5a;
  for (size_t i = 0; i < len; ++i)
    dest[i] = x = uint8_t(x * 37 + 11);
  ++rand_calls;
  rand_bytes += long(len);
}

class CallbacksTest : public DiffTest {
public:
  CallbacksTest(int argc, char **argv) : DiffTest("api-callbacks", argc, argv) {}

  // The twin protocol: old on both libraries, then on ours "2" alone must
  // reproduce the old transcript, and with both set only "2" fires. When
  // the reference has the "2" setter too, those runs are differential.
  template <class Fn>
  void twins(const std::string &what, const char *new_symbol, const char *v1,
             const char *v2, Fn run) {
    std::map<std::string, int> calls;
    auto with_calls = [&](const Side &side, int variant) {
      Lines l = run(side, variant, calls);
      for (auto &[k, n] : calls)
        l.push_back("calls " + k + "=" + std::to_string(n));
      return l;
    };
    Lines old_o = both(what + " (old setter)",
                       [&](const Side &s) { return with_calls(s, kOld); });
    h.check().expect(what + ": old callback fired", has(old_o, {v1}) && !has(old_o, {v2}));
    if (!need(h, h.ours(), {new_symbol}))
      return;
    bool ref_has = !h.ref_lacks(new_symbol) && need(h, h.ref(), {new_symbol});
    for (int variant : {kNew, kBoth}) {
      std::string w = what + " (" + variant_name(variant) + ")";
      Lines o;
      if (ref_has) {
        o = both(w, [&](const Side &s) { return with_calls(s, variant); });
      } else {
        ++scenarios;
        o = with_calls(h.ours(), variant);
      }
      h.check().expect(w + ": only the 2 callback fired",
                       has(o, {v2}) && !has(o, {v1}));
      // Same events as the old callback, apart from the call counters.
      auto strip = [&](const Lines &l) {
        Lines out;
        for (auto &x : l)
          if (x.rfind("calls ", 0) != 0 && x.rfind("kept ", 0) != 0 &&
              x.find("error code") == std::string::npos)
            out.push_back(x);
        return out;
      };
      h.check().seq(w + " == old transcript", strip(old_o), strip(o));
    }
  }

  // A request with an ordinary and an invalid field, answered; header and
  // invalid-header callbacks of both kinds and the error callbacks.
  void header_callbacks() {
    auto run_header = [&](const Side &side, int variant,
                          std::map<std::string, int> &calls) {
      Trace t;
      Kept kept;
      kept.api = &*side;
      PeerSetup ss;
      ss.without = {"header", "invalid_header"};
      ss.callbacks = [&](const Api &a, nghttp2_session_callbacks *cb) {
        if (variant & kOld) {
          a.session_callbacks_set_on_header_callback(cb, header_v1);
          a.session_callbacks_set_on_invalid_header_callback(cb,
                                                             invalid_header_v1);
        }
        if (variant & kNew) {
          a.session_callbacks_set_on_header_callback2(cb, header_v2);
          a.session_callbacks_set_on_invalid_header_callback2(cb,
                                                              invalid_header_v2);
        }
      };
      Peer c(side, false, t);
      Peer s(side, true, t, ss);
      s.ctx = &kept;
      Nv nv = request_nv();
      nv.fields.push_back({"x-custom", "kept value"});
      nv.fields.push_back({"bad@name", "dropped"});
      c.api.submit_request(c.s, nullptr, nv.data(), nv.size(), nullptr, nullptr);
      pump(c, s);
      for (auto *b : kept.bufs) {
        nghttp2_vec v = side->rcbuf_get_buf(b);
        t.addf("kept %.*s static=%d", int(v.len), (const char *)v.base,
               side->rcbuf_is_static(b));
      }
      calls = s.calls;
      return transcript(c, s);
    };
    twins("on_header", "nghttp2_session_callbacks_set_on_header_callback2",
          "calls header v1", "calls header v2", run_header);
    {
      // rcbufs kept past the callback: names from the static table are
      // static buffers, others are not; both stay readable.
      std::map<std::string, int> calls;
      Lines k = run_header(h.ours(), kNew, calls);
      h.check().expect("kept rcbufs: :method static, custom name and value not",
                       has(k, {"kept :method static=1"}) &&
                           has(k, {"kept x-custom static=0"}) &&
                           has(k, {"kept kept value static=0"}));
    }
    twins("on_invalid_header",
          "nghttp2_session_callbacks_set_on_invalid_header_callback2",
          "calls invalid_header v1", "calls invalid_header v2", run_header);

    auto run_error = [&](const Side &side, int variant,
                         std::map<std::string, int> &calls) {
      Trace t;
      PeerSetup ss;
      ss.callbacks = [&](const Api &a, nghttp2_session_callbacks *cb) {
        if (variant & kOld)
          a.session_callbacks_set_error_callback(cb, error_v1);
        if (variant & kNew)
          a.session_callbacks_set_error_callback2(cb, error_v2);
      };
      Peer c(side, false, t);
      Peer s(side, true, t, ss);
      // An ignored field (bad name) and a fatal one (duplicate :path).
      Nv nv = request_nv();
      nv.fields.push_back({"bad@name", "dropped"});
      c.api.submit_request(c.s, nullptr, nv.data(), nv.size(), nullptr, nullptr);
      Nv bad = request_nv();
      bad.fields.push_back({":path", "/again"});
      c.api.submit_request(c.s, nullptr, bad.data(), bad.size(), nullptr, nullptr);
      pump(c, s);
      calls = s.calls;
      return transcript(c, s);
    };
    twins("error_callback", "nghttp2_session_callbacks_set_error_callback2",
          "calls error v1", "calls error v2", run_error);
    // The "2" variant reports the library error code documented for it.
    Lines o = [&] {
      std::map<std::string, int> calls;
      return run_error(h.ours(), kNew, calls);
    }();
    std::string code = "error code " + std::to_string(NGHTTP2_ERR_HTTP_HEADER);
    h.check().expect("error_callback2 gets NGHTTP2_ERR_HTTP_HEADER",
                     count(o, {code.c_str()}) == 2);
  }

  void read_length_callbacks() {
    auto run = [&](const Side &side, int variant,
                   std::map<std::string, int> &calls) {
      Trace t;
      PeerSetup cs;
      cs.callbacks = [&](const Api &a, nghttp2_session_callbacks *cb) {
        if (variant & kOld)
          a.session_callbacks_set_data_source_read_length_callback(
              cb, read_length_v1);
        if (variant & kNew)
          a.session_callbacks_set_data_source_read_length_callback2(
              cb, read_length_v2);
      };
      Peer c(side, false, t, cs);
      Peer s(side, true, t);
      c.bodies[1] = std::string(2500, 'd');
      Nv nv = request_nv("POST");
      nghttp2_data_provider dp = Peer::provider();
      c.api.submit_request(c.s, nullptr, nv.data(), nv.size(), &dp, nullptr);
      pump(c, s);
      calls = c.calls;
      return transcript(c, s);
    };
    twins("data_source_read_length",
          "nghttp2_session_callbacks_set_data_source_read_length_callback2",
          "calls read_length v1", "calls read_length v2", run);
    Lines o = both("data_source_read_length caps DATA at 1000", [&](const Side &s) {
      std::map<std::string, int> calls;
      return run(s, kOld, calls);
    });
    h.check().expect("DATA frames of 1000, 1000, 500",
                     count(o, {"C> DATA len=1000 "}) == 2 &&
                         count(o, {"C> DATA len=500 "}) == 1);
  }

  void padding_callbacks() {
    auto run = [&](const Side &side, int variant,
                   std::map<std::string, int> &calls) {
      Trace t;
      PeerSetup cs;
      cs.callbacks = [&](const Api &a, nghttp2_session_callbacks *cb) {
        if (variant & kOld)
          a.session_callbacks_set_select_padding_callback(cb, padding_v1);
        if (variant & kNew)
          a.session_callbacks_set_select_padding_callback2(cb, padding_v2);
      };
      Peer c(side, false, t, cs);
      Peer s(side, true, t);
      c.bodies[1] = std::string(100, 'p');
      Nv nv = request_nv("POST");
      nghttp2_data_provider dp = Peer::provider();
      c.api.submit_request(c.s, nullptr, nv.data(), nv.size(), &dp, nullptr);
      pump(c, s);
      calls = c.calls;
      return transcript(c, s);
    };
    twins("select_padding",
          "nghttp2_session_callbacks_set_select_padding_callback2",
          "calls padding v1", "calls padding v2", run);
    Lines o = both("select_padding pads HEADERS and DATA", [&](const Side &s) {
      std::map<std::string, int> calls;
      return run(s, kOld, calls);
    });
    // 17 more bytes: a Pad Length octet and 16 padding octets.
    h.check().expect("DATA of 100 padded to 117 with PADDED flag",
                     has(o, {"C> DATA len=117 flags=0x09"}));
  }

  // session_send / session_recv through the application's transport, the
  // transport taking 7 bytes at a time and blocking every third call.
  void send_recv_callbacks() {
    auto run = [&](const Side &side, int variant,
                   std::map<std::string, int> &calls) {
      Trace t;
      Transport ct, st;
      auto cbs = [&](const Api &a, nghttp2_session_callbacks *cb) {
        if (variant & kOld) {
          a.session_callbacks_set_send_callback(cb, send_v1);
          a.session_callbacks_set_recv_callback(cb, recv_v1);
        }
        if (variant & kNew) {
          a.session_callbacks_set_send_callback2(cb, send_v2);
          a.session_callbacks_set_recv_callback2(cb, recv_v2);
        }
      };
      PeerSetup cs, ss;
      cs.callbacks = ss.callbacks = cbs;
      Peer c(side, false, t, cs);
      Peer s(side, true, t, ss);
      c.ctx = &ct;
      s.ctx = &st;
      Nv nv = request_nv();
      c.api.submit_request(c.s, nullptr, nv.data(), nv.size(), nullptr, nullptr);
      const Api &a = *side;
      for (int round = 0; round < 40; ++round) {
        int rc = a.session_send(c.s), rs = a.session_send(s.s);
        st.inbox.insert(st.inbox.end(), ct.sent.begin(), ct.sent.end());
        ct.inbox.insert(ct.inbox.end(), st.sent.begin(), st.sent.end());
        c.wire.insert(c.wire.end(), ct.sent.begin(), ct.sent.end());
        s.wire.insert(s.wire.end(), st.sent.begin(), st.sent.end());
        ct.sent.clear();
        st.sent.clear();
        int qc = a.session_recv(c.s), qs = a.session_recv(s.s);
        if (rc || rs || qc || qs)
          t.addf("round %d: send %d %d recv %d %d", round, rc, rs, qc, qs);
        if (round == 10) {
          Nv rnv = response_nv();
          t.addf("submit_response -> %d",
                 a.submit_response(s.s, 1, rnv.data(), rnv.size(), nullptr));
        }
      }
      ct.eof = true;
      t.addf("client recv at EOF -> %d", a.session_recv(c.s));
      calls = c.calls;
      for (auto &[k, n] : s.calls)
        calls["server " + k] = n;
      return transcript(c, s);
    };
    twins("send/recv", "nghttp2_session_callbacks_set_send_callback2",
          "calls send v1", "calls send v2", run);
    Lines o = both("session_send/session_recv conversation", [&](const Side &s) {
      std::map<std::string, int> calls;
      return run(s, kOld, calls);
    });
    std::string eof = "client recv at EOF -> " + std::to_string(NGHTTP2_ERR_EOF);
    h.check().expect("response arrives through recv callback",
                     has(o, {"C frame_recv HEADERS sid=1"}));
    h.check().expect("recv at EOF is NGHTTP2_ERR_EOF", has(o, {eof.c_str()}));
    h.check().expect("no session_send/recv errors on WOULDBLOCK",
                     !has(o, {"round "}));
  }

  void before_frame_send_and_not_send() {
    Lines o = both("before_frame_send cancels stream 3", [&](const Side &side) {
      Trace t;
      PeerSetup cs;
      cs.callbacks = [](const Api &a, nghttp2_session_callbacks *cb) {
        a.session_callbacks_set_before_frame_send_callback(cb,
                                                           before_send_cancel_3);
      };
      Peer c(side, false, t, cs);
      Peer s(side, true, t);
      for (int i = 0; i < 3; ++i) {
        Nv nv = request_nv();
        c.api.submit_request(c.s, nullptr, nv.data(), nv.size(), nullptr, nullptr);
      }
      pump(c, s);
      return transcript(c, s);
    });
    std::string cancel = "err=" + std::to_string(NGHTTP2_ERR_CANCEL);
    h.check().expect("stream 3 not sent, reported with NGHTTP2_ERR_CANCEL",
                     has(o, {"C frame_not_send HEADERS sid=3", cancel.c_str()}) &&
                         !has(o, {"C> HEADERS", "stream=3 "}));
    h.check().expect("streams 1 and 5 sent", has(o, {"C> HEADERS", "stream=1 "}) &&
                                                 has(o, {"C> HEADERS", "stream=5 "}));
    h.check().expect("stream 3 closed by the cancel",
                     has(o, {"C stream_close sid=3"}));
  }

  void send_data_callback() {
    Lines o = both("send_data_callback (NGHTTP2_DATA_FLAG_NO_COPY)",
                   [&](const Side &side) {
      Trace t;
      Outbox box;
      PeerSetup cs;
      cs.callbacks = [](const Api &a, nghttp2_session_callbacks *cb) {
        a.session_callbacks_set_send_data_callback(cb, send_data);
      };
      Peer c(side, false, t, cs);
      Peer s(side, true, t);
      c.ctx = &box;
      c.bodies[1] = std::string(20000, 'n');
      Nv nv = request_nv("POST");
      nghttp2_data_provider dp;
      dp.source.ptr = nullptr;
      dp.read_callback = read_no_copy;
      c.api.submit_request(c.s, nullptr, nv.data(), nv.size(), &dp, nullptr);
      for (int round = 0; round < 8; ++round) {
        auto out = c.send();
        // DATA bytes come from send_data, in order after what mem_send gave.
        out.insert(out.end(), box.bytes.begin(), box.bytes.end());
        c.wire.insert(c.wire.end(), box.bytes.begin(), box.bytes.end());
        box.bytes.clear();
        if (!out.empty())
          s.recv(out);
        auto back = s.send();
        if (!back.empty())
          c.recv(back);
      }
      return transcript(c, s);
    });
    h.check().expect("send_data wrote 16384 + 3616 bytes",
                     has(o, {"send_data sid=1 length=16384"}) &&
                         has(o, {"send_data sid=1 length=3616"}));
    h.check().expect("server got END_STREAM in the last chunk",
                     has(o, {"S data_chunk sid=1 flags=0x01"}));
  }

  // Every recording callback fires in a plain exchange with a body, a
  // trailer-free response, a PING and a RST_STREAM.
  void plain_callbacks() {
    Lines o = both("recording callbacks in a full exchange", [&](const Side &side) {
      Trace t;
      Peer c(side, false, t);
      Peer s(side, true, t);
      Nv nv = request_nv();
      c.api.submit_request(c.s, nullptr, nv.data(), nv.size(), nullptr, nullptr);
      Nv nv2 = request_nv();
      int32_t sid3 = c.api.submit_request(c.s, nullptr, nv2.data(), nv2.size(),
                                          nullptr, nullptr);
      pump(c, s);
      s.bodies[1] = "hello";
      Nv rnv = response_nv();
      nghttp2_data_provider dp = Peer::provider();
      s.api.submit_response(s.s, 1, rnv.data(), rnv.size(), &dp);
      c.api.submit_rst_stream(c.s, NGHTTP2_FLAG_NONE, sid3, NGHTTP2_CANCEL);
      // A WINDOW_UPDATE on stream 0 of 0 is a connection error the peer
      // reports through on_invalid_frame_recv.
      c.api.submit_window_update(c.s, NGHTTP2_FLAG_NONE, 1, 0);
      pump(c, s);
      for (auto &[k, n] : c.calls)
        t.addf("client %s fired %d", k.c_str(), n);
      for (auto &[k, n] : s.calls)
        t.addf("server %s fired %d", k.c_str(), n);
      return transcript(c, s);
    });
    for (const char *cb : {"begin_frame", "begin_headers", "header", "frame_recv",
                           "frame_send", "data_chunk", "stream_close"}) {
      std::string want = std::string("client ") + cb + " fired";
      h.check().expect(std::string(cb) + " fired", has(o, {want.c_str()}));
    }
    h.check().expect("submit_window_update(0) refused at submit",
                     !has(o, {"C> WINDOW_UPDATE"}));
  }

  void invalid_frame_callback() {
    auto run = [&](const Side &side, std::vector<uint8_t> in) {
      Trace t;
      Peer c(side, false, t);
      Peer s(side, true, t);
      pump(c, s);
      s.rec("recv rv=%ld", s.recv(in));
      s.send();
      return transcript(c, s);
    };
    // A zero WINDOW_UPDATE increment is reported through
    // on_invalid_frame_recv, then ends the connection (upstream treats it
    // as a connection error even on a stream).
    Lines o = both("on_invalid_frame_recv", [&](const Side &side) {
      return run(side, {0, 0, 6, NGHTTP2_HEADERS, NGHTTP2_FLAG_END_HEADERS, 0, 0,
                        0, 1, 0x82, 0x87, 0x84, 0x41, 0x01, 'a',
                        0, 0, 4, NGHTTP2_WINDOW_UPDATE, 0, 0, 0, 0, 1, 0, 0, 0, 0});
    });
    std::string err = "err=" + std::to_string(NGHTTP2_ERR_PROTO);
    h.check().expect("invalid_frame_recv for WINDOW_UPDATE 0 on stream 1",
                     has(o, {"S invalid_frame_recv WINDOW_UPDATE sid=1", err.c_str()}) &&
                         has(o, {"S frame_send GOAWAY", "last=1 error=1"}));
    // DATA on an idle stream is a connection error answered with GOAWAY
    // alone; upstream does not call on_invalid_frame_recv for it.
    Lines idle = both("DATA on idle stream", [&](const Side &side) {
      return run(side, {0, 0, 1, NGHTTP2_DATA, 0, 0, 0, 0, 5, 'x'});
    });
    h.check().expect("DATA on idle stream: GOAWAY PROTOCOL_ERROR",
                     has(idle, {"S frame_send GOAWAY", "error=1"}));
  }

  void rand_callback() {
    if (!need(h, h.ours(), {"nghttp2_session_callbacks_set_rand_callback"}))
      return;
    // Newest upstream asks for the hash seed of its stream map when a session
    // is created; the conversation itself must not change.
    auto run = [&](const Side &side, bool with_rand) {
      Trace t;
      PeerSetup setup;
      if (with_rand)
        setup.callbacks = [](const Api &a, nghttp2_session_callbacks *cb) {
          a.session_callbacks_set_rand_callback(cb, my_rand);
        };
      rand_calls = rand_bytes = 0;
      Peer c(side, false, t, setup);
      Peer s(side, true, t, setup);
      t.addf("rand calls at creation: %ld", rand_calls);
      for (int i = 0; i < 20; ++i) {
        Nv nv = request_nv();
        c.api.submit_request(c.s, nullptr, nv.data(), nv.size(), nullptr, nullptr);
      }
      pump(c, s);
      for (int32_t sid = 1; sid < 40; sid += 2) {
        Nv rnv = response_nv();
        s.api.submit_response(s.s, sid, rnv.data(), rnv.size(), nullptr);
      }
      pump(c, s);
      return transcript(c, s);
    };
    ++scenarios;
    Lines with = run(h.ours(), true), without = run(h.ours(), false);
    h.check().expect("rand_callback called once per session at creation",
                     has(with, {"rand calls at creation: 2"}));
    h.check().expect("rand_callback not called without the setter",
                     has(without, {"rand calls at creation: 0"}));
    with.erase(with.begin());
    without.erase(without.begin());
    h.check().seq("rand_callback changes no observable behaviour", without, with);
    Lines ref = run(h.ref(), false);
    ref.erase(ref.begin());
    h.check().seq("seeded ours == reference", ref, with);
  }
};

} // namespace

int main(int argc, char **argv) {
  CallbacksTest t(argc, argv);
  t.header_callbacks();
  t.read_length_callbacks();
  t.padding_callbacks();
  t.send_recv_callbacks();
  t.before_frame_send_and_not_send();
  t.send_data_callback();
  t.plain_callbacks();
  t.invalid_frame_callback();
  t.rand_callback();
  t.h.check().add_count("scenarios", t.scenarios);
  return t.h.finish();
}

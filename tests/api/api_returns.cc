// What a callback's return value does. For each callback and each return
// value upstream gives a meaning to (0, NGHTTP2_ERR_PAUSE,
// NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE, NGHTTP2_ERR_CALLBACK_FAILURE,
// NGHTTP2_ERR_CANCEL, NGHTTP2_ERR_DEFERRED, NGHTTP2_ERR_WOULDBLOCK, ...),
// one conversation in which the n-th call of that callback returns it; the
// reference and h2pool must react identically (same callbacks, same return
// values from mem_recv/mem_send, same frames).
#include <cstdio>
#include <cstring>

#include "conv.h"

using namespace apitest;
using h2diff::Harness;

namespace {

using Lines = std::vector<std::string>;

struct Inject {
  std::string cb; // callback name
  int nth = 1;    // which call (1-based, counted per peer)
  int rv = 0;
  const char *who = "S"; // peer whose callback misbehaves
};

Inject *inj(void *ud) { return static_cast<Inject *>(Peer::of(ud)->ctx); }

int ret(void *ud, const char *name) {
  Peer *p = Peer::of(ud);
  int n = ++p->calls[name];
  Inject *i = inj(ud);
  if (i && i->cb == name && i->nth == n && std::strcmp(i->who, p->name) == 0) {
    p->rec("  (%s #%d returns %d)", name, n, i->rv);
    return i->rv;
  }
  return 0;
}

int begin_frame(nghttp2_session *, const nghttp2_frame_hd *hd, void *ud) {
  Peer::of(ud)->rec("begin_frame %d sid=%d", hd->type, hd->stream_id);
  return ret(ud, "begin_frame");
}
int begin_headers(nghttp2_session *, const nghttp2_frame *f, void *ud) {
  Peer::of(ud)->rec("begin_headers sid=%d", f->hd.stream_id);
  return ret(ud, "begin_headers");
}
int header(nghttp2_session *, const nghttp2_frame *f, const uint8_t *n, size_t nl,
           const uint8_t *v, size_t vl, uint8_t, void *ud) {
  Peer::of(ud)->rec("header sid=%d %.*s: %.*s", f->hd.stream_id, int(nl),
                    (const char *)n, int(vl), (const char *)v);
  return ret(ud, "header");
}
int frame_recv(nghttp2_session *, const nghttp2_frame *f, void *ud) {
  Peer::of(ud)->rec("frame_recv %d sid=%d flags=0x%02x", f->hd.type,
                    f->hd.stream_id, f->hd.flags);
  return ret(ud, "frame_recv");
}
int data_chunk(nghttp2_session *, uint8_t flags, int32_t sid, const uint8_t *,
               size_t len, void *ud) {
  Peer::of(ud)->rec("data_chunk sid=%d len=%zu flags=0x%02x", sid, len, flags);
  return ret(ud, "data_chunk");
}
int stream_close(nghttp2_session *, int32_t sid, uint32_t err, void *ud) {
  Peer::of(ud)->rec("stream_close sid=%d error=%u", sid, err);
  return ret(ud, "stream_close");
}
int before_send(nghttp2_session *, const nghttp2_frame *f, void *ud) {
  Peer::of(ud)->rec("before_send %d sid=%d", f->hd.type, f->hd.stream_id);
  return ret(ud, "before_send");
}
int frame_send(nghttp2_session *, const nghttp2_frame *f, void *ud) {
  Peer::of(ud)->rec("frame_send %d sid=%d flags=0x%02x", f->hd.type,
                    f->hd.stream_id, f->hd.flags);
  return ret(ud, "frame_send");
}
int not_send(nghttp2_session *, const nghttp2_frame *f, int err, void *ud) {
  Peer::of(ud)->rec("frame_not_send %d sid=%d err=%d", f->hd.type,
                    f->hd.stream_id, err);
  return ret(ud, "frame_not_send");
}
int invalid_frame(nghttp2_session *, const nghttp2_frame *f, int err, void *ud) {
  Peer::of(ud)->rec("invalid_frame_recv %d sid=%d err=%d", f->hd.type,
                    f->hd.stream_id, err);
  return ret(ud, "invalid_frame_recv");
}
int invalid_header(nghttp2_session *, const nghttp2_frame *f, const uint8_t *n,
                   size_t nl, const uint8_t *, size_t, uint8_t, void *ud) {
  Peer::of(ud)->rec("invalid_header sid=%d %.*s", f->hd.stream_id, int(nl),
                    (const char *)n);
  return ret(ud, "invalid_header");
}
ssize_t read_cb(nghttp2_session *, int32_t sid, uint8_t *buf, size_t len,
                uint32_t *flags, nghttp2_data_source *, void *ud) {
  Peer *p = Peer::of(ud);
  p->rec("read sid=%d", sid);
  int r = ret(ud, "read");
  if (r != 0)
    return r;
  std::string &b = p->bodies[sid];
  size_t n = std::min({len, b.size(), size_t(1000)});
  std::memcpy(buf, b.data(), n);
  b.erase(0, n);
  if (b.empty())
    *flags |= NGHTTP2_DATA_FLAG_EOF;
  return ssize_t(n);
}

PeerSetup recording() {
  PeerSetup p;
  p.without = {"begin_frame", "begin_headers", "header", "frame_recv",
               "data_chunk", "stream_close", "frame_send", "frame_not_send",
               "invalid_frame_recv", "invalid_header"};
  p.callbacks = [](const Api &a, nghttp2_session_callbacks *cb) {
    a.session_callbacks_set_on_begin_frame_callback(cb, begin_frame);
    a.session_callbacks_set_on_begin_headers_callback(cb, begin_headers);
    a.session_callbacks_set_on_header_callback(cb, header);
    a.session_callbacks_set_on_frame_recv_callback(cb, frame_recv);
    a.session_callbacks_set_on_data_chunk_recv_callback(cb, data_chunk);
    a.session_callbacks_set_on_stream_close_callback(cb, stream_close);
    a.session_callbacks_set_before_frame_send_callback(cb, before_send);
    a.session_callbacks_set_on_frame_send_callback(cb, frame_send);
    a.session_callbacks_set_on_frame_not_send_callback(cb, not_send);
    a.session_callbacks_set_on_invalid_frame_recv_callback(cb, invalid_frame);
    a.session_callbacks_set_on_invalid_header_callback(cb, invalid_header);
  };
  return p;
}

// mem_recv until everything is consumed or an error; PAUSE returns early
// with the bytes processed so far, and the rest is fed again.
void feed(Peer &p, const std::vector<uint8_t> &in) {
  size_t pos = 0;
  for (int guard = 0; !p.fatal && pos < in.size() && guard < 64; ++guard) {
    ssize_t n = p.api.session_mem_recv(p.s, in.data() + pos, in.size() - pos);
    if (n < 0) {
      p.rec("mem_recv -> %zd", n);
      p.fatal = p.api.is_fatal(int(n)) != 0;
      return;
    }
    if (size_t(n) != in.size() - pos)
      p.rec("mem_recv took %zd of %zu", n, in.size() - pos);
    pos += size_t(n);
  }
}

// mem_send, recording errors; stops at the first error.
std::vector<uint8_t> drain(Peer &p) {
  std::vector<uint8_t> out;
  for (int guard = 0; !p.fatal && guard < 64; ++guard) {
    const uint8_t *d;
    ssize_t n = p.api.session_mem_send(p.s, &d);
    if (n < 0) {
      p.rec("mem_send -> %zd", n);
      p.fatal = p.api.is_fatal(int(n)) != 0;
      break;
    }
    if (n == 0)
      break;
    out.insert(out.end(), d, d + n);
  }
  p.wire.insert(p.wire.end(), out.begin(), out.end());
  return out;
}

void exchange(Peer &c, Peer &s) {
  for (int i = 0; i < 16; ++i) {
    auto a = drain(c);
    if (!a.empty())
      feed(s, a);
    auto b = drain(s);
    if (!b.empty())
      feed(c, b);
    if (a.empty() && b.empty())
      break;
  }
}

// A POST with a 2500-byte body, answered with a 2500-byte body; every
// callback is called several times on both sides.
Lines conversation(const Side &side, const Inject &in) {
  Trace t;
  const Api &a = *side;
  PeerSetup cs = recording(), ss = recording();
  Peer c(side, false, t, cs);
  Peer s(side, true, t, ss);
  Inject copy = in;
  c.ctx = s.ctx = &copy;
  c.bodies[1] = std::string(2500, 'c');
  Nv nv = request_nv("POST");
  nghttp2_data_provider dp;
  dp.source.ptr = nullptr;
  dp.read_callback = read_cb;
  a.submit_request(c.s, nullptr, nv.data(), nv.size(), &dp, nullptr);
  exchange(c, s);
  s.bodies[1] = std::string(2500, 's');
  Nv rnv = response_nv();
  if (!s.fatal)
    t.addf("submit_response -> %d", a.submit_response(s.s, 1, rnv.data(), rnv.size(), &dp));
  exchange(c, s);
  // A second request whose body read is deferred and resumed.
  Nv nv2 = request_nv("POST", "/2");
  c.bodies[3] = "second";
  if (!c.fatal) {
    a.submit_request(c.s, nullptr, nv2.data(), nv2.size(), &dp, nullptr);
    exchange(c, s);
  }
  if (!c.fatal) {
    t.addf("resume_data(3) -> %d", a.session_resume_data(c.s, 3));
    exchange(c, s);
  }
  t.addf("fatal: C %d S %d", c.fatal, s.fatal);
  if (!c.fatal && !s.fatal)
    t.addf("want: C %d/%d S %d/%d", a.session_want_read(c.s), a.session_want_write(c.s),
           a.session_want_read(s.s), a.session_want_write(s.s));
  return transcript(c, s);
}

class ReturnsTest {
public:
  ReturnsTest(int argc, char **argv) : h("api-returns", argc, argv) {}
  Harness h;
  long scenarios = 0;

  void run() {
    const int pause = NGHTTP2_ERR_PAUSE, temporal = NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE,
              failure = NGHTTP2_ERR_CALLBACK_FAILURE, cancel = NGHTTP2_ERR_CANCEL,
              deferred = NGHTTP2_ERR_DEFERRED;
    std::vector<Inject> cases = {
        {"none", 1, 0, "S"},
        {"begin_frame", 2, failure, "S"},
        {"begin_headers", 1, temporal, "S"},
        {"begin_headers", 1, failure, "S"},
        {"header", 2, temporal, "S"},
        {"header", 2, failure, "S"},
        {"header", 2, pause, "S"},
        {"header", 1, temporal, "C"},
        {"frame_recv", 2, failure, "S"},
        {"frame_recv", 3, failure, "C"},
        {"data_chunk", 1, pause, "S"},
        {"data_chunk", 2, failure, "S"},
        {"data_chunk", 1, pause, "C"},
        {"stream_close", 1, failure, "S"},
        {"stream_close", 1, failure, "C"},
        {"before_send", 2, cancel, "C"},
        {"before_send", 2, failure, "C"},
        {"before_send", 3, cancel, "S"},
        {"frame_send", 2, failure, "C"},
        {"frame_send", 3, failure, "S"},
        {"frame_not_send", 1, failure, "C"},
        {"read", 1, deferred, "C"},
        {"read", 2, temporal, "C"},
        {"read", 2, failure, "C"},
        {"read", 1, temporal, "S"},
        {"read", 4, deferred, "C"},
        {"read", 1, NGHTTP2_ERR_WOULDBLOCK, "C"},
        {"read", 1, -1, "C"},
    };
    for (auto &in : cases) {
      ++scenarios;
      std::string what = std::string(in.who) + " " + in.cb + " #" +
                         std::to_string(in.nth) + " returns " + std::to_string(in.rv);
      Lines r = conversation(h.ref(), in), o = conversation(h.ours(), in);
      h.check().seq(what, r, o);
      if (h.option("dump") == "1") {
        std::printf("=== %s\n", what.c_str());
        for (auto &l : o)
          std::printf("  %s\n", l.c_str());
      }
    }
  }
};

} // namespace

int main(int argc, char **argv) {
  ReturnsTest t(argc, argv);
  t.run();
  t.h.check().add_count("scenarios", t.scenarios);
  return t.h.finish();
}

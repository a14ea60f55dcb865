#include "conv.h"

#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <algorithm>

namespace apitest {

nghttp2_nv *Nv::data() {
  v.clear();
  for (auto &f : fields)
    v.push_back(nghttp2_nv{(uint8_t *)f.first.data(), (uint8_t *)f.second.data(),
                           f.first.size(), f.second.size(),
                           NGHTTP2_NV_FLAG_NONE});
  return v.data();
}

Nv request_nv(const char *method, const char *path) {
  return Nv{{":method", method},
            {":scheme", "https"},
            {":authority", "example.org"},
            {":path", path}};
}

Nv response_nv(const char *status) { return Nv{{":status", status}}; }

std::string hex(const uint8_t *p, size_t n) {
  std::string s;
  char b[4];
  for (size_t i = 0; i < n; ++i) {
    std::snprintf(b, sizeof b, "%02x", p[i]);
    s += b;
  }
  return s;
}

bool need(h2diff::Harness &h, const Side &side,
          std::initializer_list<const char *> symbols) {
  if (!h.require(side, symbols))
    return false;
  for (const char *sym : symbols)
    if (!h2diff::api_pointer(*side, sym))
      return false;
  return true;
}

std::string frame_line(const h2diff::Frame &f) { return f.text(); }

void Peer::rec(const char *fmt, ...) {
  char buf[600];
  int n = std::snprintf(buf, sizeof buf, "%s ", name);
  va_list ap;
  va_start(ap, fmt);
  std::vsnprintf(buf + n, sizeof buf - size_t(n), fmt, ap);
  va_end(ap);
  trace.add(buf);
}

namespace {

std::string describe(const nghttp2_frame *f) {
  char b[300];
  const nghttp2_frame_hd &hd = f->hd;
  int n = std::snprintf(b, sizeof b, "%s sid=%d len=%zu flags=0x%02x",
                        h2diff::frame_type_name(hd.type), hd.stream_id,
                        hd.length, hd.flags);
  std::string s(b, size_t(n));
  switch (hd.type) {
  case NGHTTP2_HEADERS:
    s += " cat=" + std::to_string(f->headers.cat) +
         " nvlen=" + std::to_string(f->headers.nvlen);
    break;
  case NGHTTP2_RST_STREAM:
    s += " error=" + std::to_string(f->rst_stream.error_code);
    break;
  case NGHTTP2_SETTINGS:
    for (size_t i = 0; i < f->settings.niv; ++i)
      s += " " + std::to_string(f->settings.iv[i].settings_id) + "=" +
           std::to_string(f->settings.iv[i].value);
    break;
  case NGHTTP2_PUSH_PROMISE:
    s += " promised=" + std::to_string(f->push_promise.promised_stream_id);
    break;
  case NGHTTP2_PING:
    s += " data=" + hex(f->ping.opaque_data, 8);
    break;
  case NGHTTP2_GOAWAY:
    s += " last=" + std::to_string(f->goaway.last_stream_id) +
         " error=" + std::to_string(f->goaway.error_code) + " debug=" +
         std::string((const char *)f->goaway.opaque_data,
                     f->goaway.opaque_data_len);
    break;
  case NGHTTP2_WINDOW_UPDATE:
    s += " incr=" + std::to_string(f->window_update.window_size_increment);
    break;
  default:
    break;
  }
  return s;
}

int on_begin_frame(nghttp2_session *, const nghttp2_frame_hd *hd, void *ud) {
  Peer::of(ud)->calls["begin_frame"]++;
  Peer::of(ud)->rec("begin_frame %s sid=%d len=%zu",
                    h2diff::frame_type_name(hd->type), hd->stream_id,
                    hd->length);
  return 0;
}
int on_begin_headers(nghttp2_session *, const nghttp2_frame *f, void *ud) {
  Peer::of(ud)->calls["begin_headers"]++;
  Peer::of(ud)->rec("begin_headers sid=%d cat=%d", f->hd.stream_id,
                    f->headers.cat);
  return 0;
}
int on_header(nghttp2_session *, const nghttp2_frame *f, const uint8_t *n,
              size_t nl, const uint8_t *v, size_t vl, uint8_t flags,
              void *ud) {
  Peer::of(ud)->calls["header"]++;
  Peer::of(ud)->rec("header sid=%d %.*s: %.*s flags=%u", f->hd.stream_id,
                    int(nl), (const char *)n, int(vl), (const char *)v, flags);
  return 0;
}
int on_invalid_header(nghttp2_session *, const nghttp2_frame *f,
                      const uint8_t *n, size_t nl, const uint8_t *v, size_t vl,
                      uint8_t, void *ud) {
  Peer::of(ud)->calls["invalid_header"]++;
  Peer::of(ud)->rec("invalid_header sid=%d %.*s: %.*s", f->hd.stream_id,
                    int(nl), (const char *)n, int(vl), (const char *)v);
  return 0;
}
int on_frame_recv(nghttp2_session *, const nghttp2_frame *f, void *ud) {
  Peer::of(ud)->calls["frame_recv"]++;
  Peer::of(ud)->rec("frame_recv %s", describe(f).c_str());
  return 0;
}
int on_frame_send(nghttp2_session *, const nghttp2_frame *f, void *ud) {
  Peer::of(ud)->calls["frame_send"]++;
  Peer::of(ud)->rec("frame_send %s", describe(f).c_str());
  return 0;
}
int on_frame_not_send(nghttp2_session *, const nghttp2_frame *f, int err,
                      void *ud) {
  Peer::of(ud)->calls["frame_not_send"]++;
  Peer::of(ud)->rec("frame_not_send %s err=%d", describe(f).c_str(), err);
  return 0;
}
int on_invalid_frame_recv(nghttp2_session *, const nghttp2_frame *f, int err,
                          void *ud) {
  Peer::of(ud)->calls["invalid_frame_recv"]++;
  Peer::of(ud)->rec("invalid_frame_recv %s err=%d", describe(f).c_str(), err);
  return 0;
}
int on_data_chunk(nghttp2_session *, uint8_t flags, int32_t sid,
                  const uint8_t *d, size_t len, void *ud) {
  Peer::of(ud)->calls["data_chunk"]++;
  Peer::of(ud)->rec("data_chunk sid=%d flags=0x%02x %.*s", sid, flags,
                    int(std::min<size_t>(len, 64)), (const char *)d);
  return 0;
}
int on_stream_close(nghttp2_session *, int32_t sid, uint32_t err, void *ud) {
  Peer::of(ud)->calls["stream_close"]++;
  Peer::of(ud)->rec("stream_close sid=%d error=%u", sid, err);
  return 0;
}

ssize_t read_body(nghttp2_session *session, int32_t sid, uint8_t *buf,
                  size_t len, uint32_t *flags, nghttp2_data_source *,
                  void *ud) {
  (void)session;
  Peer *p = Peer::of(ud);
  std::string &b = p->bodies[sid];
  size_t n = std::min(len, b.size());
  std::memcpy(buf, b.data(), n);
  b.erase(0, n);
  if (b.empty())
    *flags |= NGHTTP2_DATA_FLAG_EOF;
  return ssize_t(n);
}
nghttp2_ssize read_body2(nghttp2_session *session, int32_t sid, uint8_t *buf,
                         size_t len, uint32_t *flags, nghttp2_data_source *src,
                         void *ud) {
  return read_body(session, sid, buf, len, flags, src, ud);
}

} // namespace

nghttp2_data_provider Peer::provider() {
  nghttp2_data_provider p;
  p.source.ptr = nullptr;
  p.read_callback = read_body;
  return p;
}
nghttp2_data_provider2 Peer::provider2() {
  nghttp2_data_provider2 p;
  p.source.ptr = nullptr;
  p.read_callback = read_body2;
  return p;
}

Peer::Peer(const Side &side, bool srv, Trace &t, PeerSetup setup)
    : api(*side), server(srv), name(srv ? "S" : "C"), trace(t) {
  nghttp2_session_callbacks *cb = nullptr;
  api.session_callbacks_new(&cb);
  auto on = [&](const char *n) {
    return std::find(setup.without.begin(), setup.without.end(), n) ==
           setup.without.end();
  };
  if (on("begin_frame"))
    api.session_callbacks_set_on_begin_frame_callback(cb, on_begin_frame);
  if (on("begin_headers"))
    api.session_callbacks_set_on_begin_headers_callback(cb, on_begin_headers);
  if (on("header"))
    api.session_callbacks_set_on_header_callback(cb, on_header);
  if (on("invalid_header"))
    api.session_callbacks_set_on_invalid_header_callback(cb, on_invalid_header);
  if (on("frame_recv"))
    api.session_callbacks_set_on_frame_recv_callback(cb, on_frame_recv);
  if (on("frame_send"))
    api.session_callbacks_set_on_frame_send_callback(cb, on_frame_send);
  if (on("frame_not_send"))
    api.session_callbacks_set_on_frame_not_send_callback(cb, on_frame_not_send);
  if (on("invalid_frame_recv"))
    api.session_callbacks_set_on_invalid_frame_recv_callback(
        cb, on_invalid_frame_recv);
  if (on("data_chunk"))
    api.session_callbacks_set_on_data_chunk_recv_callback(cb, on_data_chunk);
  if (on("stream_close"))
    api.session_callbacks_set_on_stream_close_callback(cb, on_stream_close);
  if (setup.callbacks)
    setup.callbacks(api, cb);
  nghttp2_option *opt = nullptr;
  if (setup.option) {
    api.option_new(&opt);
    setup.option(api, opt);
  }
  create_rv = server ? api.session_server_new2(&s, cb, this, opt)
                     : api.session_client_new2(&s, cb, this, opt);
  if (opt)
    api.option_del(opt);
  api.session_callbacks_del(cb);
  if (s && setup.initial_settings)
    api.submit_settings(s, NGHTTP2_FLAG_NONE, setup.settings.data(),
                        setup.settings.size());
}

Peer::~Peer() {
  if (s)
    api.session_del(s);
}

std::vector<uint8_t> Peer::send() {
  std::vector<uint8_t> out;
  while (!fatal) {
    const uint8_t *d = nullptr;
    ssize_t n = io2 ? api.session_mem_send2(s, &d) : api.session_mem_send(s, &d);
    last_send_rv = long(n);
    if (n < 0) {
      rec("mem_send -> %zd", n);
      fatal = api.is_fatal(int(n)) != 0;
      break;
    }
    if (n == 0)
      break;
    out.insert(out.end(), d, d + n);
  }
  wire.insert(wire.end(), out.begin(), out.end());
  return out;
}

long Peer::recv(const std::vector<uint8_t> &in) {
  if (fatal)
    return 0;
  ssize_t n = io2 ? api.session_mem_recv2(s, in.data(), in.size())
                  : api.session_mem_recv(s, in.data(), in.size());
  if (n != ssize_t(in.size()))
    rec("mem_recv(%zu) -> %zd", in.size(), n);
  if (n < 0 && api.is_fatal(int(n)))
    fatal = true;
  return long(n);
}

std::vector<std::string> Peer::frames() const {
  std::vector<std::string> out;
  auto fs = h2diff::split_frames(wire, !server);
  if (fs.client_magic)
    out.push_back("(client magic)");
  for (auto &f : fs.frames)
    out.push_back(f.text());
  if (!fs.incomplete.empty())
    out.push_back("(incomplete " + std::to_string(fs.incomplete.size()) + ")");
  return out;
}

std::vector<std::string> prefixed(const char *prefix,
                                  const std::vector<std::string> &lines) {
  std::vector<std::string> out;
  for (auto &l : lines)
    out.push_back(prefix + l);
  return out;
}

// Streams closed together (GOAWAY, termination) are closed in the order of
// the stream map's hash slots, in upstream and in h2pool alike; h2pool seeds
// that hash per session, so only the set of such closes is comparable.
void sort_close_runs(std::vector<std::string> &lines) {
  auto is_close = [](const std::string &l) {
    return l.size() > 2 && l.compare(1, 14, " stream_close ") == 0;
  };
  for (size_t i = 0; i < lines.size();) {
    size_t j = i;
    while (j < lines.size() && is_close(lines[j]) && lines[j][0] == lines[i][0])
      ++j;
    if (j - i > 1)
      std::sort(lines.begin() + long(i), lines.begin() + long(j));
    i = j > i ? j : i + 1;
  }
}

std::vector<std::string> transcript(const Peer &c, const Peer &s) {
  std::vector<std::string> out = c.trace.events;
  sort_close_runs(out);
  for (auto &l : prefixed("C> ", c.frames()))
    out.push_back(l);
  for (auto &l : prefixed("S> ", s.frames()))
    out.push_back(l);
  return out;
}

long count(const std::vector<std::string> &lines,
           std::initializer_list<const char *> parts) {
  long n = 0;
  for (auto &l : lines) {
    bool all = true;
    for (const char *p : parts)
      all = all && l.find(p) != std::string::npos;
    n += all;
  }
  return n;
}

int pump(Peer &c, Peer &s) {
  int moved = 0;
  for (int round = 0; round < 32; ++round) {
    auto a = c.send();
    if (!a.empty())
      s.recv(a);
    auto b = s.send();
    if (!b.empty())
      c.recv(b);
    if (a.empty() && b.empty())
      break;
    ++moved;
  }
  return moved;
}

} // namespace apitest

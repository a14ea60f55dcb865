#include "attack.h"

#include <cstring>

namespace dos {

std::string be32(uint32_t v) {
  std::string s(4, '\0');
  for (int i = 0; i < 4; ++i) s[i] = char((v >> (24 - 8 * i)) & 0xff);
  return s;
}

std::string frame(uint8_t type, uint8_t flags, int32_t sid,
                  const std::string &payload) {
  std::string f;
  const size_t n = payload.size();
  f += char((n >> 16) & 0xff);
  f += char((n >> 8) & 0xff);
  f += char(n & 0xff);
  f += char(type);
  f += char(flags);
  f += be32(uint32_t(sid) & 0x7fffffffu);
  return f + payload;
}

std::string magic() { return NGHTTP2_CLIENT_MAGIC; }

std::string settings(const std::vector<std::pair<uint16_t, uint32_t>> &iv) {
  std::string p;
  for (auto &e : iv) {
    p += char(e.first >> 8);
    p += char(e.first & 0xff);
    p += be32(e.second);
  }
  return frame(NGHTTP2_SETTINGS, 0, 0, p);
}

std::string ping(uint64_t opaque) {
  std::string p = be32(uint32_t(opaque >> 32)) + be32(uint32_t(opaque));
  return frame(NGHTTP2_PING, 0, 0, p);
}

std::string rst(int32_t sid, uint32_t code) {
  return frame(NGHTTP2_RST_STREAM, 0, sid, be32(code));
}

std::string window_update(int32_t sid, uint32_t inc) {
  return frame(NGHTTP2_WINDOW_UPDATE, 0, sid, be32(inc));
}

std::string data(int32_t sid, const std::string &payload, uint8_t flags) {
  return frame(NGHTTP2_DATA, flags, sid, payload);
}

std::string priority(int32_t sid, int32_t dep) {
  return frame(NGHTTP2_PRIORITY, 0, sid, be32(uint32_t(dep)) + char(15));
}

std::string hpack_int(uint8_t first_bits, int prefix, size_t v) {
  const size_t max = (size_t(1) << prefix) - 1;
  std::string s;
  if (v < max) {
    s += char(first_bits | v);
    return s;
  }
  s += char(first_bits | max);
  v -= max;
  while (v >= 128) {
    s += char(0x80 | (v & 0x7f));
    v >>= 7;
  }
  s += char(v);
  return s;
}

std::string hpack_literal(const std::string &name, const std::string &value,
                          bool index) {
  std::string s(1, index ? '\x40' : '\x00');
  s += hpack_int(0, 7, name.size()) + name;
  s += hpack_int(0, 7, value.size()) + value;
  return s;
}

namespace {
// :scheme https (7), :path / (4), :authority (name 1) literal, not indexed.
std::string common_pseudo() {
  return std::string("\x87\x84\x01", 3) + hpack_int(0, 7, 9) + "localhost";
}
} // namespace

std::string get_block() { return std::string("\x82") + common_pseudo(); }
std::string post_block() { return std::string("\x83") + common_pseudo(); }

std::string headers(int32_t sid, const std::string &block, uint8_t flags) {
  return frame(NGHTTP2_HEADERS, flags, sid, block);
}

std::vector<Frame> parse_frames(const std::string &b) {
  std::vector<Frame> out;
  size_t i = 0;
  while (i + 9 <= b.size()) {
    const auto *p = reinterpret_cast<const uint8_t *>(b.data()) + i;
    Frame f;
    f.length = uint32_t(p[0]) << 16 | uint32_t(p[1]) << 8 | p[2];
    f.type = p[3];
    f.flags = p[4];
    f.sid = int32_t((uint32_t(p[5]) << 24 | uint32_t(p[6]) << 16 |
                     uint32_t(p[7]) << 8 | p[8]) & 0x7fffffffu);
    if (i + 9 + f.length > b.size()) break;
    f.payload = b.substr(i + 9, f.length);
    out.push_back(std::move(f));
    i += 9 + f.length;
  }
  return out;
}

// ---- callbacks

struct ServerCallbacks {
  static Server *of(void *u) { return static_cast<Server *>(u); }

  static ssize_t read_body(nghttp2_session *, int32_t, uint8_t *buf,
                           size_t length, uint32_t *flags,
                           nghttp2_data_source *src, void *) {
    auto *left = static_cast<size_t *>(src->ptr);
    const size_t n = length < *left ? length : *left;
    std::memset(buf, 'b', n);
    *left -= n;
    if (*left == 0) *flags |= NGHTTP2_DATA_FLAG_EOF;
    return ssize_t(n);
  }

  static int on_frame_recv(nghttp2_session *s, const nghttp2_frame *f,
                           void *u) {
    Server *sv = of(u);
    ++sv->recv_frames;
    if (f->hd.type == NGHTTP2_RST_STREAM) ++sv->recv_rst;
    if (f->hd.type == NGHTTP2_HEADERS) {
      ++sv->recv_headers_frames;
      if (sv->cfg_.response_body && (f->hd.flags & NGHTTP2_FLAG_END_STREAM) &&
          f->headers.cat == NGHTTP2_HCAT_REQUEST) {
        // One body counter per session is enough: the attacks that want a
        // response open a single stream.
        sv->body_left_ = sv->cfg_.response_body;
        nghttp2_data_provider prd;
        prd.source.ptr = &sv->body_left_;
        prd.read_callback = read_body;
        nghttp2_nv nv{(uint8_t *)":status", (uint8_t *)"200", 7, 3,
                      NGHTTP2_NV_FLAG_NONE};
        if (sv->a_.submit_response(s, f->hd.stream_id, &nv, 1, &prd) != 0)
          return NGHTTP2_ERR_CALLBACK_FAILURE;
      }
    }
    return 0;
  }

  static int on_header(nghttp2_session *, const nghttp2_frame *,
                       const uint8_t *, size_t namelen, const uint8_t *,
                       size_t valuelen, uint8_t, void *u) {
    Server *sv = of(u);
    ++sv->header_fields;
    sv->header_bytes += namelen + valuelen;
    return 0;
  }

  static int on_stream_close(nghttp2_session *, int32_t, uint32_t, void *u) {
    ++of(u)->streams_closed;
    return 0;
  }
};

Server::Server(const Api &api, const Config &cfg) : a_(api), cfg_(cfg) {
  mem_ = cm.mem();
  nghttp2_option *opt = nullptr;
  a_.option_new(&opt);
  auto need = [&](const void *fn) {
    if (!fn) option_missing_ = true;
    return fn != nullptr;
  };
  if (cfg.reset_burst >= 0 && need((void *)a_.option_set_stream_reset_rate_limit))
    a_.option_set_stream_reset_rate_limit(opt, uint64_t(cfg.reset_burst),
                                          uint64_t(cfg.reset_rate));
  if (cfg.glitch_burst >= 0 && need((void *)a_.option_set_glitch_rate_limit))
    a_.option_set_glitch_rate_limit(opt, uint64_t(cfg.glitch_burst),
                                    uint64_t(cfg.glitch_rate));
  if (cfg.max_continuations >= 0 && need((void *)a_.option_set_max_continuations))
    a_.option_set_max_continuations(opt, size_t(cfg.max_continuations));
  if (cfg.max_settings >= 0)
    a_.option_set_max_settings(opt, size_t(cfg.max_settings));
  if (cfg.max_outbound_ack >= 0)
    a_.option_set_max_outbound_ack(opt, size_t(cfg.max_outbound_ack));
  if (cfg.max_outbound_queue >= 0 &&
      need((void *)a_.option_set_max_outbound_queue_size))
    a_.option_set_max_outbound_queue_size(opt, size_t(cfg.max_outbound_queue));

  nghttp2_session_callbacks *cbs = nullptr;
  a_.session_callbacks_new(&cbs);
  a_.session_callbacks_set_on_frame_recv_callback(cbs,
                                                  ServerCallbacks::on_frame_recv);
  a_.session_callbacks_set_on_header_callback(cbs, ServerCallbacks::on_header);
  a_.session_callbacks_set_on_stream_close_callback(
      cbs, ServerCallbacks::on_stream_close);
  a_.session_server_new3(&session, cbs, this, opt, &mem_);
  a_.session_callbacks_del(cbs);
  a_.option_del(opt);

  std::vector<nghttp2_settings_entry> iv;
  for (auto &e : cfg.server_settings)
    iv.push_back({e.first, e.second});
  a_.submit_settings(session, NGHTTP2_FLAG_NONE, iv.data(), iv.size());
  send();
}

Server::~Server() { a_.session_del(session); }

long Server::recv(const std::string &bytes) {
  if (fatal) return 0;
  const auto *p = reinterpret_cast<const uint8_t *>(bytes.data());
  long rv = a_.session_mem_recv2 ? long(a_.session_mem_recv2(session, p, bytes.size()))
                                 : long(a_.session_mem_recv(session, p, bytes.size()));
  if (rv < 0) fatal = rv;
  return rv;
}

void Server::send() {
  for (;;) {
    const uint8_t *d = nullptr;
    long n = a_.session_mem_send2 ? long(a_.session_mem_send2(session, &d))
                                  : long(a_.session_mem_send(session, &d));
    if (n <= 0) return;
    out_.append(reinterpret_cast<const char *>(d), size_t(n));
  }
}

long Server::goaway_code() const {
  for (auto &f : frames())
    if (f.type == NGHTTP2_GOAWAY && f.payload.size() >= 8) {
      const auto *p = reinterpret_cast<const uint8_t *>(f.payload.data()) + 4;
      return long(uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 |
                  uint32_t(p[2]) << 8 | p[3]);
    }
  return -1;
}

int32_t Server::goaway_last_sid() const {
  for (auto &f : frames())
    if (f.type == NGHTTP2_GOAWAY && f.payload.size() >= 8) {
      const auto *p = reinterpret_cast<const uint8_t *>(f.payload.data());
      return int32_t((uint32_t(p[0]) << 24 | uint32_t(p[1]) << 16 |
                      uint32_t(p[2]) << 8 | p[3]) & 0x7fffffffu);
    }
  return -1;
}

size_t Server::count_sent(uint8_t type) const {
  size_t n = 0;
  for (auto &f : frames()) n += f.type == type;
  return n;
}

size_t Server::queue_size() const {
  return a_.session_get_outbound_queue_size(session);
}

} // namespace dos

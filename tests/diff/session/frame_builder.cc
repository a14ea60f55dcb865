#include "frame_builder.h"

namespace sdiff {

FrameBuilder::FrameBuilder(const Api *ref) : ref_(ref) {
  ref_->hd_deflate_new(&deflater_, 4096);
}

FrameBuilder::~FrameBuilder() {
  if (deflater_) {
    ref_->hd_deflate_del(deflater_);
  }
}

std::string FrameBuilder::magic() {
  return std::string("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 24);
}

std::string FrameBuilder::be32(uint32_t v) {
  std::string s(4, '\0');
  s[0] = char(v >> 24);
  s[1] = char(v >> 16);
  s[2] = char(v >> 8);
  s[3] = char(v);
  return s;
}

std::string FrameBuilder::frame(uint8_t type, uint8_t flags, int32_t sid,
                                const std::string &payload) {
  std::string s;
  size_t n = payload.size();
  s += char(n >> 16);
  s += char(n >> 8);
  s += char(n);
  s += char(type);
  s += char(flags);
  s += be32(uint32_t(sid));
  return s + payload;
}

std::string FrameBuilder::settings(
    const std::vector<std::pair<uint16_t, uint32_t>> &iv) {
  std::string p;
  for (auto &e : iv) {
    p += char(e.first >> 8);
    p += char(e.first);
    p += be32(e.second);
  }
  return frame(NGHTTP2_SETTINGS, 0, 0, p);
}

std::string FrameBuilder::settings_ack() {
  return frame(NGHTTP2_SETTINGS, NGHTTP2_FLAG_ACK, 0, "");
}

std::string FrameBuilder::data(int32_t sid, const std::string &payload,
                               uint8_t flags, int padlen) {
  if (padlen < 0) {
    return frame(NGHTTP2_DATA, flags, sid, payload);
  }
  std::string p(1, char(padlen));
  p += payload;
  p += std::string(size_t(padlen), '\0');
  return frame(NGHTTP2_DATA, flags | NGHTTP2_FLAG_PADDED, sid, p);
}

std::string FrameBuilder::rst(int32_t sid, uint32_t code) {
  return frame(NGHTTP2_RST_STREAM, 0, sid, be32(code));
}

std::string FrameBuilder::ping(const std::string &opaque8, bool ack) {
  return frame(NGHTTP2_PING, ack ? NGHTTP2_FLAG_ACK : 0, 0, opaque8);
}

std::string FrameBuilder::goaway(int32_t last, uint32_t code,
                                 const std::string &opaque) {
  return frame(NGHTTP2_GOAWAY, 0, 0,
               be32(uint32_t(last)) + be32(code) + opaque);
}

std::string FrameBuilder::window_update(int32_t sid, uint32_t inc) {
  return frame(NGHTTP2_WINDOW_UPDATE, 0, sid, be32(inc));
}

std::string FrameBuilder::priority(int32_t sid, int32_t dep, int weight,
                                   bool excl) {
  std::string p = be32(uint32_t(dep) | (excl ? 0x80000000u : 0));
  p += char(weight - 1);
  return frame(NGHTTP2_PRIORITY, 0, sid, p);
}

std::string FrameBuilder::block(const Nv &nv) {
  std::vector<nghttp2_nv> v;
  for (auto &kv : nv) {
    nghttp2_nv e;
    e.name = reinterpret_cast<uint8_t *>(const_cast<char *>(kv.first.data()));
    e.namelen = kv.first.size();
    e.value =
        reinterpret_cast<uint8_t *>(const_cast<char *>(kv.second.data()));
    e.valuelen = kv.second.size();
    e.flags = NGHTTP2_NV_FLAG_NONE;
    v.push_back(e);
  }
  size_t bound = ref_->hd_deflate_bound(deflater_, v.data(), v.size());
  std::string out(bound, '\0');
  ssize_t n = ref_->hd_deflate_hd(deflater_, reinterpret_cast<uint8_t *>(out.data()),
                                  out.size(), v.data(), v.size());
  out.resize(n < 0 ? 0 : size_t(n));
  return out;
}

std::string FrameBuilder::headers(int32_t sid, const Nv &nv, uint8_t flags,
                                  size_t split, int padlen,
                                  bool with_priority) {
  std::string b = block(nv);
  std::string pre;
  uint8_t f = flags;
  if (padlen >= 0) {
    pre += char(padlen);
    f |= NGHTTP2_FLAG_PADDED;
  }
  if (with_priority) {
    pre += be32(0);
    pre += char(15);
    f |= NGHTTP2_FLAG_PRIORITY;
  }
  std::string tail = padlen >= 0 ? std::string(size_t(padlen), '\0') : "";
  if (split == 0 || b.size() <= split) {
    return frame(NGHTTP2_HEADERS, f | NGHTTP2_FLAG_END_HEADERS, sid,
                 pre + b + tail);
  }
  std::string out = frame(NGHTTP2_HEADERS, f, sid, pre + b.substr(0, split) + tail);
  for (size_t off = split; off < b.size(); off += split) {
    bool last = off + split >= b.size();
    out += frame(NGHTTP2_CONTINUATION, last ? NGHTTP2_FLAG_END_HEADERS : 0, sid,
                 b.substr(off, split));
  }
  return out;
}

std::string FrameBuilder::push_promise(int32_t sid, int32_t promised,
                                       const Nv &nv) {
  return frame(NGHTTP2_PUSH_PROMISE, NGHTTP2_FLAG_END_HEADERS, sid,
               be32(uint32_t(promised)) + block(nv));
}

void FrameBuilder::change_table_size(size_t n) {
  ref_->hd_deflate_change_table_size(deflater_, n);
}

Nv get_request(const std::string &path) {
  return {{":method", "GET"},
          {":scheme", "https"},
          {":authority", "example.org"},
          {":path", path},
          {"user-agent", "sdiff/1"}};
}

Nv post_request(const std::string &path, size_t content_length) {
  return {{":method", "POST"},
          {":scheme", "https"},
          {":authority", "example.org"},
          {":path", path},
          {"content-length", std::to_string(content_length)}};
}

Nv status(const std::string &code) { return {{":status", code}}; }

std::string body_bytes(int32_t sid, size_t offset, size_t n) {
  std::string s(n, '\0');
  for (size_t i = 0; i < n; ++i) {
    s[i] = char('a' + (((offset + i) * 7 + size_t(sid)) % 26));
  }
  return s;
}

} // namespace sdiff

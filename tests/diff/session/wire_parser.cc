#include "wire_parser.h"

#include <cstdio>
#include <cstring>

namespace sdiff {

namespace {

const char kMagic[] = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
constexpr size_t kMagicLen = 24;

uint32_t be32(const uint8_t *p) {
  return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) |
         (uint32_t(p[2]) << 8) | p[3];
}

} // namespace

const char *frame_type_name(uint8_t type) {
  switch (type) {
  case NGHTTP2_DATA:
    return "DATA";
  case NGHTTP2_HEADERS:
    return "HEADERS";
  case NGHTTP2_PRIORITY:
    return "PRIORITY";
  case NGHTTP2_RST_STREAM:
    return "RST_STREAM";
  case NGHTTP2_SETTINGS:
    return "SETTINGS";
  case NGHTTP2_PUSH_PROMISE:
    return "PUSH_PROMISE";
  case NGHTTP2_PING:
    return "PING";
  case NGHTTP2_GOAWAY:
    return "GOAWAY";
  case NGHTTP2_WINDOW_UPDATE:
    return "WINDOW_UPDATE";
  case NGHTTP2_CONTINUATION:
    return "CONTINUATION";
  case NGHTTP2_ALTSVC:
    return "ALTSVC";
  case NGHTTP2_ORIGIN:
    return "ORIGIN";
  case NGHTTP2_PRIORITY_UPDATE:
    return "PRIORITY_UPDATE";
  default:
    return "EXT";
  }
}

WireParser::WireParser(const Api *ref, bool expect_magic, Trace *trace)
    : ref_(ref), trace_(trace), magic_pending_(expect_magic) {
  ref_->hd_inflate_new(&inflater_);
}

WireParser::~WireParser() {
  if (inflater_) {
    ref_->hd_inflate_del(inflater_);
  }
}

void WireParser::add(int32_t sid, std::string rec) {
  trace_->frames[sid].push_back(std::move(rec));
}

void WireParser::feed(const uint8_t *p, size_t n) {
  buf_.append(reinterpret_cast<const char *>(p), n);
  size_t off = 0;
  if (magic_pending_) {
    if (buf_.size() < kMagicLen) {
      return;
    }
    add(0, memcmp(buf_.data(), kMagic, kMagicLen) == 0
               ? "MAGIC"
               : "BAD-MAGIC " + printable(buf_.substr(0, kMagicLen)));
    magic_pending_ = false;
    off = kMagicLen;
  }
  const uint8_t *b = reinterpret_cast<const uint8_t *>(buf_.data());
  while (buf_.size() - off >= 9) {
    size_t len = (size_t(b[off]) << 16) | (size_t(b[off + 1]) << 8) |
                 b[off + 2];
    if (buf_.size() - off - 9 < len) {
      break;
    }
    uint32_t sidw = be32(b + off + 5);
    frame(b[off + 3], b[off + 4], int32_t(sidw & 0x7fffffffu),
          (sidw >> 31) != 0, b + off + 9, len);
    off += 9 + len;
  }
  buf_.erase(0, off);
}

void WireParser::finish() {
  for (auto &kv : runs_) {
    if (kv.second.open) {
      flush_data(kv.first);
    }
  }
  if (in_block_) {
    add(block_sid_, block_head_ + " (no END_HEADERS before end of output)");
    in_block_ = false;
  }
  if (!buf_.empty() || magic_pending_) {
    add(0, "TRAILING-BYTES " + printable(buf_));
    buf_.clear();
  }
}

void WireParser::flush_data(int32_t sid) {
  DataRun &r = runs_[sid];
  if (!r.open) {
    return;
  }
  char head[96];
  snprintf(head, sizeof head, "DATA len=%zu pad=%zu%s data=\"", r.bytes.size(),
           r.padding, r.end_stream ? " END_STREAM" : "");
  add(sid, head + printable(r.bytes) + "\"");
  r = DataRun();
}

std::string WireParser::decode_block() {
  std::string out = "{";
  const uint8_t *in = reinterpret_cast<const uint8_t *>(block_.data());
  size_t left = block_.size();
  for (;;) {
    nghttp2_nv nv;
    int fl = 0;
    ssize_t rv = ref_->hd_inflate_hd2(inflater_, &nv, &fl, in, left, 1);
    if (rv < 0) {
      return out + " HPACK-ERROR " + std::to_string(rv) + "}";
    }
    in += rv;
    left -= size_t(rv);
    if (fl & NGHTTP2_HD_INFLATE_EMIT) {
      out += " " + printable(nv.name, nv.namelen) + ": " +
             printable(nv.value, nv.valuelen, 200);
      if (nv.flags & NGHTTP2_NV_FLAG_NO_INDEX) {
        out += " (never-indexed)";
      }
      out += ";";
    }
    if (fl & NGHTTP2_HD_INFLATE_FINAL) {
      ref_->hd_inflate_end_headers(inflater_);
      break;
    }
    if (rv == 0 && left == 0 && !(fl & NGHTTP2_HD_INFLATE_EMIT)) {
      return out + " HPACK-TRUNCATED}";
    }
  }
  if (left) {
    out += " HPACK-LEFTOVER " + std::to_string(left);
  }
  return out + " }";
}

void WireParser::frame(uint8_t type, uint8_t flags, int32_t sid, bool reserved,
                       const uint8_t *p, size_t n) {
  char buf[160];
  std::string rsv = reserved ? " RESERVED-BIT" : "";
  if (in_block_ && type != NGHTTP2_CONTINUATION) {
    add(block_sid_, block_head_ + " (interrupted by " + frame_type_name(type) +
                        ")");
    in_block_ = false;
  }
  if (type != NGHTTP2_DATA) {
    flush_data(sid);
  }
  switch (type) {
  case NGHTTP2_DATA: {
    size_t pad = 0;
    if (flags & NGHTTP2_FLAG_PADDED) {
      if (n < 1 || size_t(p[0]) + 1 > n) {
        add(sid, "DATA MALFORMED-PADDING len=" + std::to_string(n));
        return;
      }
      pad = size_t(p[0]) + 1;
      p += 1;
      n -= pad;
    }
    DataRun &r = runs_[sid];
    r.open = true;
    r.bytes.append(reinterpret_cast<const char *>(p), n);
    r.frames++;
    r.padding += pad;
    if (flags & ~(NGHTTP2_FLAG_PADDED | NGHTTP2_FLAG_END_STREAM)) {
      snprintf(buf, sizeof buf, "DATA unusual-flags=0x%02x", flags);
      add(sid, buf);
    }
    if (flags & NGHTTP2_FLAG_END_STREAM) {
      r.end_stream = true;
      flush_data(sid);
    }
    if (reserved) {
      add(sid, "DATA" + rsv);
    }
    return;
  }
  case NGHTTP2_HEADERS:
  case NGHTTP2_PUSH_PROMISE: {
    std::string head = frame_type_name(type);
    size_t pad = 0;
    if (flags & NGHTTP2_FLAG_PADDED) {
      if (n < 1) {
        add(sid, head + " MALFORMED");
        return;
      }
      pad = p[0];
      p += 1;
      n -= 1;
      head += " pad=" + std::to_string(pad + 1);
    }
    if (type == NGHTTP2_HEADERS && (flags & NGHTTP2_FLAG_PRIORITY)) {
      if (n < 5) {
        add(sid, head + " MALFORMED-PRIORITY");
        return;
      }
      uint32_t dep = be32(p);
      snprintf(buf, sizeof buf, " pri=(dep=%u%s,w=%u)", dep & 0x7fffffffu,
               (dep >> 31) ? ",excl" : "", unsigned(p[4]) + 1);
      head += buf;
      p += 5;
      n -= 5;
    }
    if (type == NGHTTP2_PUSH_PROMISE) {
      if (n < 4) {
        add(sid, head + " MALFORMED");
        return;
      }
      head += " promised=" + std::to_string(be32(p) & 0x7fffffffu);
      p += 4;
      n -= 4;
    }
    if (pad > n) {
      add(sid, head + " MALFORMED-PADDING");
      return;
    }
    n -= pad;
    if (flags & NGHTTP2_FLAG_END_STREAM) {
      head += " END_STREAM";
    }
    uint8_t known = NGHTTP2_FLAG_END_STREAM | NGHTTP2_FLAG_END_HEADERS |
                    NGHTTP2_FLAG_PADDED | NGHTTP2_FLAG_PRIORITY;
    if (flags & ~known) {
      snprintf(buf, sizeof buf, " unusual-flags=0x%02x", flags);
      head += buf;
    }
    head += rsv;
    block_.assign(reinterpret_cast<const char *>(p), n);
    block_sid_ = sid;
    block_head_ = head;
    if (flags & NGHTTP2_FLAG_END_HEADERS) {
      add(sid, head + " " + decode_block());
    } else {
      in_block_ = true;
    }
    return;
  }
  case NGHTTP2_CONTINUATION:
    if (!in_block_ || sid != block_sid_) {
      add(sid, "CONTINUATION unexpected len=" + std::to_string(n));
      return;
    }
    block_.append(reinterpret_cast<const char *>(p), n);
    if (flags & NGHTTP2_FLAG_END_HEADERS) {
      in_block_ = false;
      add(sid, block_head_ + " " + decode_block());
    }
    return;
  case NGHTTP2_PRIORITY:
    if (n != 5) {
      add(sid, "PRIORITY bad-length=" + std::to_string(n));
      return;
    }
    snprintf(buf, sizeof buf, "PRIORITY dep=%u%s w=%u%s",
             be32(p) & 0x7fffffffu, (p[0] >> 7) ? " excl" : "",
             unsigned(p[4]) + 1, rsv.c_str());
    add(sid, buf);
    return;
  case NGHTTP2_RST_STREAM:
    if (n != 4) {
      add(sid, "RST_STREAM bad-length=" + std::to_string(n));
      return;
    }
    snprintf(buf, sizeof buf, "RST_STREAM code=%u%s", be32(p), rsv.c_str());
    add(sid, buf);
    return;
  case NGHTTP2_SETTINGS: {
    std::string r = (flags & NGHTTP2_FLAG_ACK) ? "SETTINGS ACK" : "SETTINGS";
    if (n % 6) {
      add(sid, r + " bad-length=" + std::to_string(n));
      return;
    }
    for (size_t i = 0; i < n; i += 6) {
      snprintf(buf, sizeof buf, " %u=%u", (unsigned(p[i]) << 8) | p[i + 1],
               be32(p + i + 2));
      r += buf;
    }
    if ((flags & NGHTTP2_FLAG_ACK) && !pending_table_sizes_.empty()) {
      // The library applied the peer's new table size when it acked, so its
      // next header block must start with the matching size update.
      ref_->hd_inflate_change_table_size(inflater_,
                                         pending_table_sizes_.front());
      pending_table_sizes_.pop_front();
    }
    add(sid, r + rsv);
    return;
  }
  case NGHTTP2_PING:
    add(sid, std::string((flags & NGHTTP2_FLAG_ACK) ? "PING ACK " : "PING ") +
                 (n == 8 ? hex(p, 8) : "bad-length=" + std::to_string(n)) +
                 rsv);
    return;
  case NGHTTP2_GOAWAY:
    if (n < 8) {
      add(sid, "GOAWAY bad-length=" + std::to_string(n));
      return;
    }
    snprintf(buf, sizeof buf, "GOAWAY last=%u%s code=%u opaque=\"",
             be32(p) & 0x7fffffffu, (p[0] >> 7) ? " R" : "", be32(p + 4));
    add(sid, buf + printable(p + 8, n - 8) + "\"" + rsv);
    return;
  case NGHTTP2_WINDOW_UPDATE:
    if (n != 4) {
      add(sid, "WINDOW_UPDATE bad-length=" + std::to_string(n));
      return;
    }
    snprintf(buf, sizeof buf, "WINDOW_UPDATE +%u%s", be32(p) & 0x7fffffffu,
             rsv.c_str());
    add(sid, buf);
    return;
  default:
    snprintf(buf, sizeof buf, "%s type=0x%02x flags=0x%02x payload=\"",
             frame_type_name(type), type, flags);
    add(sid, buf + printable(p, n) + "\"" + rsv);
    return;
  }
}

} // namespace sdiff

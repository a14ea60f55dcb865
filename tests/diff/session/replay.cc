#include "replay.h"

#include <zlib.h>

#include <algorithm>
#include <dirent.h>
#include <map>

namespace sdiff {

namespace {

const char kRecMagic[] = "H2REC1\n";
constexpr size_t kRecMagicLen = 7;

uint32_t be32(const uint8_t *p) {
  return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) |
         (uint32_t(p[2]) << 8) | p[3];
}

// What one direction of a recording says, decoded.
struct Message {
  Nv nv;               // first header block
  Nv trailer;          // a later header block, if any
  std::string body;    // DATA payloads, padding removed
  bool end_stream_on_headers = false;
  bool saw_data = false;
};

struct Direction {
  std::vector<std::pair<int32_t, uint32_t>> settings; // first non-ACK SETTINGS
  bool have_settings = false;
  std::vector<uint32_t> conn_window_updates; // sent before any HEADERS
  std::vector<int32_t> order;                // streams by first HEADERS
  std::map<int32_t, Message> msgs;
  std::string error;
};

Nv decode_block(const Api *ref, nghttp2_hd_inflater *infl,
                const std::string &block, std::string *err) {
  Nv out;
  const uint8_t *in = reinterpret_cast<const uint8_t *>(block.data());
  size_t left = block.size();
  for (;;) {
    nghttp2_nv nv;
    int fl = 0;
    ssize_t rv = ref->hd_inflate_hd2(infl, &nv, &fl, in, left, 1);
    if (rv < 0) {
      *err = "HPACK error " + std::to_string(rv);
      return out;
    }
    in += rv;
    left -= size_t(rv);
    if (fl & NGHTTP2_HD_INFLATE_EMIT) {
      out.emplace_back(std::string(reinterpret_cast<char *>(nv.name), nv.namelen),
                       std::string(reinterpret_cast<char *>(nv.value), nv.valuelen));
    }
    if (fl & NGHTTP2_HD_INFLATE_FINAL) {
      ref->hd_inflate_end_headers(infl);
      return out;
    }
    if (rv == 0 && !(fl & NGHTTP2_HD_INFLATE_EMIT)) {
      *err = "truncated header block";
      return out;
    }
  }
}

Direction decode_direction(const Api *ref, const Recording &rec, char dir) {
  Direction d;
  std::string bytes;
  for (auto &seg : rec.segments) {
    if (seg.first == dir) {
      bytes += seg.second;
    }
  }
  size_t off = 0;
  if (dir == '>' && bytes.compare(0, 24, FrameBuilder::magic()) == 0) {
    off = 24;
  }
  nghttp2_hd_inflater *infl = nullptr;
  ref->hd_inflate_new(&infl);
  ref->hd_inflate_change_table_size(infl, 65536);
  std::string block;
  int32_t block_sid = 0;
  bool block_es = false;
  const uint8_t *b = reinterpret_cast<const uint8_t *>(bytes.data());
  while (bytes.size() - off >= 9 && d.error.empty()) {
    size_t len = (size_t(b[off]) << 16) | (size_t(b[off + 1]) << 8) | b[off + 2];
    if (bytes.size() - off - 9 < len) {
      break;
    }
    uint8_t type = b[off + 3], flags = b[off + 4];
    int32_t sid = int32_t(be32(b + off + 5) & 0x7fffffffu);
    const uint8_t *p = b + off + 9;
    size_t n = len;
    off += 9 + len;
    size_t pad = 0;
    if ((type == NGHTTP2_DATA || type == NGHTTP2_HEADERS) &&
        (flags & NGHTTP2_FLAG_PADDED)) {
      pad = n ? p[0] : 0;
      p++;
      n = n ? n - 1 : 0;
    }
    if (type == NGHTTP2_HEADERS && (flags & NGHTTP2_FLAG_PRIORITY)) {
      p += 5;
      n = n >= 5 ? n - 5 : 0;
    }
    n = pad <= n ? n - pad : 0;
    switch (type) {
    case NGHTTP2_SETTINGS:
      if (!(flags & NGHTTP2_FLAG_ACK) && !d.have_settings) {
        d.have_settings = true;
        for (size_t i = 0; i + 6 <= n; i += 6) {
          d.settings.emplace_back((p[i] << 8) | p[i + 1], be32(p + i + 2));
        }
      }
      break;
    case NGHTTP2_WINDOW_UPDATE:
      if (sid == 0 && d.order.empty() && n == 4) {
        d.conn_window_updates.push_back(be32(p) & 0x7fffffffu);
      }
      break;
    case NGHTTP2_HEADERS:
    case NGHTTP2_CONTINUATION:
      if (type == NGHTTP2_HEADERS) {
        block.clear();
        block_sid = sid;
        block_es = flags & NGHTTP2_FLAG_END_STREAM;
      }
      block.append(reinterpret_cast<const char *>(p), n);
      if (flags & NGHTTP2_FLAG_END_HEADERS) {
        Nv nv = decode_block(ref, infl, block, &d.error);
        auto it = d.msgs.find(block_sid);
        if (it == d.msgs.end()) {
          d.order.push_back(block_sid);
          Message &m = d.msgs[block_sid];
          m.nv = std::move(nv);
          m.end_stream_on_headers = block_es;
        } else if (!it->second.nv.empty() && !it->second.nv[0].second.empty() &&
                   it->second.nv[0].second[0] == '1') {
          // An interim (1xx) response; the final one replaces it.
          it->second.nv = std::move(nv);
          it->second.end_stream_on_headers = block_es;
        } else {
          it->second.trailer = std::move(nv);
        }
      }
      break;
    case NGHTTP2_DATA: {
      Message &m = d.msgs[sid];
      m.saw_data = true;
      m.body.append(reinterpret_cast<const char *>(p), n);
      break;
    }
    default:
      break;
    }
  }
  ref->hd_inflate_del(infl);
  return d;
}

std::vector<std::pair<int32_t, uint32_t>> as_siv(
    const std::vector<std::pair<int32_t, uint32_t>> &v) {
  return v;
}

} // namespace

bool read_recording(const std::string &path, Recording *rec, std::string *err) {
  gzFile f = gzopen(path.c_str(), "rb");
  if (!f) {
    *err = path + ": cannot open";
    return false;
  }
  std::string data;
  char buf[16384];
  int n;
  while ((n = gzread(f, buf, sizeof buf)) > 0) {
    data.append(buf, size_t(n));
  }
  int gzerr = 0;
  const char *msg = gzerror(f, &gzerr);
  bool ok = n == 0 && gzerr == Z_OK;
  gzclose(f);
  if (!ok) {
    *err = path + ": gzip: " + (msg ? msg : "read error");
    return false;
  }
  if (data.compare(0, kRecMagicLen, kRecMagic) != 0) {
    *err = path + ": not an H2REC1 recording";
    return false;
  }
  size_t off = kRecMagicLen;
  const uint8_t *b = reinterpret_cast<const uint8_t *>(data.data());
  while (off < data.size()) {
    if (data.size() - off < 5 || (b[off] != '>' && b[off] != '<')) {
      *err = path + ": bad record at offset " + std::to_string(off);
      return false;
    }
    size_t len = be32(b + off + 1);
    if (data.size() - off - 5 < len) {
      *err = path + ": truncated record at offset " + std::to_string(off);
      return false;
    }
    rec->segments.emplace_back(char(b[off]), data.substr(off + 5, len));
    off += 5 + len;
  }
  return true;
}

std::vector<Scenario> scenarios_from_recordings(const Api *ref,
                                                const std::string &dir,
                                                std::vector<std::string> *errors) {
  std::vector<std::string> files;
  if (DIR *d = opendir(dir.c_str())) {
    while (dirent *e = readdir(d)) {
      std::string n = e->d_name;
      if (n.size() > 9 && n.compare(n.size() - 9, 9, ".h2rec.gz") == 0) {
        files.push_back(n);
      }
    }
    closedir(d);
  } else {
    errors->push_back(dir + ": cannot open directory");
  }
  std::sort(files.begin(), files.end());

  std::vector<Scenario> out;
  for (const std::string &f : files) {
    Recording rec;
    std::string err;
    if (!read_recording(dir + "/" + f, &rec, &err)) {
      errors->push_back(err);
      continue;
    }
    rec.name = f.substr(0, f.size() - 9);
    Direction c = decode_direction(ref, rec, '>');
    Direction s = decode_direction(ref, rec, '<');
    if (!c.error.empty() || !s.error.empty() || c.order.empty()) {
      errors->push_back(f + ": cannot decode: " + c.error + s.error +
                        (c.order.empty() ? " (no requests)" : ""));
      continue;
    }

    // Server side: the client's bytes in, the recorded responses out.
    Scenario srv;
    srv.name = "replay/" + rec.name + "/server";
    srv.server = true;
    srv.beh.auto_respond = true;
    srv.beh.response = status("404");
    srv.beh.response_body = -1;
    for (int32_t sid : s.order) {
      const Message &m = s.msgs[sid];
      Response r;
      r.nv = m.nv;
      r.content = m.body;
      r.body = m.end_stream_on_headers ? -1 : int64_t(m.body.size());
      r.trailer = m.trailer;
      srv.beh.responses[sid] = r;
    }
    Step st;
    st.kind = Step::SubmitSettings;
    st.iv = as_siv(s.settings);
    srv.steps.push_back(st);
    for (auto &seg : rec.segments) {
      if (seg.first == '>') {
        Step f;
        f.kind = Step::Feed;
        f.bytes = seg.second;
        srv.steps.push_back(std::move(f));
      }
    }
    out.push_back(std::move(srv));

    // Client side: the recorded requests submitted, the server's bytes in.
    Scenario cli;
    cli.name = "replay/" + rec.name + "/client";
    cli.server = false;
    st = Step();
    st.kind = Step::SubmitSettings;
    st.iv = as_siv(c.settings);
    cli.steps.push_back(st);
    for (uint32_t inc : c.conn_window_updates) {
      st = Step();
      st.kind = Step::SubmitWindowUpdate;
      st.sid = 0;
      st.n = inc;
      cli.steps.push_back(st);
    }
    if (c.order[0] != 1) {
      st = Step();
      st.kind = Step::SetNextStreamId;
      st.sid = c.order[0];
      cli.steps.push_back(st);
    }
    for (int32_t sid : c.order) {
      const Message &m = c.msgs[sid];
      st = Step();
      st.kind = Step::SubmitRequest;
      st.nv = m.nv;
      if (m.saw_data) {
        st.bytes = m.body;
        st.n = int64_t(m.body.size());
      }
      cli.steps.push_back(st);
    }
    st = Step();
    st.kind = Step::Send;
    cli.steps.push_back(st);
    for (auto &seg : rec.segments) {
      if (seg.first == '<') {
        Step f;
        f.kind = Step::Feed;
        f.bytes = seg.second;
        cli.steps.push_back(std::move(f));
      }
    }
    out.push_back(std::move(cli));
  }
  return out;
}

} // namespace sdiff

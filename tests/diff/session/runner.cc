#include "runner.h"

#include "wire_parser.h"

#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <deque>
#include <memory>
#include <random>

namespace sdiff {

namespace {

std::string fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
std::string fmt(const char *f, ...) {
  char buf[512];
  va_list ap;
  va_start(ap, f);
  vsnprintf(buf, sizeof buf, f, ap);
  va_end(ap);
  return buf;
}

std::string nva_text(const nghttp2_nv *nva, size_t n) {
  std::string s = "{";
  for (size_t i = 0; i < n; ++i) {
    s += " " + printable(nva[i].name, nva[i].namelen) + ": " +
         printable(nva[i].value, nva[i].valuelen, 200);
    if (nva[i].flags & NGHTTP2_NV_FLAG_NO_INDEX) {
      s += " (never-indexed)";
    }
    s += ";";
  }
  return s + " }";
}

// Owned copy of a header list in nghttp2_nv form, kept alive for a submit.
struct NvArray {
  std::vector<nghttp2_nv> v;
  explicit NvArray(const Nv &nv) {
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
  }
};

struct BodySrc {
  std::string content;
  size_t read_off = 0; // handed out by the read callback
  size_t sent_off = 0; // written by send_data (NO_COPY)
  Nv trailer;
};

struct Side {
  const Api *api;
  const Scenario *sc;
  const Behaviour *beh;
  nghttp2_session *s = nullptr;
  Trace *trace;
  WireParser *parser;
  RunHooks hooks;
  bool flipped = false;
  std::deque<std::unique_ptr<BodySrc>> bodies;
  std::map<std::string, int> counts;

  void rec(int32_t sid, std::string r) { trace->cb[sid].push_back(std::move(r)); }
  // 1-based invocation count of callback `name`; true when it equals nth.
  bool hit(const char *name, int nth) {
    int c = ++counts[name];
    return nth > 0 && c == nth;
  }

  nghttp2_data_provider provider(std::string content, Nv trailer) {
    auto b = std::make_unique<BodySrc>();
    b->content = std::move(content);
    b->trailer = std::move(trailer);
    nghttp2_data_provider p;
    p.source.ptr = b.get();
    p.read_callback = &Side::read_cb;
    bodies.push_back(std::move(b));
    return p;
  }

  void respond(int32_t sid) {
    Response r{beh->response, beh->response_body, "", beh->response_trailer};
    auto it = beh->responses.find(sid);
    if (it != beh->responses.end()) {
      r = it->second;
    }
    NvArray nva(r.nv);
    int rv;
    if (r.body < 0 && r.content.empty()) {
      rv = api->submit_response(s, sid, nva.v.data(), nva.v.size(), nullptr);
    } else {
      std::string content = r.content.empty()
                                ? body_bytes(sid, 0, size_t(r.body))
                                : r.content;
      nghttp2_data_provider p = provider(std::move(content), r.trailer);
      rv = api->submit_response(s, sid, nva.v.data(), nva.v.size(), &p);
    }
    rec(sid, fmt("  app submit_response -> %d", rv));
  }

  static Side *of(void *ud) { return static_cast<Side *>(ud); }

  static int begin_frame_cb(nghttp2_session *, const nghttp2_frame_hd *hd,
                            void *ud) {
    of(ud)->rec(hd->stream_id,
                fmt("begin_frame %s flags=0x%02x len=%zu", frame_type_name(hd->type),
                    hd->flags, hd->length));
    return 0;
  }

  static int frame_recv_cb(nghttp2_session *, const nghttp2_frame *f,
                           void *ud) {
    Side *sd = of(ud);
    int32_t sid = f->hd.stream_id;
    sd->rec(sid, "frame_recv " + describe_frame(f, false));
    if (sd->hit("frame_recv", sd->beh->fail_frame_recv_nth)) {
      sd->rec(sid, "  -> CALLBACK_FAILURE");
      return NGHTTP2_ERR_CALLBACK_FAILURE;
    }
    if (sd->sc->server && sd->beh->auto_respond && sid != 0 &&
        (f->hd.flags & NGHTTP2_FLAG_END_STREAM) &&
        (f->hd.type == NGHTTP2_DATA ||
         (f->hd.type == NGHTTP2_HEADERS &&
          f->headers.cat != NGHTTP2_HCAT_RESPONSE))) {
      sd->respond(sid);
    }
    return 0;
  }

  static int invalid_frame_recv_cb(nghttp2_session *, const nghttp2_frame *f,
                                   int err, void *ud) {
    of(ud)->rec(f->hd.stream_id,
                "invalid_frame_recv " + describe_frame(f, false) +
                    fmt(" err=%d", err));
    return 0;
  }

  static int data_chunk_cb(nghttp2_session *, uint8_t flags, int32_t sid,
                           const uint8_t *data, size_t len, void *ud) {
    Side *sd = of(ud);
    sd->rec(sid, fmt("data_chunk flags=0x%02x len=%zu \"", flags, len) +
                     printable(data, len) + "\"");
    if (sd->beh->consume_on_chunk) {
      int rv = sd->api->session_consume(sd->s, sid, len);
      sd->rec(sid, fmt("  app consume(%zu) -> %d", len, rv));
    }
    if (sd->hit("data_chunk", sd->beh->fail_data_nth)) {
      sd->rec(sid, "  -> CALLBACK_FAILURE");
      return NGHTTP2_ERR_CALLBACK_FAILURE;
    }
    if (sd->hit("data_chunk_pause", sd->beh->pause_data_nth)) {
      sd->rec(sid, "  -> PAUSE");
      return NGHTTP2_ERR_PAUSE;
    }
    return 0;
  }

  static int before_send_cb(nghttp2_session *, const nghttp2_frame *f,
                            void *ud) {
    Side *sd = of(ud);
    sd->rec(f->hd.stream_id, "before_send " + describe_frame(f, true));
    if (sd->beh->cancel_type == f->hd.type) {
      int c = ++sd->counts["cancel"];
      if (sd->beh->cancel_nth == 0 || c == sd->beh->cancel_nth) {
        sd->rec(f->hd.stream_id, "  -> CANCEL");
        return NGHTTP2_ERR_CANCEL;
      }
    }
    return 0;
  }

  static int frame_send_cb(nghttp2_session *, const nghttp2_frame *f,
                           void *ud) {
    Side *sd = of(ud);
    sd->rec(f->hd.stream_id, "frame_send " + describe_frame(f, true));
    if (sd->hit("frame_send", sd->beh->fail_frame_send_nth)) {
      sd->rec(f->hd.stream_id, "  -> CALLBACK_FAILURE");
      return NGHTTP2_ERR_CALLBACK_FAILURE;
    }
    return 0;
  }

  static int frame_not_send_cb(nghttp2_session *, const nghttp2_frame *f,
                               int err, void *ud) {
    of(ud)->rec(f->hd.stream_id,
                "frame_not_send " + describe_frame(f, true) + fmt(" err=%d", err));
    return 0;
  }

  static int stream_close_cb(nghttp2_session *, int32_t sid, uint32_t code,
                             void *ud) {
    Side *sd = of(ud);
    sd->rec(sid, fmt("stream_close code=%u", code));
    if (sd->hit("stream_close", sd->beh->fail_stream_close_nth)) {
      sd->rec(sid, "  -> CALLBACK_FAILURE");
      return NGHTTP2_ERR_CALLBACK_FAILURE;
    }
    return 0;
  }

  static int begin_headers_cb(nghttp2_session *, const nghttp2_frame *f,
                              void *ud) {
    Side *sd = of(ud);
    sd->rec(f->hd.stream_id, "begin_headers " + describe_frame(f, false));
    if (sd->hit("begin_headers", sd->beh->temporal_begin_headers_nth)) {
      sd->rec(f->hd.stream_id, "  -> TEMPORAL_CALLBACK_FAILURE");
      return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
    }
    return 0;
  }

  int header_common(const nghttp2_frame *f, std::string r) {
    int32_t sid = f->hd.stream_id;
    rec(sid, std::move(r));
    if (hit("header_tcf", beh->temporal_header_nth)) {
      rec(sid, "  -> TEMPORAL_CALLBACK_FAILURE");
      return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
    }
    if (hit("header_pause", beh->pause_header_nth)) {
      rec(sid, "  -> PAUSE");
      return NGHTTP2_ERR_PAUSE;
    }
    return 0;
  }

  std::string rcbuf_text(nghttp2_rcbuf *b, size_t keep) {
    nghttp2_vec v = api->rcbuf_get_buf(b);
    return printable(v.base, v.len, keep);
  }

  static int header2_cb(nghttp2_session *, const nghttp2_frame *f,
                        nghttp2_rcbuf *name, nghttp2_rcbuf *value,
                        uint8_t flags, void *ud) {
    Side *sd = of(ud);
    return sd->header_common(
        f, fmt("header cat=%d ", f->hd.type == NGHTTP2_HEADERS
                                     ? int(f->headers.cat)
                                     : -1) +
               sd->rcbuf_text(name, 64) + ": " + sd->rcbuf_text(value, 200) +
               fmt(" flags=0x%02x static=%d/%d", flags,
                   sd->api->rcbuf_is_static(name),
                   sd->api->rcbuf_is_static(value)));
  }

  static int header1_cb(nghttp2_session *, const nghttp2_frame *f,
                        const uint8_t *name, size_t namelen,
                        const uint8_t *value, size_t valuelen, uint8_t flags,
                        void *ud) {
    return of(ud)->header_common(
        f, "header1 " + printable(name, namelen) + ": " +
               printable(value, valuelen, 200) + fmt(" flags=0x%02x", flags));
  }

  int invalid_header_common(const nghttp2_frame *f, std::string r) {
    rec(f->hd.stream_id, std::move(r));
    if (hit("invalid_header", beh->temporal_invalid_header_nth)) {
      rec(f->hd.stream_id, "  -> TEMPORAL_CALLBACK_FAILURE");
      return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
    }
    return 0;
  }

  static int invalid_header2_cb(nghttp2_session *, const nghttp2_frame *f,
                                nghttp2_rcbuf *name, nghttp2_rcbuf *value,
                                uint8_t flags, void *ud) {
    Side *sd = of(ud);
    return sd->invalid_header_common(
        f, "invalid_header " + sd->rcbuf_text(name, 64) + ": " +
               sd->rcbuf_text(value, 200) + fmt(" flags=0x%02x", flags));
  }

  static int invalid_header1_cb(nghttp2_session *, const nghttp2_frame *f,
                                const uint8_t *name, size_t namelen,
                                const uint8_t *value, size_t valuelen,
                                uint8_t flags, void *ud) {
    return of(ud)->invalid_header_common(
        f, "invalid_header1 " + printable(name, namelen) + ": " +
               printable(value, valuelen, 200) + fmt(" flags=0x%02x", flags));
  }

  static int error_cb(nghttp2_session *, int code, const char *msg, size_t len,
                      void *ud) {
    of(ud)->rec(0, fmt("error code=%d msg=\"", code) +
                       printable(reinterpret_cast<const uint8_t *>(msg), len, 200) +
                       "\"");
    return 0;
  }

  static ssize_t padding_cb(nghttp2_session *, const nghttp2_frame *f,
                            size_t max_payloadlen, void *ud) {
    Side *sd = of(ud);
    // Header block sizes depend on HPACK choices; only the slack is comparable.
    bool block = f->hd.type != NGHTTP2_DATA;
    sd->rec(f->hd.stream_id,
            block ? fmt("select_padding %s room=%zu", frame_type_name(f->hd.type),
                        max_payloadlen - f->hd.length)
                  : fmt("select_padding DATA len=%zu max=%zu", f->hd.length,
                        max_payloadlen));
    size_t want = f->hd.length + sd->beh->padding;
    return ssize_t(want < max_payloadlen ? want : max_payloadlen);
  }

  static ssize_t read_length_cb(nghttp2_session *, uint8_t type, int32_t sid,
                                int32_t conn_win, int32_t stream_win,
                                uint32_t max_frame, void *ud) {
    Side *sd = of(ud);
    sd->rec(sid, fmt("read_length %s conn=%d stream=%d max_frame=%u",
                     frame_type_name(type), conn_win, stream_win, max_frame));
    int64_t n = conn_win < stream_win ? conn_win : stream_win;
    if (int64_t(max_frame) < n) {
      n = max_frame;
    }
    if (sd->beh->read_length_cap && int64_t(sd->beh->read_length_cap) < n) {
      n = int64_t(sd->beh->read_length_cap);
    }
    return ssize_t(n < 1 ? 1 : n);
  }

  static ssize_t read_cb(nghttp2_session *, int32_t sid, uint8_t *buf,
                         size_t length, uint32_t *data_flags,
                         nghttp2_data_source *source, void *ud) {
    Side *sd = of(ud);
    BodySrc *b = static_cast<BodySrc *>(source->ptr);
    sd->rec(sid, fmt("read len=%zu", length));
    const Behaviour *beh = sd->beh;
    if (sd->hit("read_defer", beh->defer_read_nth)) {
      sd->rec(sid, "  -> DEFERRED");
      return NGHTTP2_ERR_DEFERRED;
    }
    if (sd->hit("read_tcf", beh->temporal_read_nth)) {
      sd->rec(sid, "  -> TEMPORAL_CALLBACK_FAILURE");
      return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
    }
    if (sd->hit("read_fail", beh->fail_read_nth)) {
      sd->rec(sid, "  -> CALLBACK_FAILURE");
      return NGHTTP2_ERR_CALLBACK_FAILURE;
    }
    if (sd->hit("read_pause", beh->pause_read_nth)) {
      sd->rec(sid, "  -> PAUSE");
      return NGHTTP2_ERR_PAUSE;
    }
    size_t left = b->content.size() - b->read_off;
    size_t n = left < length ? left : length;
    if (beh->body_no_copy) {
      *data_flags |= NGHTTP2_DATA_FLAG_NO_COPY;
    } else {
      memcpy(buf, b->content.data() + b->read_off, n);
    }
    b->read_off += n;
    if (b->read_off == b->content.size()) {
      *data_flags |= NGHTTP2_DATA_FLAG_EOF;
      if (!b->trailer.empty()) {
        *data_flags |= NGHTTP2_DATA_FLAG_NO_END_STREAM;
        NvArray nva(b->trailer);
        int rv = sd->api->submit_trailer(sd->s, sid, nva.v.data(), nva.v.size());
        sd->rec(sid, fmt("  app submit_trailer -> %d", rv));
      }
    }
    sd->rec(sid, fmt("  -> %zu flags=0x%x", n, *data_flags));
    return ssize_t(n);
  }

  static int send_data_cb(nghttp2_session *, nghttp2_frame *f,
                          const uint8_t *framehd, size_t length,
                          nghttp2_data_source *source, void *ud) {
    Side *sd = of(ud);
    BodySrc *b = static_cast<BodySrc *>(source->ptr);
    sd->rec(f->hd.stream_id, fmt("send_data len=%zu padlen=%zu", length,
                                 f->data.padlen));
    std::string out(reinterpret_cast<const char *>(framehd), 9);
    if (f->data.padlen > 0) {
      out += char(f->data.padlen - 1);
    }
    out += b->content.substr(b->sent_off, length);
    b->sent_off += length;
    if (f->data.padlen > 1) {
      out += std::string(f->data.padlen - 1, '\0');
    }
    sd->parser->feed(reinterpret_cast<const uint8_t *>(out.data()), out.size());
    return 0;
  }

  static int ext_chunk_cb(nghttp2_session *, const nghttp2_frame_hd *hd,
                          const uint8_t *data, size_t len, void *ud) {
    of(ud)->rec(hd->stream_id, fmt("ext_chunk type=0x%02x len=%zu \"", hd->type,
                                   len) +
                                   printable(data, len) + "\"");
    return 0;
  }

  static int unpack_ext_cb(nghttp2_session *, void **payload,
                           const nghttp2_frame_hd *hd, void *ud) {
    of(ud)->rec(hd->stream_id, fmt("unpack_ext type=0x%02x flags=0x%02x len=%zu",
                                   hd->type, hd->flags, hd->length));
    *payload = nullptr;
    return 0;
  }

  void install(nghttp2_session_callbacks *cb) {
    api->session_callbacks_set_on_begin_frame_callback(cb, begin_frame_cb);
    api->session_callbacks_set_on_frame_recv_callback(cb, frame_recv_cb);
    api->session_callbacks_set_on_invalid_frame_recv_callback(
        cb, invalid_frame_recv_cb);
    api->session_callbacks_set_on_data_chunk_recv_callback(cb, data_chunk_cb);
    api->session_callbacks_set_before_frame_send_callback(cb, before_send_cb);
    api->session_callbacks_set_on_frame_send_callback(cb, frame_send_cb);
    api->session_callbacks_set_on_frame_not_send_callback(cb, frame_not_send_cb);
    api->session_callbacks_set_on_stream_close_callback(cb, stream_close_cb);
    api->session_callbacks_set_on_begin_headers_callback(cb, begin_headers_cb);
    if (beh->header_v1) {
      api->session_callbacks_set_on_header_callback(cb, header1_cb);
    } else {
      api->session_callbacks_set_on_header_callback2(cb, header2_cb);
    }
    if (!beh->no_invalid_header_cb) {
      if (beh->header_v1) {
        api->session_callbacks_set_on_invalid_header_callback(cb,
                                                              invalid_header1_cb);
      } else {
        api->session_callbacks_set_on_invalid_header_callback2(
            cb, invalid_header2_cb);
      }
    }
    api->session_callbacks_set_error_callback2(cb, error_cb);
    api->session_callbacks_set_select_padding_callback(cb, padding_cb);
    api->session_callbacks_set_data_source_read_length_callback(cb,
                                                                read_length_cb);
    api->session_callbacks_set_send_data_callback(cb, send_data_cb);
    api->session_callbacks_set_on_extension_chunk_recv_callback(cb,
                                                                ext_chunk_cb);
    api->session_callbacks_set_unpack_extension_callback(cb, unpack_ext_cb);
  }

  void drain() {
    for (int guard = 0; guard < 100000 && !trace->dead; ++guard) {
      const uint8_t *d = nullptr;
      ssize_t n = api->session_mem_send(s, &d);
      if (n < 0) {
        trace->api.push_back(fmt("mem_send -> %zd", n));
        trace->dead = true;
        return;
      }
      if (n == 0) {
        return;
      }
      if (hooks.flip_output_byte && !flipped) {
        flipped = true;
        trace->flipped = true;
        std::string copy(reinterpret_cast<const char *>(d), size_t(n));
        copy.back() = char(copy.back() ^ 0x01);
        parser->feed(reinterpret_cast<const uint8_t *>(copy.data()), copy.size());
        continue;
      }
      parser->feed(d, size_t(n));
    }
  }

  void feed(const std::string &bytes, const std::vector<size_t> &chunks) {
    size_t off = 0;
    for (size_t c : chunks) {
      size_t end = off + c;
      int zero_returns = 0;
      while (off < end && !trace->dead) {
        size_t len = end - off;
        ssize_t rv = api->session_mem_recv(
            s, reinterpret_cast<const uint8_t *>(bytes.data()) + off, len);
        if (rv < 0) {
          trace->api.push_back(fmt("mem_recv@%zu len=%zu -> %zd", off, len, rv));
          trace->dead = true;
          return;
        }
        if (size_t(rv) != len) {
          trace->api.push_back(fmt("mem_recv@%zu len=%zu -> %zd", off, len, rv));
        }
        if (rv == 0 && ++zero_returns > 3) {
          trace->api.push_back("mem_recv makes no progress; step abandoned");
          return;
        }
        off += size_t(rv);
      }
      drain();
      if (trace->dead) {
        return;
      }
    }
  }

  void state(size_t step) {
    trace->api.push_back(fmt(
        "  after step %zu: want_read=%d want_write=%d remote_window=%d "
        "local_window=%d recv_data=%d last_proc=%d next_sid=%u",
        step, api->session_want_read(s), api->session_want_write(s),
        api->session_get_remote_window_size(s),
        api->session_get_effective_local_window_size(s),
        api->session_get_effective_recv_data_length(s),
        api->session_get_last_proc_stream_id(s),
        api->session_get_next_stream_id(s)));
  }

  void probe(int32_t sid) {
    nghttp2_stream *st = api->session_find_stream(s, sid);
    trace->api.push_back(fmt(
        "  probe stream %d: %s state=%d local_close=%d remote_close=%d "
        "remote_window=%d local_window=%d recv_data=%d",
        sid, st ? "found" : "absent", st ? int(api->stream_get_state(st)) : 0,
        api->session_get_stream_local_close(s, sid),
        api->session_get_stream_remote_close(s, sid),
        api->session_get_stream_remote_window_size(s, sid),
        api->session_get_stream_effective_local_window_size(s, sid),
        api->session_get_stream_effective_recv_data_length(s, sid)));
  }
};

std::vector<size_t> plan_chunks(size_t n, const Chunking &ch, size_t step) {
  std::vector<size_t> out;
  if (n == 0) {
    return out;
  }
  switch (ch.mode) {
  case Chunking::Whole:
    out.push_back(n);
    break;
  case Chunking::Bytewise:
    out.assign(n, 1);
    break;
  case Chunking::Random: {
    std::mt19937 rng(ch.seed * 7919u + uint32_t(step) * 104729u);
    std::uniform_int_distribution<size_t> d(1, 37);
    while (n) {
      size_t c = d(rng);
      if (c > n) {
        c = n;
      }
      out.push_back(c);
      n -= c;
    }
    break;
  }
  }
  return out;
}

} // namespace

std::string describe_frame(const nghttp2_frame *f, bool sent) {
  const nghttp2_frame_hd &hd = f->hd;
  bool block = hd.type == NGHTTP2_HEADERS || hd.type == NGHTTP2_PUSH_PROMISE ||
               hd.type == NGHTTP2_CONTINUATION;
  std::string s = fmt("%s flags=0x%02x", frame_type_name(hd.type), hd.flags);
  // A sent header block's length reflects HPACK choices, not behaviour.
  if (!(sent && block)) {
    s += fmt(" len=%zu", hd.length);
  }
  switch (hd.type) {
  case NGHTTP2_DATA:
    s += fmt(" padlen=%zu", f->data.padlen);
    break;
  case NGHTTP2_HEADERS:
    s += fmt(" cat=%d padlen=%zu pri=(%d,%d,%d)", int(f->headers.cat),
             f->headers.padlen, f->headers.pri_spec.stream_id,
             f->headers.pri_spec.weight, int(f->headers.pri_spec.exclusive));
    if (sent) {
      s += " " + nva_text(f->headers.nva, f->headers.nvlen);
    } else if (f->headers.nva || f->headers.nvlen) {
      s += " (received frame carries nva)";
    }
    break;
  case NGHTTP2_PRIORITY:
    s += fmt(" pri=(%d,%d,%d)", f->priority.pri_spec.stream_id,
             f->priority.pri_spec.weight, int(f->priority.pri_spec.exclusive));
    break;
  case NGHTTP2_RST_STREAM:
    s += fmt(" code=%u", f->rst_stream.error_code);
    break;
  case NGHTTP2_SETTINGS:
    s += fmt(" niv=%zu", f->settings.niv);
    for (size_t i = 0; i < f->settings.niv && f->settings.iv; ++i) {
      s += fmt(" %d=%u", f->settings.iv[i].settings_id, f->settings.iv[i].value);
    }
    break;
  case NGHTTP2_PUSH_PROMISE:
    s += fmt(" promised=%d padlen=%zu", f->push_promise.promised_stream_id,
             f->push_promise.padlen);
    if (sent) {
      s += " " + nva_text(f->push_promise.nva, f->push_promise.nvlen);
    }
    break;
  case NGHTTP2_PING:
    s += " " + hex(f->ping.opaque_data, 8);
    break;
  case NGHTTP2_GOAWAY:
    s += fmt(" last=%d code=%u opaque=\"", f->goaway.last_stream_id,
             f->goaway.error_code) +
         printable(f->goaway.opaque_data, f->goaway.opaque_data_len) + "\"";
    break;
  case NGHTTP2_WINDOW_UPDATE:
    s += fmt(" inc=%d", f->window_update.window_size_increment);
    break;
  case NGHTTP2_ALTSVC:
    if (const auto *a = static_cast<const nghttp2_ext_altsvc *>(f->ext.payload)) {
      s += " origin=\"" + printable(a->origin, a->origin_len) + "\" value=\"" +
           printable(a->field_value, a->field_value_len) + "\"";
    }
    break;
  case NGHTTP2_ORIGIN:
    if (const auto *o = static_cast<const nghttp2_ext_origin *>(f->ext.payload)) {
      s += fmt(" nov=%zu", o->nov);
      for (size_t i = 0; i < o->nov; ++i) {
        s += " \"" + printable(o->ov[i].origin, o->ov[i].origin_len) + "\"";
      }
    }
    break;
  case NGHTTP2_PRIORITY_UPDATE:
    if (const auto *u =
            static_cast<const nghttp2_ext_priority_update *>(f->ext.payload)) {
      s += fmt(" prioritized=%d value=\"", u->stream_id) +
           printable(u->field_value, u->field_value_len) + "\"";
    }
    break;
  default:
    break;
  }
  return s;
}

Trace run_scenario(const Api *lib, const Api *ref, const Scenario &sc,
                   const Chunking &ch, const RunHooks &hooks) {
  Trace trace;
  WireParser parser(ref, !sc.server, &trace);
  Side side;
  side.api = lib;
  side.sc = &sc;
  side.beh = &sc.beh;
  side.trace = &trace;
  side.parser = &parser;
  side.hooks = hooks;

  nghttp2_session_callbacks *cbs = nullptr;
  lib->session_callbacks_new(&cbs);
  side.install(cbs);
  nghttp2_option *opt = nullptr;
  lib->option_new(&opt);
  const Options &o = sc.opt;
  lib->option_set_no_auto_window_update(opt, o.no_auto_window_update);
  if (o.peer_max_concurrent_streams >= 0) {
    lib->option_set_peer_max_concurrent_streams(
        opt, uint32_t(o.peer_max_concurrent_streams));
  }
  lib->option_set_no_recv_client_magic(opt, o.no_recv_client_magic);
  lib->option_set_no_http_messaging(opt, o.no_http_messaging);
  lib->option_set_no_auto_ping_ack(opt, o.no_auto_ping_ack);
  if (o.max_settings >= 0) {
    lib->option_set_max_settings(opt, size_t(o.max_settings));
  }
  if (o.max_continuations >= 0) {
    lib->option_set_max_continuations(opt, size_t(o.max_continuations));
  }
  if (o.max_reserved_remote_streams >= 0) {
    lib->option_set_max_reserved_remote_streams(
        opt, uint32_t(o.max_reserved_remote_streams));
  }
  for (uint8_t t : o.builtin_ext) {
    lib->option_set_builtin_recv_extension_type(opt, t);
  }
  for (uint8_t t : o.user_ext) {
    lib->option_set_user_recv_extension_type(opt, t);
  }
  int rv = sc.server ? lib->session_server_new2(&side.s, cbs, &side, opt)
                     : lib->session_client_new2(&side.s, cbs, &side, opt);
  lib->option_del(opt);
  lib->session_callbacks_del(cbs);
  trace.api.push_back(fmt("session_new -> %d", rv));
  if (rv != 0) {
    return trace;
  }
  nghttp2_session *s = side.s;

  for (size_t i = 0; i < sc.steps.size() && !trace.dead; ++i) {
    const Step &st = sc.steps[i];
    NvArray nva(st.nv);
    switch (st.kind) {
    case Step::Feed:
      for (uint32_t t : st.peer_table_sizes) {
        parser.expect_table_size(t);
      }
      side.feed(st.bytes, plan_chunks(st.bytes.size(), ch, i));
      break;
    case Step::Send:
      side.drain();
      break;
    case Step::SubmitSettings: {
      std::vector<nghttp2_settings_entry> iv;
      for (auto &e : st.iv) {
        iv.push_back({e.first, e.second});
      }
      trace.api.push_back(fmt("submit_settings -> %d",
                              lib->submit_settings(s, st.flags, iv.data(),
                                                   iv.size())));
      break;
    }
    case Step::SubmitRequest: {
      int32_t r;
      if (st.n < 0 && st.bytes.empty()) {
        r = lib->submit_request(s, nullptr, nva.v.data(), nva.v.size(),
                                nullptr, nullptr);
      } else {
        // The read callback gets the stream id, so the pattern can be built
        // before the id is known: it is the next id the session will use.
        int32_t next = int32_t(lib->session_get_next_stream_id(s));
        std::string content =
            st.bytes.empty() ? body_bytes(next, 0, size_t(st.n)) : st.bytes;
        nghttp2_data_provider p = side.provider(std::move(content), Nv());
        r = lib->submit_request(s, nullptr, nva.v.data(), nva.v.size(), &p,
                                nullptr);
      }
      trace.api.push_back(fmt("submit_request -> %d", r));
      break;
    }
    case Step::SubmitResponse: {
      int r;
      if (st.n < 0) {
        r = lib->submit_response(s, st.sid, nva.v.data(), nva.v.size(), nullptr);
      } else {
        nghttp2_data_provider p =
            side.provider(body_bytes(st.sid, 0, size_t(st.n)), Nv());
        r = lib->submit_response(s, st.sid, nva.v.data(), nva.v.size(), &p);
      }
      trace.api.push_back(fmt("submit_response(%d) -> %d", st.sid, r));
      break;
    }
    case Step::SubmitHeaders:
      trace.api.push_back(
          fmt("submit_headers(%d) -> %d", st.sid,
              lib->submit_headers(s, st.flags, st.sid, nullptr, nva.v.data(),
                                  nva.v.size(), nullptr)));
      break;
    case Step::SubmitData: {
      nghttp2_data_provider p =
          side.provider(body_bytes(st.sid, 0, size_t(st.n < 0 ? 0 : st.n)), Nv());
      trace.api.push_back(fmt("submit_data(%d) -> %d", st.sid,
                              lib->submit_data(s, st.flags, st.sid, &p)));
      break;
    }
    case Step::SubmitTrailer:
      trace.api.push_back(fmt("submit_trailer(%d) -> %d", st.sid,
                              lib->submit_trailer(s, st.sid, nva.v.data(),
                                                  nva.v.size())));
      break;
    case Step::SubmitRst:
      trace.api.push_back(fmt("submit_rst_stream(%d,%u) -> %d", st.sid, st.code,
                              lib->submit_rst_stream(s, 0, st.sid, st.code)));
      break;
    case Step::SubmitGoaway:
      trace.api.push_back(fmt(
          "submit_goaway(%d,%u) -> %d", st.sid, st.code,
          lib->submit_goaway(s, st.flags, st.sid, st.code,
                             reinterpret_cast<const uint8_t *>(st.bytes.data()),
                             st.bytes.size())));
      break;
    case Step::SubmitShutdownNotice:
      trace.api.push_back(
          fmt("submit_shutdown_notice -> %d", lib->submit_shutdown_notice(s)));
      break;
    case Step::SubmitPing: {
      const uint8_t *op =
          st.bytes.size() == 8
              ? reinterpret_cast<const uint8_t *>(st.bytes.data())
              : nullptr;
      trace.api.push_back(
          fmt("submit_ping -> %d", lib->submit_ping(s, st.flags, op)));
      break;
    }
    case Step::SubmitWindowUpdate:
      trace.api.push_back(fmt("submit_window_update(%d,%lld) -> %d", st.sid,
                              static_cast<long long>(st.n),
                              lib->submit_window_update(s, st.flags, st.sid,
                                                        int32_t(st.n))));
      break;
    case Step::SubmitPushPromise:
      trace.api.push_back(fmt("submit_push_promise(%d) -> %d", st.sid,
                              lib->submit_push_promise(s, 0, st.sid,
                                                       nva.v.data(),
                                                       nva.v.size(), nullptr)));
      break;
    case Step::Terminate:
      trace.api.push_back(fmt("terminate_session(%u) -> %d", st.code,
                              lib->session_terminate_session(s, st.code)));
      break;
    case Step::Terminate2:
      trace.api.push_back(fmt("terminate_session2(%d,%u) -> %d", st.sid, st.code,
                              lib->session_terminate_session2(s, st.sid,
                                                              st.code)));
      break;
    case Step::ResumeData:
      trace.api.push_back(fmt("resume_data(%d) -> %d", st.sid,
                              lib->session_resume_data(s, st.sid)));
      break;
    case Step::Consume:
      trace.api.push_back(fmt("consume(%d,%lld) -> %d", st.sid,
                              static_cast<long long>(st.n),
                              lib->session_consume(s, st.sid, size_t(st.n))));
      break;
    case Step::ConsumeConnection:
      trace.api.push_back(
          fmt("consume_connection(%lld) -> %d", static_cast<long long>(st.n),
              lib->session_consume_connection(s, size_t(st.n))));
      break;
    case Step::SetLocalWindowSize:
      trace.api.push_back(fmt("set_local_window_size(%d,%lld) -> %d", st.sid,
                              static_cast<long long>(st.n),
                              lib->session_set_local_window_size(
                                  s, st.flags, st.sid, int32_t(st.n))));
      break;
    case Step::SetNextStreamId:
      trace.api.push_back(fmt("set_next_stream_id(%d) -> %d", st.sid,
                              lib->session_set_next_stream_id(s, st.sid)));
      break;
    case Step::Probe:
      side.probe(st.sid);
      break;
    }
    if (!trace.dead) {
      side.state(i);
    }
  }
  parser.finish();
  lib->session_del(s);
  return trace;
}

} // namespace sdiff

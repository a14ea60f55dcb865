// The same client bytes into an upstream server session (dlopen) and an
// h2pool one, both driven by the same small application (answer every
// complete request with a body). The traces of what each library reports
// (frames received and sent, headers, DATA, stream closes, invalid frames,
// mem_recv/mem_send results) must match. Input layout as for
// session_server (session_script.h), cut to whole frames. Library error codes are compared
// only as "fatal or not"; RFC 7540 priority effects are not traced (listed
// in tests/diff/deviations.txt).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "ours.h"
#include "reference.h"
#include "session_script.h"
#include "target.h"

namespace {

#define SDIFF_API(X)                                                         \
  X(nghttp2_session_callbacks_new) X(nghttp2_session_callbacks_del)          \
  X(nghttp2_session_callbacks_set_on_frame_recv_callback)                    \
  X(nghttp2_session_callbacks_set_on_invalid_frame_recv_callback)            \
  X(nghttp2_session_callbacks_set_on_data_chunk_recv_callback)               \
  X(nghttp2_session_callbacks_set_on_stream_close_callback)                  \
  X(nghttp2_session_callbacks_set_on_header_callback)                        \
  X(nghttp2_session_callbacks_set_on_frame_send_callback)                    \
  X(nghttp2_session_callbacks_set_on_frame_not_send_callback)                \
  X(nghttp2_option_new) X(nghttp2_option_del)                                \
  X(nghttp2_option_set_no_recv_client_magic)                                 \
  X(nghttp2_option_set_no_http_messaging)                                    \
  X(nghttp2_session_server_new2) X(nghttp2_session_del)                      \
  X(nghttp2_session_mem_recv) X(nghttp2_session_mem_send)                    \
  X(nghttp2_submit_settings) X(nghttp2_submit_response) X(nghttp2_is_fatal)

struct Api {
#define SDIFF_MEMBER(n) decltype(&::n) n;
  SDIFF_API(SDIFF_MEMBER)
#undef SDIFF_MEMBER
};

const Api &ours_api() {
  static const Api a = {
#define SDIFF_OURS(n) ::n,
      SDIFF_API(SDIFF_OURS)
#undef SDIFF_OURS
  };
  return a;
}

const Api &ref_api() {
  static const Api a = {
#define SDIFF_REF(n) REF(n),
      SDIFF_API(SDIFF_REF)
#undef SDIFF_REF
  };
  return a;
}

struct Run {
  const Api *api;
  std::vector<std::string> trace;
  uint32_t body_left[64] = {};
  void add(const char *fmt, long a = 0, long b = 0, long c = 0, long d = 0) {
    char buf[128];
    std::snprintf(buf, sizeof buf, fmt, a, b, c, d);
    trace.push_back(buf);
  }
};

// H2POOL_FUZZ_RAW=1 turns off the allowances below (for showing a listed
// deviation with a file from fuzz/findings/).
bool raw_compare() {
  static const bool raw = std::getenv("H2POOL_FUZZ_RAW") != nullptr;
  return raw;
}

bool traced(uint8_t type) { return type != NGHTTP2_PRIORITY || raw_compare(); }

void frame_detail(Run *r, const char *dir, const nghttp2_frame *f) {
  char buf[160];
  int n = std::snprintf(buf, sizeof buf, "%s type=%u flags=0x%02x stream=%d",
                        dir, f->hd.type, f->hd.flags, f->hd.stream_id);
  // A sent header block's size is the encoder's choice, not behaviour.
  bool sent_block = dir[0] == 's' && (f->hd.type == NGHTTP2_HEADERS ||
                                      f->hd.type == NGHTTP2_PUSH_PROMISE);
  if (!sent_block)
    n += std::snprintf(buf + n, sizeof buf - n, " len=%zu", f->hd.length);
  switch (f->hd.type) {
    case NGHTTP2_RST_STREAM:
      std::snprintf(buf + n, sizeof buf - n, " error=%u", f->rst_stream.error_code);
      break;
    case NGHTTP2_GOAWAY:
      std::snprintf(buf + n, sizeof buf - n, " last=%d error=%u",
                    f->goaway.last_stream_id, f->goaway.error_code);
      break;
    case NGHTTP2_WINDOW_UPDATE:
      std::snprintf(buf + n, sizeof buf - n, " incr=%d",
                    f->window_update.window_size_increment);
      break;
    case NGHTTP2_SETTINGS:
      std::snprintf(buf + n, sizeof buf - n, " niv=%zu", f->settings.niv);
      break;
    default:
      break;
  }
  r->trace.push_back(buf);
}

ssize_t read_body(nghttp2_session *, int32_t id, uint8_t *buf, size_t len,
                  uint32_t *flags, nghttp2_data_source *, void *ud) {
  uint32_t &left = static_cast<Run *>(ud)->body_left[static_cast<uint32_t>(id) % 64];
  size_t n = std::min<size_t>(len, left);
  std::memset(buf, 'b', n);
  left -= static_cast<uint32_t>(n);
  if (!left) *flags |= NGHTTP2_DATA_FLAG_EOF;
  return static_cast<ssize_t>(n);
}

int on_frame_recv(nghttp2_session *s, const nghttp2_frame *f, void *ud) {
  auto *r = static_cast<Run *>(ud);
  if (traced(f->hd.type)) frame_detail(r, "recv", f);
  if (!(f->hd.flags & NGHTTP2_FLAG_END_STREAM)) return 0;
  if (f->hd.type != NGHTTP2_HEADERS && f->hd.type != NGHTTP2_DATA) return 0;
  int32_t id = f->hd.stream_id;
  r->body_left[static_cast<uint32_t>(id) % 64] = fuzz::response_body_len(id);
  nghttp2_data_provider prd;
  prd.source.ptr = r;
  prd.read_callback = read_body;
  int rv = r->api->nghttp2_submit_response(s, id, fuzz::kResponse, 2, &prd);
  r->add("submit_response stream=%ld ok=%ld", id, rv == 0);
  return 0;
}

int on_invalid(nghttp2_session *, const nghttp2_frame *f, int err, void *ud) {
  auto *r = static_cast<Run *>(ud);
  // For DATA that breaks HTTP messaging (e.g. content-length) newest
  // upstream reports the frame as invalid, 1.52 only resets the stream;
  // the RST_STREAM is traced either way.
  if (traced(f->hd.type) && (f->hd.type != NGHTTP2_DATA || raw_compare()))
    r->add("invalid type=%ld stream=%ld fatal=%ld", f->hd.type, f->hd.stream_id,
           r->api->nghttp2_is_fatal(err));
  return 0;
}

int on_data(nghttp2_session *, uint8_t, int32_t id, const uint8_t *, size_t len,
            void *ud) {
  static_cast<Run *>(ud)->add("data stream=%ld len=%ld", id, static_cast<long>(len));
  return 0;
}

int on_close(nghttp2_session *, int32_t id, uint32_t err, void *ud) {
  static_cast<Run *>(ud)->add("close stream=%ld error=%ld", id, err);
  return 0;
}

int on_header(nghttp2_session *, const nghttp2_frame *f, const uint8_t *name,
              size_t namelen, const uint8_t *value, size_t valuelen, uint8_t,
              void *ud) {
  auto *r = static_cast<Run *>(ud);
  std::string h = "header stream=" + std::to_string(f->hd.stream_id) + " " +
                  std::string(reinterpret_cast<const char *>(name), namelen) +
                  ": " +
                  std::string(reinterpret_cast<const char *>(value), valuelen);
  r->trace.push_back(h);
  return 0;
}

int on_send(nghttp2_session *, const nghttp2_frame *f, void *ud) {
  auto *r = static_cast<Run *>(ud);
  if (traced(f->hd.type)) frame_detail(r, "send", f);
  return 0;
}

int on_not_send(nghttp2_session *, const nghttp2_frame *f, int err, void *ud) {
  auto *r = static_cast<Run *>(ud);
  r->add("not_send type=%ld stream=%ld fatal=%ld", f->hd.type, f->hd.stream_id,
         r->api->nghttp2_is_fatal(err));
  return 0;
}

void run(Run &r, uint8_t options, size_t chunk, const uint8_t *data, size_t size) {
  const Api &a = *r.api;
  nghttp2_session_callbacks *cb;
  if (a.nghttp2_session_callbacks_new(&cb) != 0) std::abort();
  a.nghttp2_session_callbacks_set_on_frame_recv_callback(cb, on_frame_recv);
  a.nghttp2_session_callbacks_set_on_invalid_frame_recv_callback(cb, on_invalid);
  a.nghttp2_session_callbacks_set_on_data_chunk_recv_callback(cb, on_data);
  a.nghttp2_session_callbacks_set_on_stream_close_callback(cb, on_close);
  a.nghttp2_session_callbacks_set_on_header_callback(cb, on_header);
  a.nghttp2_session_callbacks_set_on_frame_send_callback(cb, on_send);
  a.nghttp2_session_callbacks_set_on_frame_not_send_callback(cb, on_not_send);
  nghttp2_option *opt;
  if (a.nghttp2_option_new(&opt) != 0) std::abort();
  if (options & fuzz::kNoClientMagic) a.nghttp2_option_set_no_recv_client_magic(opt, 1);
  if (options & fuzz::kNoHttpMessaging) a.nghttp2_option_set_no_http_messaging(opt, 1);
  nghttp2_session *s;
  if (a.nghttp2_session_server_new2(&s, cb, &r, opt) != 0) std::abort();
  a.nghttp2_option_del(opt);
  a.nghttp2_session_callbacks_del(cb);
  nghttp2_settings_entry iv[2] = {{NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, 100},
                                  {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, 65535}};
  a.nghttp2_submit_settings(s, NGHTTP2_FLAG_NONE, iv, 2);
  auto drain = [&] {
    for (int i = 0; i < 10000; ++i) {
      const uint8_t *out;
      ssize_t n = a.nghttp2_session_mem_send(s, &out);
      if (n <= 0) {
        if (n < 0) r.add("mem_send fatal=%ld", a.nghttp2_is_fatal(static_cast<int>(n)));
        return n == 0;
      }
    }
    return true;
  };
  bool ok = drain();
  while (ok && size > 0) {
    size_t n = std::min(chunk, size);
    ssize_t rv = a.nghttp2_session_mem_recv(s, data, n);
    if (rv < 0) {
      r.add("mem_recv failed fatal=%ld", a.nghttp2_is_fatal(static_cast<int>(rv)));
      break;
    }
    data += n;
    size -= n;
    ok = drain();
  }
  a.nghttp2_session_del(s);
}

}  // namespace

const char *fuzz_unavailable() { return fuzz::missing_session(); }

// The input up to the end of its last complete frame (after the client
// magic, when one is expected), without PRIORITY frames. Upstream reacts to
// a header block while it streams in, h2pool once the frame is whole; both
// are fine, so the diff only ever hands over whole frames, in one mem_recv
// call. PRIORITY frames are dropped for both libraries: newest upstream
// ignores them entirely while 1.52 validates them and builds its tree
// (rfc7540-priority.recv_priority_ignored in tests/diff/deviations.txt).
std::vector<uint8_t> whole_frames(const uint8_t *d, size_t size, bool magic) {
  std::vector<uint8_t> out;
  size_t off = magic ? 24 : 0;
  if (off > size) off = size;
  out.insert(out.end(), d, d + off);
  while (off + 9 <= size) {
    size_t len = static_cast<size_t>(d[off]) << 16 | d[off + 1] << 8 | d[off + 2];
    if (off + 9 + len > size) break;
    if (d[off + 3] != NGHTTP2_PRIORITY || raw_compare())
      out.insert(out.end(), d + off, d + off + 9 + len);
    off += 9 + len;
  }
  return out;
}

// A regular (non-pseudo) field that newest upstream, and h2pool, drop
// silently while Debian 1.52 makes it a stream error: an invalid name, a
// value that fails the RFC 9113 check, or a host that is no valid authority
// (fuzz/findings/, README).
bool ignored_by_newest(const nghttp2_nv &nv) {
  if (nv.namelen > 0 && nv.name[0] == ':') return false;
  if (nv.namelen == 0) return true;
  // The first byte outside the lowercase token set decides: an uppercase
  // letter is an error in both, anything else is ignored by newest.
  for (size_t i = 0; i < nv.namelen; ++i)
    if (!REF(nghttp2_check_header_name)(nv.name + i, 1))
      return !(nv.name[i] >= 'A' && nv.name[i] <= 'Z');
  // host is dropped when its value is no valid authority.
  if (nv.namelen == 4 && std::memcmp(nv.name, "host", 4) == 0 &&
      !REF(nghttp2_check_authority)(nv.value, nv.valuelen))
    return true;
  return !REF(nghttp2_check_header_value_rfc9113)(nv.value, nv.valuelen);
}

// True when some header block of the input (complete or not) has a field
// ignored_by_newest, decoded with upstream's inflater in connection order.
// Such inputs are not compared.
bool has_ignored_field(const uint8_t *d, size_t size, bool magic) {
  nghttp2_hd_inflater *inf = nullptr;
  if (REF(nghttp2_hd_inflate_new)(&inf) != 0) return false;
  bool found = false, broken = false;
  size_t off = magic ? 24 : 0;
  while (!found && !broken && off + 9 <= size) {
    size_t len = static_cast<size_t>(d[off]) << 16 | d[off + 1] << 8 | d[off + 2];
    uint8_t type = d[off + 3], flags = d[off + 4];
    if (off + 9 + len > size) break;
    const uint8_t *p = d + off + 9;
    off += 9 + len;
    if (type == NGHTTP2_HEADERS) {
      if (flags & NGHTTP2_FLAG_PADDED) {
        if (len < 1 || p[0] >= len) continue;
        len -= 1 + p[0];
        ++p;
      }
      if (flags & NGHTTP2_FLAG_PRIORITY) {
        if (len < 5) continue;
        p += 5;
        len -= 5;
      }
    } else if (type != NGHTTP2_CONTINUATION) {
      continue;
    }
    // Fragments go in as they come; the last one of a block is final.
    int final = (flags & NGHTTP2_FLAG_END_HEADERS) != 0;
    for (;;) {
      nghttp2_nv nv;
      int fl = 0;
      ssize_t r = REF(nghttp2_hd_inflate_hd2)(inf, &nv, &fl, p, len, final);
      if (r < 0) {
        broken = true;
        break;
      }
      p += r;
      len -= static_cast<size_t>(r);
      if ((fl & NGHTTP2_HD_INFLATE_EMIT) && ignored_by_newest(nv)) found = true;
      if (fl & NGHTTP2_HD_INFLATE_FINAL) {
        REF(nghttp2_hd_inflate_end_headers)(inf);
        break;
      }
      if (r == 0 && !(fl & NGHTTP2_HD_INFLATE_EMIT)) break;
    }
  }
  REF(nghttp2_hd_inflate_del)(inf);
  return found;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 2) return 0;
  // Only the options both libraries share in behaviour are honoured; the
  // piece-size byte is ignored (see whole_frames).
  uint8_t options = data[0] & (fuzz::kNoClientMagic | fuzz::kNoHttpMessaging);
  bool magic = !(options & fuzz::kNoClientMagic);
  std::vector<uint8_t> in = whole_frames(data + 2, size - 2, magic);
  if (in.empty() ||
      (!raw_compare() && has_ignored_field(in.data(), in.size(), magic)))
    return 0;
  Run up{&ref_api(), {}}, ours{&ours_api(), {}};
  run(up, options, in.size(), in.data(), in.size());
  run(ours, options, in.size(), in.data(), in.size());
  if (std::getenv("H2POOL_FUZZ_TRACE"))  // for reading a case by hand
    for (size_t k = 0; k < up.trace.size() || k < ours.trace.size(); ++k)
      std::fprintf(stderr, "  %3zu upstream: %-60s | h2pool: %s\n", k,
                   k < up.trace.size() ? up.trace[k].c_str() : "-",
                   k < ours.trace.size() ? ours.trace[k].c_str() : "-");
  if (up.trace == ours.trace) return 0;
  size_t i = 0;
  while (i < up.trace.size() && i < ours.trace.size() && up.trace[i] == ours.trace[i]) ++i;
  std::fprintf(stderr, "session_diff: traces differ at event %zu\n", i);
  size_t from = i > 5 ? i - 5 : 0;
  for (size_t k = from; k < i + 5 && (k < up.trace.size() || k < ours.trace.size()); ++k)
    std::fprintf(stderr, "  %3zu upstream: %-60s | h2pool: %s\n", k,
                 k < up.trace.size() ? up.trace[k].c_str() : "-",
                 k < ours.trace.size() ? ours.trace[k].c_str() : "-");
  std::abort();
}

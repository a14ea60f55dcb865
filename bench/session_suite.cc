// A client and a server session wired back to back in memory: whatever one
// side's mem_send produces goes straight into the other's mem_recv. Nothing
// in the loop allocates, so every allocation counted is the library's.
#include <algorithm>
#include <cstring>
#include <memory>

#include "suites.h"

namespace bench {

namespace {

constexpr size_t kSlots = 4096;  // more than the most concurrent streams
constexpr int kMaxStreams = 1000;

uint8_t g_body[16384];

enum class Respond { kNone, kBody };

// user_data of one session.
struct Peer {
  const Api *api = nullptr;
  nghttp2_session *s = nullptr;
  bool server = false;
  Respond respond = Respond::kBody;
  uint64_t body_len = 1024;
  uint64_t remaining[kSlots] = {};
  uint64_t requests = 0, closed = 0, data_bytes = 0, headers = 0;
  int32_t ids[kMaxStreams] = {};
};

const nghttp2_nv kStatus[] = {
    {(uint8_t *)":status", (uint8_t *)"200", 7, 3, NGHTTP2_NV_FLAG_NONE},
    {(uint8_t *)"server", (uint8_t *)"bench", 6, 5, NGHTTP2_NV_FLAG_NONE},
};
const nghttp2_nv kRequest[] = {
    {(uint8_t *)":method", (uint8_t *)"GET", 7, 3, NGHTTP2_NV_FLAG_NONE},
    {(uint8_t *)":scheme", (uint8_t *)"https", 7, 5, NGHTTP2_NV_FLAG_NONE},
    {(uint8_t *)":authority", (uint8_t *)"example.org", 10, 11,
     NGHTTP2_NV_FLAG_NONE},
    {(uint8_t *)":path", (uint8_t *)"/index.html", 5, 11, NGHTTP2_NV_FLAG_NONE},
    {(uint8_t *)"user-agent", (uint8_t *)"h2pool-bench", 10, 12,
     NGHTTP2_NV_FLAG_NONE},
};

size_t slot(int32_t stream_id) {
  return (static_cast<uint32_t>(stream_id) >> 1) % kSlots;
}

ssize_t read_body(nghttp2_session *, int32_t stream_id, uint8_t *buf,
                  size_t length, uint32_t *data_flags, nghttp2_data_source *,
                  void *user_data) {
  auto *p = static_cast<Peer *>(user_data);
  uint64_t &left = p->remaining[slot(stream_id)];
  size_t n = static_cast<size_t>(std::min<uint64_t>(length, left));
  for (size_t off = 0; off < n;) {
    size_t k = std::min(n - off, sizeof g_body);
    std::memcpy(buf + off, g_body, k);
    off += k;
  }
  left -= n;
  if (left == 0) *data_flags |= NGHTTP2_DATA_FLAG_EOF;
  return static_cast<ssize_t>(n);
}

int on_frame_recv(nghttp2_session *s, const nghttp2_frame *f, void *ud) {
  auto *p = static_cast<Peer *>(ud);
  if (!p->server || f->hd.type != NGHTTP2_HEADERS ||
      f->headers.cat != NGHTTP2_HCAT_REQUEST ||
      !(f->hd.flags & NGHTTP2_FLAG_END_STREAM))
    return 0;
  ++p->requests;
  if (p->respond == Respond::kNone) return 0;
  p->remaining[slot(f->hd.stream_id)] = p->body_len;
  nghttp2_data_provider prd;
  prd.source.ptr = p;
  prd.read_callback = read_body;
  return p->api->nghttp2_submit_response(s, f->hd.stream_id, kStatus, 2,
                                         p->body_len ? &prd : nullptr);
}

int on_data(nghttp2_session *, uint8_t, int32_t, const uint8_t *, size_t len,
            void *ud) {
  static_cast<Peer *>(ud)->data_bytes += len;
  return 0;
}

int on_close(nghttp2_session *, int32_t, uint32_t, void *ud) {
  static_cast<Peer *>(ud)->closed++;
  return 0;
}

int on_header(nghttp2_session *, const nghttp2_frame *, const uint8_t *,
              size_t, const uint8_t *, size_t, uint8_t, void *ud) {
  static_cast<Peer *>(ud)->headers++;
  return 0;
}

// Moves bytes both ways until neither side has anything to send.
bool pump(Peer &a, Peer &b, std::string &err) {
  const Api &api = *a.api;
  for (long iter = 0; iter < 50'000'000; ++iter) {
    bool moved = false;
    for (int dir = 0; dir < 2; ++dir) {
      Peer &from = dir ? b : a, &to = dir ? a : b;
      for (;;) {
        const uint8_t *data = nullptr;
        ssize_t n = api.nghttp2_session_mem_send(from.s, &data);
        if (n < 0) {
          err = api.label + ": mem_send " + std::to_string(n);
          return false;
        }
        if (n == 0) break;
        moved = true;
        ssize_t r = api.nghttp2_session_mem_recv(to.s, data,
                                                 static_cast<size_t>(n));
        if (r != n) {
          err = api.label + ": mem_recv returned " + std::to_string(r) +
                " for " + std::to_string(n) + " bytes";
          return false;
        }
      }
    }
    if (!moved) return true;
  }
  err = api.label + ": sessions never went quiet";
  return false;
}

// Both sessions of one library, each with its own counting allocator.
struct Pair2 {
  CountingMem cmem, smem;
  std::unique_ptr<Peer> client = std::make_unique<Peer>();
  std::unique_ptr<Peer> server = std::make_unique<Peer>();
  const Api *api = nullptr;

  ~Pair2() {
    if (client->s) api->nghttp2_session_del(client->s);
    if (server->s) api->nghttp2_session_del(server->s);
  }
  AllocStats mem() const { return cmem.stats() + smem.stats(); }
};

// window > 65535 raises the client's stream and connection windows, so
// flow control does not throttle bulk transfers.
bool open_pair(const Api &api, Pair2 &p, int32_t window, std::string &err) {
  p.api = &api;
  p.client->api = p.server->api = &api;
  p.server->server = true;
  nghttp2_session_callbacks *cb = nullptr;
  if (api.nghttp2_session_callbacks_new(&cb) != 0) {
    err = api.label + ": callbacks_new failed";
    return false;
  }
  api.nghttp2_session_callbacks_set_on_frame_recv_callback(cb, on_frame_recv);
  api.nghttp2_session_callbacks_set_on_data_chunk_recv_callback(cb, on_data);
  api.nghttp2_session_callbacks_set_on_stream_close_callback(cb, on_close);
  api.nghttp2_session_callbacks_set_on_header_callback(cb, on_header);
  int rc1 = api.nghttp2_session_client_new3(&p.client->s, cb, p.client.get(),
                                            nullptr, p.cmem.table());
  int rc2 = api.nghttp2_session_server_new3(&p.server->s, cb, p.server.get(),
                                            nullptr, p.smem.table());
  api.nghttp2_session_callbacks_del(cb);
  if (rc1 || rc2) {
    err = api.label + ": session_new failed";
    return false;
  }
  nghttp2_settings_entry iv[1] = {
      {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, static_cast<uint32_t>(window)}};
  bool big = window > 65535;
  if (api.nghttp2_submit_settings(p.client->s, NGHTTP2_FLAG_NONE, iv,
                                  big ? 1 : 0) != 0 ||
      api.nghttp2_submit_settings(p.server->s, NGHTTP2_FLAG_NONE, nullptr,
                                  0) != 0) {
    err = api.label + ": submit_settings failed";
    return false;
  }
  if (big && api.nghttp2_session_set_local_window_size(
                 p.client->s, NGHTTP2_FLAG_NONE, 0, window) != 0) {
    err = api.label + ": set_local_window_size failed";
    return false;
  }
  return pump(*p.client, *p.server, err);
}

// Submits n GET requests (END_STREAM, no body) from the client.
bool submit_requests(Pair2 &p, int n, std::string &err) {
  for (int i = 0; i < n; ++i) {
    int32_t id = p.api->nghttp2_submit_request(p.client->s, nullptr, kRequest,
                                               5, nullptr, nullptr);
    if (id <= 0) {
      err = p.api->label + ": submit_request " + std::to_string(id);
      return false;
    }
    if (i < kMaxStreams) p.client->ids[i] = id;
  }
  return true;
}

// n requests with responses, run to completion; checks every byte arrived.
bool cycle(Pair2 &p, int n, std::string &err) {
  uint64_t closed = p.client->closed, bytes = p.client->data_bytes;
  if (!submit_requests(p, n, err) || !pump(*p.client, *p.server, err))
    return false;
  if (p.client->closed - closed != static_cast<uint64_t>(n) ||
      p.client->data_bytes - bytes != n * p.server->body_len) {
    err = p.api->label + ": " + std::to_string(p.client->closed - closed) +
          " of " + std::to_string(n) + " streams completed, " +
          std::to_string(p.client->data_bytes - bytes) + " body bytes";
    return false;
  }
  return true;
}

struct Both {
  Pair2 pair[2];
  std::string err;
  bool failed() const { return !err.empty(); }
};

bool open_both(const Api *apis[2], Both &b, int32_t window) {
  for (int i = 0; i < 2; ++i)
    if (!open_pair(*apis[i], b.pair[i], window, b.err)) return false;
  return true;
}

// Times `ops` calls of op on one pair; units = ops * per_op.
template <class F>
Sample timed(Pair2 &p, int ops, double per_op, F op, std::string &err) {
  Sample s;
  AllocStats m0 = p.mem(), p0 = process_allocs();
  uint64_t t0 = now_ns();
  for (int i = 0; i < ops && err.empty(); ++i) op(p);
  s.ns = static_cast<double>(now_ns() - t0);
  s.mem = p.mem() - m0;
  s.proc = process_allocs() - p0;
  s.units = ops * per_op;
  return s;
}

}  // namespace

bool run_session(const Api &ref, const Api &ours, const Options &opt,
                 Report &report, std::string &err) {
  const Api *apis[2] = {&ref, &ours};
  const int reps = opt.reps;
  std::memset(g_body, 'x', sizeof g_body);

  {  // request cycle: GET, 200 with a 1 KiB body
    Both b;
    if (!open_both(apis, b, 65535)) return err = b.err, false;
    int n = opt.quick ? 1000 : 20000;
    for (Pair2 &p : b.pair)
      if (!cycle(p, opt.quick ? 100 : 2000, b.err)) return err = b.err, false;
    Pair r = interleave(reps, [&](int side) {
      return timed(b.pair[side], n, 1,
                   [&](Pair2 &p) { cycle(p, 1, b.err); }, b.err);
    });
    if (b.failed()) return err = b.err, false;
    Result res{"request_cycle", {}, "GET + 200 with 1 KiB body, steady state"};
    add_standard(res, "request", r);
    report.add(res);
  }

  {  // stream creation: client opens, server receives; closed untimed
    Both b;
    if (!open_both(apis, b, 65535)) return err = b.err, false;
    const int batch = 100, batches = opt.quick ? 10 : 100;
    for (Pair2 &p : b.pair) p.server->respond = Respond::kNone;
    auto open_close = [&](Pair2 &p, Sample &acc) {
      AllocStats m0 = p.mem(), p0 = process_allocs();
      uint64_t t0 = now_ns();
      if (!submit_requests(p, batch, b.err) ||
          !pump(*p.client, *p.server, b.err))
        return;
      acc.ns += static_cast<double>(now_ns() - t0);
      acc.mem += p.mem() - m0;
      acc.proc += process_allocs() - p0;
      acc.units += batch;
      uint64_t closed = p.client->closed;
      // The server answers each stream with a bodiless 200, which closes
      // it on both sides. (Client RST_STREAMs would trip upstream's reset
      // flood limit after 1000 streams.)
      for (int i = 0; i < batch; ++i) {
        int rv = p.api->nghttp2_submit_response(
            p.server->s, p.client->ids[i], kStatus, 2, nullptr);
        if (rv != 0) {
          b.err = p.api->label + ": submit_response " + std::to_string(rv);
          return;
        }
      }
      if (pump(*p.client, *p.server, b.err) &&
          p.client->closed - closed != static_cast<uint64_t>(batch))
        b.err = p.api->label + ": responses closed " +
                std::to_string(p.client->closed - closed) + " of " +
                std::to_string(batch) + " streams";
    };
    for (Pair2 &p : b.pair) {
      Sample warm;
      open_close(p, warm);
    }
    Pair r = interleave(reps, [&](int side) {
      Sample s;
      s.units = 0;
      for (int i = 0; i < batches && !b.failed(); ++i)
        open_close(b.pair[side], s);
      if (s.units == 0) s.units = 1;
      return s;
    });
    if (b.failed()) return err = b.err, false;
    Result res{"stream_create", {},
               "client submit + send, server receives HEADERS; batches of "
               "100, closed untimed by bodiless responses"};
    add_standard(res, "stream", r);
    report.add(res);
  }

  for (int conc : {100, 1000}) {  // concurrent streams, 1 KiB each
    Both b;
    if (!open_both(apis, b, 65535)) return err = b.err, false;
    for (Pair2 &p : b.pair)
      if (!cycle(p, conc, b.err)) return err = b.err, false;
    int ops = opt.quick ? 1 : std::max(1, 20000 / conc);
    Pair r = interleave(reps, [&](int side) {
      return timed(b.pair[side], ops, conc,
                   [&](Pair2 &p) { cycle(p, conc, b.err); }, b.err);
    });
    if (b.failed()) return err = b.err, false;
    Result res{"concurrent_" + std::to_string(conc), {},
               std::to_string(conc) +
                   " GETs in flight at once, 200 with 1 KiB body each"};
    add_standard(res, "stream", r);
    report.add(res);
  }

  {  // bulk DATA on one stream
    Both b;
    const int32_t window = 16 << 20;
    if (!open_both(apis, b, window)) return err = b.err, false;
    uint64_t body = opt.quick ? (8u << 20) : (64u << 20);
    for (Pair2 &p : b.pair) {
      p.server->body_len = body;
      if (!cycle(p, 1, b.err)) return err = b.err, false;
    }
    Pair r = interleave(opt.quick ? 1 : std::min(reps, 7), [&](int side) {
      return timed(b.pair[side], 1, 1,
                   [&](Pair2 &p) { cycle(p, 1, b.err); }, b.err);
    });
    if (b.failed()) return err = b.err, false;
    std::string mib = std::to_string(body >> 20) + "MiB";
    Result res{"bulk_data_" + mib, {},
               "one stream, 16 KiB DATA frames, windows 16 MiB"};
    add_standard(res, "transfer", r);
    double mb = static_cast<double>(body) / (1 << 20);
    res.add("MiB/s", mb / (median(r.ref_ns) / 1e9),
            mb / (median(r.ours_ns) / 1e9));
    report.add(res);
  }

  {  // memory held: idle sessions, then per open stream
    Result res{"session_memory", {},
               "live bytes in the counting nghttp2_mem after the SETTINGS "
               "exchange; per stream with 1000 open (half-closed) streams"};
    double v[2][6];
    for (int side = 0; side < 2; ++side) {
      Pair2 p;
      std::string e;
      if (!open_pair(*apis[side], p, 65535, e)) return err = e, false;
      p.server->respond = Respond::kNone;
      double c0 = static_cast<double>(p.cmem.live_bytes());
      double s0 = static_cast<double>(p.smem.live_bytes());
      if (!submit_requests(p, kMaxStreams, e) || !pump(*p.client, *p.server, e))
        return err = e, false;
      if (p.server->requests != static_cast<uint64_t>(kMaxStreams))
        return err = apis[side]->label + ": server saw " +
                     std::to_string(p.server->requests) + " requests",
               false;
      v[side][0] = s0;
      v[side][1] = c0;
      v[side][2] = (p.smem.live_bytes() - s0) / kMaxStreams;
      v[side][3] = (p.cmem.live_bytes() - c0) / kMaxStreams;
      v[side][4] = static_cast<double>(p.smem.peak_bytes());
      v[side][5] = static_cast<double>(p.cmem.peak_bytes());
    }
    const char *names[6] = {"idle server B",     "idle client B",
                            "server B/stream",   "client B/stream",
                            "server peak B",     "client peak B"};
    for (int i = 0; i < 6; ++i) res.add(names[i], v[0][i], v[1][i]);
    report.add(res);
  }
  return true;
}

}  // namespace bench

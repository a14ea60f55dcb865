// Runs one complete client/server conversation (SETTINGS, PING, requests
// with bodies and trailers, a reset stream, GOAWAY) through a counting
// nghttp2_mem: first to count its N allocations, then once for every n in
// 1..N with the n-th allocation refused. Every call must either succeed or
// report NGHTTP2_ERR_NOMEM (NGHTTP2_ERR_CALLBACK_FAILURE from mem_recv when
// our own callback saw NOMEM), nothing may crash, and once both sessions are
// deleted no byte may remain allocated.
//
// --stride=K tests every K-th n only (default 1: all of them).
#include <nghttp2/nghttp2.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>

#include "../dos/counting_mem.h"

namespace {

constexpr size_t kRequestBody = 20000;
constexpr size_t kResponseBody = 5000;

struct Peer {
  nghttp2_session *s = nullptr;
  bool server = false;
  int error = 0; // first failure a callback saw
  std::map<int32_t, size_t> body_left;
  std::map<int32_t, bool> trailers_wanted;
  std::map<int32_t, bool> stalled; // body never ready: the stream stays open
  // observations, checked on the run without failures
  size_t data_bytes = 0;
  size_t responses = 0;
  size_t trailer_fields = 0;
  size_t ping_acks = 0;
  size_t goaways = 0;
  size_t resets = 0;
  uint32_t goaway_error = 0;
};

nghttp2_nv nv(const char *n, const char *v) {
  return {(uint8_t *)n, (uint8_t *)v, strlen(n), strlen(v),
          NGHTTP2_NV_FLAG_NONE};
}

nghttp2_ssize read_body(nghttp2_session *s, int32_t sid, uint8_t *buf,
                        size_t length, uint32_t *flags, nghttp2_data_source *,
                        void *ud) {
  auto *p = static_cast<Peer *>(ud);
  if (p->stalled[sid]) return NGHTTP2_ERR_DEFERRED;
  size_t &left = p->body_left[sid];
  const size_t n = length < left ? length : left;
  memset(buf, 'x', n);
  left -= n;
  if (left == 0) {
    *flags |= NGHTTP2_DATA_FLAG_EOF;
    if (p->trailers_wanted[sid]) {
      nghttp2_nv tr[] = {nv("x-checksum", "abc")};
      const int rv = nghttp2_submit_trailer(s, sid, tr, 1);
      if (rv != 0) {
        if (!p->error) p->error = rv;
        return NGHTTP2_ERR_CALLBACK_FAILURE;
      }
      *flags |= NGHTTP2_DATA_FLAG_NO_END_STREAM;
    }
  }
  return nghttp2_ssize(n);
}

int on_frame_recv(nghttp2_session *s, const nghttp2_frame *f, void *ud) {
  auto *p = static_cast<Peer *>(ud);
  if (f->hd.type == NGHTTP2_PING && (f->hd.flags & NGHTTP2_FLAG_ACK))
    ++p->ping_acks;
  if (f->hd.type == NGHTTP2_GOAWAY) {
    ++p->goaways;
    if (!p->goaway_error) p->goaway_error = f->goaway.error_code;
  }
  if (f->hd.type == NGHTTP2_RST_STREAM) ++p->resets;
  if (!p->server) {
    if (f->hd.type == NGHTTP2_HEADERS && f->headers.cat == NGHTTP2_HCAT_RESPONSE)
      ++p->responses;
    return 0;
  }
  if ((f->hd.type == NGHTTP2_HEADERS || f->hd.type == NGHTTP2_DATA) &&
      (f->hd.flags & NGHTTP2_FLAG_END_STREAM)) {
    p->body_left[f->hd.stream_id] = kResponseBody;
    nghttp2_nv hdrs[] = {nv(":status", "200"), nv("server", "failmalloc")};
    nghttp2_data_provider2 prd{};
    prd.read_callback = read_body;
    const int rv = nghttp2_submit_response2(s, f->hd.stream_id, hdrs, 2, &prd);
    if (rv != 0) {
      if (!p->error) p->error = rv;
      return NGHTTP2_ERR_CALLBACK_FAILURE;
    }
  }
  return 0;
}

int on_header(nghttp2_session *, const nghttp2_frame *f, const uint8_t *name,
              size_t namelen, const uint8_t *, size_t, uint8_t, void *ud) {
  auto *p = static_cast<Peer *>(ud);
  if (p->server && f->headers.cat == NGHTTP2_HCAT_HEADERS &&
      namelen == 10 && memcmp(name, "x-checksum", 10) == 0)
    ++p->trailer_fields;
  return 0;
}

int on_data(nghttp2_session *, uint8_t, int32_t, const uint8_t *, size_t len,
            void *ud) {
  static_cast<Peer *>(ud)->data_bytes += len;
  return 0;
}

bool acceptable(long rv) {
  return rv == NGHTTP2_ERR_NOMEM || rv == NGHTTP2_ERR_CALLBACK_FAILURE;
}

// Moves everything `from` wants to write into `to`. Returns 0, or the first
// error either side reported.
long pump(Peer &from, Peer &to, bool *moved) {
  for (;;) {
    const uint8_t *data = nullptr;
    const nghttp2_ssize n = nghttp2_session_mem_send2(from.s, &data);
    if (n < 0) return long(n);
    if (n == 0) return 0;
    *moved = true;
    const nghttp2_ssize r = nghttp2_session_mem_recv2(to.s, data, size_t(n));
    if (r < 0) return long(r);
    if (r != n) return -1; // a short read is a bug, never allowed
  }
}

long exchange(Peer &c, Peer &sv) {
  for (int round = 0; round < 100; ++round) {
    bool moved = false;
    long rv = pump(c, sv, &moved);
    if (rv) return rv;
    rv = pump(sv, c, &moved);
    if (rv) return rv;
    if (!moved) return 0;
  }
  return -2; // the conversation never settles: a bug
}

struct Result {
  long rv = 0; // 0 = completed
  const char *step = "";
  Peer client, server;
};

// Each step either succeeds or ends the conversation with its error.
#define STEP(name, expr)                                                      \
  do {                                                                        \
    const long rv_ = long(expr);                                              \
    if (rv_ < 0) {                                                            \
      res.rv = rv_;                                                           \
      res.step = name;                                                        \
      goto done;                                                              \
    }                                                                         \
  } while (0)

void conversation(h2test::CountingMem &cm, Result &res) {
  nghttp2_mem mem = cm.mem();
  nghttp2_session_callbacks *cbs = nullptr;
  if (nghttp2_session_callbacks_new(&cbs) != 0) abort();
  nghttp2_session_callbacks_set_on_frame_recv_callback(cbs, on_frame_recv);
  nghttp2_session_callbacks_set_on_header_callback(cbs, on_header);
  nghttp2_session_callbacks_set_on_data_chunk_recv_callback(cbs, on_data);
  Peer &c = res.client, &sv = res.server;
  sv.server = true;
  nghttp2_settings_entry iv[] = {{NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, 100},
                                 {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, 32768}};
  nghttp2_nv get[] = {nv(":method", "GET"), nv(":scheme", "https"),
                      nv(":path", "/index.html"), nv(":authority", "example.org"),
                      nv("user-agent", "failmalloc")};
  nghttp2_nv post[] = {nv(":method", "POST"), nv(":scheme", "https"),
                       nv(":path", "/upload"), nv(":authority", "example.org"),
                       nv("te", "trailers")};
  nghttp2_data_provider2 prd{};
  prd.read_callback = read_body;
  int32_t sid = 0;
  const uint8_t opaque[8] = {1, 2, 3, 4, 5, 6, 7, 8};

  STEP("client_new", nghttp2_session_client_new3(&c.s, cbs, &c, nullptr, &mem));
  STEP("server_new", nghttp2_session_server_new3(&sv.s, cbs, &sv, nullptr, &mem));
  STEP("client settings", nghttp2_submit_settings(c.s, 0, iv, 2));
  STEP("server settings", nghttp2_submit_settings(sv.s, 0, iv, 1));
  STEP("request GET", sid = nghttp2_submit_request2(c.s, nullptr, get, 5, nullptr, nullptr));
  STEP("request POST", sid = nghttp2_submit_request2(c.s, nullptr, post, 5, &prd, nullptr));
  c.body_left[sid] = kRequestBody;
  STEP("request POST+trailers",
       sid = nghttp2_submit_request2(c.s, nullptr, post, 5, &prd, nullptr));
  c.body_left[sid] = kRequestBody;
  c.trailers_wanted[sid] = true;
  STEP("ping", nghttp2_submit_ping(c.s, 0, opaque));
  STEP("exchange 1", exchange(c, sv));
  // A request the client gives up on before the server answers.
  STEP("request to reset",
       sid = nghttp2_submit_request2(c.s, nullptr, post, 5, &prd, nullptr));
  c.stalled[sid] = true;
  STEP("exchange 2", exchange(c, sv));
  STEP("reset", nghttp2_submit_rst_stream(c.s, 0, sid, NGHTTP2_CANCEL));
  STEP("window update", nghttp2_submit_window_update(c.s, 0, 0, 100000));
  STEP("exchange 3", exchange(c, sv));
  STEP("goaway", nghttp2_submit_goaway(sv.s, 0, nghttp2_session_get_last_proc_stream_id(sv.s),
                                      NGHTTP2_NO_ERROR, (const uint8_t *)"bye", 3));
  STEP("exchange 4", exchange(c, sv));
done:
  if (c.s) nghttp2_session_del(c.s);
  if (sv.s) nghttp2_session_del(sv.s);
  nghttp2_session_callbacks_del(cbs);
}

} // namespace

int main(int argc, char **argv) {
  size_t stride = 1;
  for (int i = 1; i < argc; ++i)
    if (strncmp(argv[i], "--stride=", 9) == 0) stride = strtoul(argv[i] + 9, nullptr, 10);
  if (stride == 0) stride = 1;

  int failures = 0;
  h2test::CountingMem base;
  Result full;
  conversation(base, full);
  const size_t total = base.allocations;
  std::printf("failmalloc: conversation needs N=%zu allocations, peak %zu B\n",
              total, base.peak);
  auto check = [&](bool ok, const std::string &what) {
    if (!ok) {
      ++failures;
      std::printf("FAIL: %s\n", what.c_str());
    }
  };
  std::printf("failmalloc: unfailed run: responses %zu, response bytes %zu, "
              "request bytes %zu, trailers %zu, ping acks %zu, goaways %zu, "
              "resets %zu\n",
              full.client.responses, full.client.data_bytes,
              full.server.data_bytes, full.server.trailer_fields,
              full.client.ping_acks, full.client.goaways, full.server.resets);
  check(full.rv == 0, std::string("unfailed run completes (") + full.step + ")");
  check(full.client.responses == 3, "3 responses");
  check(full.client.data_bytes == 3 * kResponseBody, "response bodies complete");
  check(full.server.data_bytes == 2 * kRequestBody, "request bodies complete");
  check(full.server.trailer_fields == 1, "trailer field received");
  check(full.client.ping_acks == 1, "PING acknowledged");
  check(full.client.goaways == 1, "GOAWAY received");
  check(full.server.resets == 1, "RST_STREAM received");
  check(base.live == 0 && base.blocks == 0, "no leak on the unfailed run");

  size_t runs = 0, completed = 0, nomem = 0, compression = 0;
  // FAILMALLOC_ONLY=n runs that one case (for a debugger).
  size_t first = 1, last = total;
  if (const char *only = getenv("FAILMALLOC_ONLY")) first = last = strtoul(only, nullptr, 10);
  for (size_t n = first; n <= last; n += stride) {
    h2test::CountingMem cm;
    cm.fail_at = n;
    Result r;
    conversation(cm, r);
    ++runs;
    if (r.rv == 0) {
      ++completed;
      // A refused allocation that nobody reported must not have cost
      // anything visible either, except where upstream turns it into a
      // connection error: its deflater reports a table that cannot grow as
      // a compression failure, and the session then ends the connection
      // with GOAWAY INTERNAL_ERROR instead of returning NOMEM.
      const bool compression_goaway =
          r.client.goaway_error == NGHTTP2_INTERNAL_ERROR ||
          r.server.goaway_error == NGHTTP2_INTERNAL_ERROR;
      if (compression_goaway) ++compression;
      const bool whole =
          r.client.responses == 3 && r.client.data_bytes == 3 * kResponseBody &&
          r.server.data_bytes == 2 * kRequestBody &&
          r.server.trailer_fields == 1 && r.client.ping_acks == 1 &&
          r.client.goaways == 1 && r.server.resets == 1;
      check(compression_goaway || whole,
            "n=" + std::to_string(n) + ": completed but lost part of the conversation");
      if (getenv("FAILMALLOC_VERBOSE"))
        std::printf("n=%zu completed\n", n);
    }
    else if (acceptable(r.rv))
      ++nomem;
    else
      check(false, "n=" + std::to_string(n) + ": " + r.step + " returned " +
                       std::to_string(r.rv));
    check(cm.refused == 1, "n=" + std::to_string(n) + ": allocation reached");
    check(cm.live == 0 && cm.blocks == 0,
          "n=" + std::to_string(n) + " (" + r.step + "): " +
              std::to_string(cm.live) + " bytes in " +
              std::to_string(cm.blocks) + " blocks leaked");
  }
  std::printf("failmalloc: %zu runs (stride %zu): %zu ended with NOMEM or "
              "CALLBACK_FAILURE, %zu completed despite the failure (%zu of "
              "them ended by GOAWAY INTERNAL_ERROR); %s\n",
              runs, stride, nomem, completed, compression,
              failures ? "FAILED" : "no crash, no leak");
  return failures ? 1 : 0;
}

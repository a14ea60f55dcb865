// Writes the seed corpora under fuzz/corpus/<target>/. Every seed is made
// here: HPACK blocks come from upstream's deflater fed with header lists
// written below (plus a few hand-built malformed blocks); session seeds are
// the byte streams of upstream client and server sessions talking to each
// other with the same script the targets follow (session_script.h).
//
//   gen_corpus <corpus-dir>      (fuzz/run.sh --seeds runs it)
#include <sys/stat.h>

#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "hpack_roundtrip.h"
#include "reference.h"
#include "session_script.h"

namespace {

using Bytes = std::vector<uint8_t>;

// Byte-wise appends: g++ 12 -O3 misreads vector::insert into a small vector
// built from an initializer list as an out-of-bounds copy.
void put(Bytes &out, const uint8_t *p, size_t n) {
  for (size_t i = 0; i < n; ++i) out.push_back(p[i]);
}
std::string g_root;
int g_written;

void write_seed(const std::string &target, const std::string &name,
                const Bytes &b) {
  std::string dir = g_root + "/" + target;
  mkdir(g_root.c_str(), 0755);
  mkdir(dir.c_str(), 0755);
  std::string path = dir + "/" + name;
  FILE *f = std::fopen(path.c_str(), "wb");
  if (!f) {
    std::perror(path.c_str());
    std::exit(1);
  }
  std::fwrite(b.data(), 1, b.size(), f);
  std::fclose(f);
  ++g_written;
}

nghttp2_nv nv(const char *n, const std::string &v, uint8_t flags = 0) {
  // The strings live in static storage below or in `keep`.
  static std::vector<std::string> keep;
  keep.reserve(4096);
  keep.push_back(v);
  return {(uint8_t *)n, (uint8_t *)keep.back().data(), std::strlen(n),
          keep.back().size(), flags};
}

// ---- HPACK ---------------------------------------------------------------

struct HpackSeed {
  std::string name;
  uint16_t table = 4096;
  std::vector<std::vector<nghttp2_nv>> blocks;
  std::vector<int> resize_before;  // block index -> new size / 256, or -1
};

Bytes hpack_seed(const HpackSeed &s, uint8_t chunk) {
  nghttp2_hd_deflater *d = nullptr;
  REF(nghttp2_hd_deflate_new)(&d, 65535);
  REF(nghttp2_hd_deflate_change_table_size)(d, s.table);
  Bytes out = {static_cast<uint8_t>(s.table >> 8),
               static_cast<uint8_t>(s.table), chunk, 0};
  for (size_t i = 0; i < s.blocks.size(); ++i) {
    int rs = i < s.resize_before.size() ? s.resize_before[i] : -1;
    uint8_t ctl = 0;
    if (rs >= 0) {
      ctl = static_cast<uint8_t>(1 | rs << 1);
      REF(nghttp2_hd_deflate_change_table_size)(d, static_cast<size_t>(rs) * 256);
    }
    Bytes buf(REF(nghttp2_hd_deflate_bound)(d, s.blocks[i].data(),
                                            s.blocks[i].size()));
    ssize_t n = REF(nghttp2_hd_deflate_hd)(d, buf.data(), buf.size(),
                                           s.blocks[i].data(),
                                           s.blocks[i].size());
    if (n < 0) {
      std::fprintf(stderr, "deflate failed for %s\n", s.name.c_str());
      std::exit(1);
    }
    out.push_back(ctl);
    out.push_back(static_cast<uint8_t>(n >> 8));
    out.push_back(static_cast<uint8_t>(n));
    put(out, buf.data(), static_cast<size_t>(n));
  }
  REF(nghttp2_hd_deflate_del)(d);
  return out;
}

Bytes raw_block(uint16_t table, uint8_t chunk, const Bytes &block) {
  Bytes out = {static_cast<uint8_t>(table >> 8), static_cast<uint8_t>(table),
               chunk, 0, 0, static_cast<uint8_t>(block.size() >> 8),
               static_cast<uint8_t>(block.size())};
  put(out, block.data(), block.size());
  return out;
}

void hpack_seeds() {
  std::vector<nghttp2_nv> get = {nv(":method", "GET"), nv(":scheme", "https"),
                                 nv(":authority", "www.example.com"),
                                 nv(":path", "/index.html"),
                                 nv("accept", "text/html,*/*;q=0.8"),
                                 nv("user-agent", "seed/1.0 (generator)")};
  std::vector<nghttp2_nv> get2 = get;
  get2[3] = nv(":path", "/style.css");
  get2.push_back(nv("cookie", "session=abcdef0123456789"));
  get2.push_back(nv("authorization", "Bearer secret-token",
                    NGHTTP2_NV_FLAG_NO_INDEX));
  std::vector<nghttp2_nv> resp = {nv(":status", "200"),
                                  nv("content-type", "text/html; charset=utf-8"),
                                  nv("cache-control", "private, max-age=0"),
                                  nv("set-cookie", "a=1; Path=/; HttpOnly"),
                                  nv("set-cookie", "b=2; Path=/; Secure")};
  std::vector<nghttp2_nv> big = {nv(":status", "404"),
                                 nv("x-long", std::string(300, 'q')),
                                 nv("x-huge", std::string(5000, 'z')),
                                 nv("x-bin", std::string("\x01\x7f\xff\x80", 4))};
  std::vector<nghttp2_nv> many;
  for (int i = 0; i < 60; ++i)
    many.push_back(nv("x-h", "value-" + std::to_string(i * 7919)));
  std::vector<nghttp2_nv> noidx = {
      nv("password", "hunter2", NGHTTP2_NV_FLAG_NO_INDEX),
      nv(":path", "/private", NGHTTP2_NV_FLAG_NO_INDEX | NGHTTP2_NV_FLAG_NO_COPY_NAME),
      nv("", "empty-name"), nv("empty-value", "")};

  std::vector<HpackSeed> seeds = {
      {"requests", 4096, {get, get2, get2, get}, {}},
      {"responses", 4096, {resp, resp, big, resp}, {}},
      {"eviction", 4096, {many, many, get, many}, {}},
      {"never_indexed", 4096, {noidx, get2, noidx}, {}},
      {"small_table", 256, {get, get2, resp}, {}},
      {"zero_table", 0, {get, resp, get2}, {}},
      {"big_table", 65535, {many, big, many}, {}},
      {"resize_mid", 4096, {get, get2, resp, get}, {-1, 2, 0, 16}},
  };
  for (const HpackSeed &s : seeds)
    for (uint8_t chunk : {0, 1, 13}) {
      Bytes b = hpack_seed(s, chunk);
      std::string name = s.name + "_c" + std::to_string(chunk);
      write_seed("hpack_inflate", name, b);
      write_seed("hpack_diff", name, b);
    }

  // The same lists as deflater input for the round-trip target.
  for (const HpackSeed &s : seeds) {
    Bytes b = {static_cast<uint8_t>(s.table >> 8), static_cast<uint8_t>(s.table)};
    for (size_t i = 0; i < s.blocks.size(); ++i) {
      fuzz::RtBlock rb;
      int rs = i < s.resize_before.size() ? s.resize_before[i] : -1;
      rb.resize = rs >= 0;
      rb.new_size = rs >= 0 ? static_cast<size_t>(rs) * 256 : 0;
      for (const nghttp2_nv &f : s.blocks[i])
        rb.fields.push_back({std::string((const char *)f.name, f.namelen),
                             std::string((const char *)f.value, f.valuelen),
                             (f.flags & NGHTTP2_NV_FLAG_NO_INDEX) != 0});
      fuzz::put_roundtrip_block(b, rb);
    }
    write_seed("hpack_roundtrip", s.name, b);
  }
  // Pseudo-random lists (fixed LCG): binary names and values, long names,
  // repeated fields, sensitive flags and table resizes in between.
  uint32_t seed = 12345;
  auto rnd = [&seed](uint32_t n) {
    seed = seed * 1103515245u + 12345u;
    return (seed >> 16) % n;
  };
  for (int k = 0; k < 8; ++k) {
    uint16_t max_table = k == 0 ? 0 : static_cast<uint16_t>(256u << rnd(9));
    Bytes b = {static_cast<uint8_t>(max_table >> 8), static_cast<uint8_t>(max_table)};
    for (int blk = 0; blk < 6; ++blk) {
      fuzz::RtBlock rb;
      rb.resize = rnd(4) == 0;
      rb.new_size = rnd(32) * 256;
      int nf = 1 + static_cast<int>(rnd(20));
      for (int f = 0; f < nf; ++f) {
        fuzz::RtField fld;
        size_t nl = k == 7 ? 255 : rnd(12);
        for (size_t c = 0; c < nl; ++c)
          fld.name += static_cast<char>(k % 2 ? rnd(256) : 'a' + rnd(6));
        size_t vl = rnd(8) == 0 ? 300 + rnd(3000) : rnd(24);
        for (size_t c = 0; c < vl; ++c)
          fld.value += static_cast<char>(k % 3 ? 'A' + rnd(4) : rnd(256));
        fld.no_index = rnd(5) == 0;
        rb.fields.push_back(fld);
        if (rnd(3) == 0) rb.fields.push_back(fld);
      }
      fuzz::put_roundtrip_block(b, rb);
    }
    write_seed("hpack_roundtrip", "random" + std::to_string(k), b);
  }

  // Hand-built blocks that every decoder must reject or handle exactly.
  const std::pair<const char *, Bytes> raw[] = {
      {"bad_index0", {0x80}},
      {"index_past_table", {0xff, 0x80, 0x01}},
      {"size_update_too_big", {0x3f, 0xe2, 0x1f}},
      {"size_update_after_field", {0x82, 0x3f, 0x01}},
      {"two_size_updates", {0x20, 0x3f, 0xe1, 0x1f, 0x82}},
      {"truncated_literal", {0x40, 0x05, 'a', 'b'}},
      {"huffman_eos", {0x40, 0x81, 0xff, 0x81, 0x1f}},
      {"huffman_bad_padding", {0x40, 0x82, 0x1c, 0x00, 0x81, 0x1f}},
      {"int_overflow", {0x40, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0x0f}},
      {"literal_new_name", {0x00, 0x03, 'f', 'o', 'o', 0x03, 'b', 'a', 'r'}},
      {"indexed_static_all", {0x81, 0x82, 0x83, 0x84, 0x85, 0xbd}},
      {"empty_block", {}},
  };
  for (const auto &[name, block] : raw) {
    write_seed("hpack_inflate", name, raw_block(4096, 0, block));
    write_seed("hpack_diff", name, raw_block(4096, 0, block));
  }
  // Budgeted allocations for the inflate target (byte 3).
  for (uint8_t budget : {1, 2, 3, 5}) {
    Bytes b = hpack_seed(seeds[2], 0);
    b[3] = budget;
    write_seed("hpack_inflate", "budget" + std::to_string(budget), b);
  }
}

// ---- sessions ------------------------------------------------------------

struct Side {
  nghttp2_session *s = nullptr;
  bool server = false;
  uint32_t body_left[64] = {};
  std::function<void(nghttp2_session *)> after_settings;
};

ssize_t read_body(nghttp2_session *, int32_t id, uint8_t *buf, size_t len,
                  uint32_t *flags, nghttp2_data_source *, void *ud) {
  uint32_t &left = static_cast<Side *>(ud)->body_left[static_cast<uint32_t>(id) % 64];
  size_t n = std::min<size_t>(len, left);
  std::memset(buf, 'b', n);
  left -= static_cast<uint32_t>(n);
  if (!left) *flags |= NGHTTP2_DATA_FLAG_EOF;
  return static_cast<ssize_t>(n);
}

int on_frame_recv(nghttp2_session *s, const nghttp2_frame *f, void *ud) {
  auto *side = static_cast<Side *>(ud);
  if (!side->server || !(f->hd.flags & NGHTTP2_FLAG_END_STREAM)) return 0;
  if (f->hd.type != NGHTTP2_HEADERS && f->hd.type != NGHTTP2_DATA) return 0;
  int32_t id = f->hd.stream_id;
  side->body_left[static_cast<uint32_t>(id) % 64] = fuzz::response_body_len(id);
  nghttp2_data_provider prd;
  prd.source.ptr = side;
  prd.read_callback = read_body;
  REF(nghttp2_submit_response)(s, id, fuzz::kResponse, 2, &prd);
  return 0;
}

struct Extras {
  std::function<void(Side &client)> client;
  std::function<void(Side &server)> server;
  std::vector<nghttp2_nv> big_request_header;
};

// Runs a reference client/server conversation; returns client->server and
// server->client bytes.
std::pair<Bytes, Bytes> converse(const Extras &ex) {
  nghttp2_session_callbacks *cb;
  REF(nghttp2_session_callbacks_new)(&cb);
  REF(nghttp2_session_callbacks_set_on_frame_recv_callback)(cb, on_frame_recv);
  nghttp2_option *opt;
  REF(nghttp2_option_new)(&opt);
  REF(nghttp2_option_set_no_auto_window_update)(opt, 0);
  Side c, s;
  s.server = true;
  REF(nghttp2_session_client_new2)(&c.s, cb, &c, opt);
  REF(nghttp2_session_server_new2)(&s.s, cb, &s, opt);
  REF(nghttp2_option_del)(opt);
  REF(nghttp2_session_callbacks_del)(cb);
  nghttp2_settings_entry iv[2] = {{NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, 100},
                                  {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, 65535}};
  REF(nghttp2_submit_settings)(c.s, 0, iv, 2);
  REF(nghttp2_submit_settings)(s.s, 0, iv, 2);
  if (ex.big_request_header.empty()) {
    REF(nghttp2_submit_request)(c.s, nullptr, fuzz::kGet, 4, nullptr, nullptr);
  } else {
    std::vector<nghttp2_nv> h(fuzz::kGet, fuzz::kGet + 4);
    h.insert(h.end(), ex.big_request_header.begin(), ex.big_request_header.end());
    REF(nghttp2_submit_request)(c.s, nullptr, h.data(), h.size(), nullptr, nullptr);
  }
  c.body_left[3] = fuzz::kPostBody;
  nghttp2_data_provider prd;
  prd.source.ptr = &c;
  prd.read_callback = read_body;
  REF(nghttp2_submit_request)(c.s, nullptr, fuzz::kPost, 5, &prd, nullptr);
  if (ex.client) ex.client(c);
  if (ex.server) ex.server(s);
  Bytes c2s, s2c;
  for (int round = 0; round < 1000; ++round) {
    bool moved = false;
    for (int dir = 0; dir < 2; ++dir) {
      Side &from = dir ? s : c, &to = dir ? c : s;
      Bytes &log = dir ? s2c : c2s;
      const uint8_t *p;
      ssize_t n;
      while ((n = REF(nghttp2_session_mem_send)(from.s, &p)) > 0) {
        moved = true;
        put(log, p, static_cast<size_t>(n));
        REF(nghttp2_session_mem_recv)(to.s, p, static_cast<size_t>(n));
      }
    }
    if (!moved) break;
  }
  REF(nghttp2_session_del)(c.s);
  REF(nghttp2_session_del)(s.s);
  return {c2s, s2c};
}

Bytes with_header(uint8_t options, uint8_t chunk, const Bytes &b, size_t skip = 0) {
  Bytes out = {options, chunk};
  skip = std::min(skip, b.size());
  put(out, b.data() + skip, b.size() - skip);
  return out;
}

void session_seeds() {
  std::vector<std::pair<std::string, Extras>> convs;
  convs.push_back({"plain", {}});
  Extras control;
  control.client = [](Side &c) {
    uint8_t opaque[8] = {1, 2, 3, 4, 5, 6, 7, 8};
    REF(nghttp2_submit_ping)(c.s, 0, opaque);
    REF(nghttp2_submit_window_update)(c.s, 0, 0, 100000);
    nghttp2_priority_spec ps = {1, 200, 1};
    REF(nghttp2_submit_priority)(c.s, 0, 3, &ps);
    REF(nghttp2_submit_request)(c.s, nullptr, fuzz::kGet, 4, nullptr, nullptr);
    REF(nghttp2_submit_rst_stream)(c.s, 0, 5, NGHTTP2_CANCEL);
  };
  control.server = [](Side &s) {
    uint8_t opaque[8] = {8, 7, 6, 5, 4, 3, 2, 1};
    REF(nghttp2_submit_ping)(s.s, 0, opaque);
    REF(nghttp2_submit_goaway)(s.s, 0, 7, NGHTTP2_NO_ERROR,
                               (const uint8_t *)"bye", 3);
  };
  convs.push_back({"control", control});
  Extras ext;
  ext.server = [](Side &s) {
    REF(nghttp2_submit_altsvc)(s.s, 0, 0, (const uint8_t *)"fuzz.example", 12,
                               (const uint8_t *)"h2=\":443\"", 9);
    nghttp2_origin_entry o = {(uint8_t *)"https://fuzz.example", 20};
    REF(nghttp2_submit_origin)(s.s, 0, &o, 1);
  };
  ext.client = [](Side &c) {
    REF(nghttp2_submit_priority_update)(c.s, 0, 1, (const uint8_t *)"u=1, i", 6);
  };
  convs.push_back({"extensions", ext});
  Extras cont;
  cont.big_request_header = {nv("cookie", std::string(18000, 'c')),
                             nv("x-pad", std::string(300, 'p'))};
  convs.push_back({"continuation", cont});

  bool server_first = true;
  for (auto &[name, ex] : convs) {
    auto [c2s, s2c] = converse(ex);
    for (uint8_t chunk : {0, 1, 100}) {
      std::string base = name + "_c" + std::to_string(chunk);
      write_seed("session_server", base, with_header(0, chunk, c2s));
      if (chunk == 0) write_seed("session_diff", base, with_header(0, 0, c2s));
      write_seed("session_client", base, with_header(0, chunk, s2c));
    }
    using namespace fuzz;
    write_seed("session_server", name + "_nomagic",
               with_header(kNoClientMagic, 0, c2s, 24));
    write_seed("session_diff", name + "_nomagic",
               with_header(kNoClientMagic, 0, c2s, 24));
    write_seed("session_diff", name + "_nohttp",
               with_header(kNoHttpMessaging, 0, c2s));
    write_seed("session_server", name + "_opts",
               with_header(kNoHttpMessaging | kNoAutoWindow | kBuiltinExt |
                               kNoAutoPingAck | kFewContinuations,
                           7, c2s));
    for (uint8_t budget = 1; budget < 4; ++budget)
      write_seed(server_first ? "session_server" : "session_client",
                 name + "_budget" + std::to_string(budget),
                 with_header(static_cast<uint8_t>(budget << 6), 0,
                             server_first ? c2s : s2c));
    server_first = !server_first;
    write_seed("session_client", name + "_opts",
               with_header(kNoHttpMessaging | kNoAutoWindow | kBuiltinExt |
                               kNoAutoPingAck,
                           7, s2c));
  }
}

}  // namespace

int main(int argc, char **argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: gen_corpus <corpus-dir>\n");
    return 2;
  }
  g_root = argv[1];
  hpack_seeds();
  session_seeds();
  std::printf("wrote %d seeds under %s\n", g_written, g_root.c_str());
  return 0;
}

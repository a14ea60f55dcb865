// The nghttp2_ssize "2"/"3" twins and the other functions 1.52 lacks, each
// run through the same scenario as its older twin: ours with the new name
// must produce exactly what the reference produces with the old one (and
// what ours produces with the old one). Functions without a twin
// (extpri_parse_priority) are checked against upstream's documentation.
#include <cstdio>
#include <cstring>

#include "conv.h"

using namespace apitest;
using h2diff::Harness;

namespace {

using Lines = std::vector<std::string>;

class TwinsTest {
public:
  TwinsTest(int argc, char **argv) : h("api-twins", argc, argv) {}
  Harness h;
  long scenarios = 0;

  void dump(const std::string &what, const Lines &o) {
    if (h.option("dump") != "1")
      return;
    std::printf("=== %s\n", what.c_str());
    for (auto &l : o)
      std::printf("  %s\n", l.c_str());
  }

  // ref(old) == ours(old) == ours(new); the reference runs the new variant
  // too when it has all `symbols`.
  template <class Fn>
  Lines twin(const std::string &what, std::initializer_list<const char *> symbols,
             Fn run) {
    ++scenarios;
    Lines r = run(h.ref(), false), o = run(h.ours(), false);
    h.check().seq(what + ": old names, ours vs ref", r, o);
    if (!need(h, h.ours(), symbols))
      return o;
    Lines n = run(h.ours(), true);
    h.check().seq(what + ": new names (ours) vs old names (ref)", r, n);
    bool ref_has = true;
    for (const char *s : symbols)
      ref_has = ref_has && !h.ref_lacks(s);
    if (ref_has && need(h, h.ref(), symbols))
      h.check().seq(what + ": new names, ours vs ref", run(h.ref(), true), n);
    dump(what, n);
    return n;
  }

  // A request with a body, a response with a body and trailers, DATA
  // submitted separately, moved with mem_send(2)/mem_recv(2).
  void submit_and_io() {
    Lines o = twin("submit_request2/response2/data2, mem_send2/mem_recv2",
                   {"nghttp2_submit_request2", "nghttp2_submit_response2",
                    "nghttp2_submit_data2", "nghttp2_session_mem_send2",
                    "nghttp2_session_mem_recv2"},
                   [&](const Side &side, bool v2) {
      Trace t;
      const Api &a = *side;
      Peer c(side, false, t);
      Peer s(side, true, t);
      c.io2 = s.io2 = v2;
      c.bodies[1] = std::string(20000, 'r');
      Nv nv = request_nv("POST");
      nghttp2_data_provider dp = Peer::provider();
      nghttp2_data_provider2 dp2 = Peer::provider2();
      int32_t sid = v2 ? a.submit_request2(c.s, nullptr, nv.data(), nv.size(), &dp2,
                                           nullptr)
                       : a.submit_request(c.s, nullptr, nv.data(), nv.size(), &dp,
                                          nullptr);
      t.addf("submit_request -> %d", sid);
      Nv head = request_nv("GET", "/head-only");
      int32_t sid3 = v2 ? a.submit_request2(c.s, nullptr, head.data(), head.size(),
                                            nullptr, nullptr)
                        : a.submit_request(c.s, nullptr, head.data(), head.size(),
                                           nullptr, nullptr);
      t.addf("submit_request (no body) -> %d", sid3);
      pump(c, s);
      s.bodies[1] = "response body";
      Nv rnv = response_nv();
      t.addf("submit_response -> %d",
             v2 ? a.submit_response2(s.s, 1, rnv.data(), rnv.size(), &dp2)
                : a.submit_response(s.s, 1, rnv.data(), rnv.size(), &dp));
      Nv h3{{":status", "200"}};
      t.addf("submit_response(3, no body) -> %d",
             v2 ? a.submit_response2(s.s, 3, h3.data(), h3.size(), nullptr)
                : a.submit_response(s.s, 3, h3.data(), h3.size(), nullptr));
      pump(c, s);
      Nv h3b{{":status", "200"}};
      // A server's HEADERS on a stream the client never opened is refused
      // when it would be sent, not when submitted.
      t.addf("submit_headers(5, unknown stream) -> %d",
             a.submit_headers(s.s, NGHTTP2_FLAG_NONE, 5, nullptr, h3b.data(),
                              h3b.size(), nullptr));
      pump(c, s);
      return transcript(c, s);
    });
    h.check().expect("both bodies delivered",
                     count(o, {"S data_chunk sid=1"}) >= 2 &&
                         has(o, {"C data_chunk sid=1 flags=0x01 response body"}));
    Lines d = twin("submit_data2 after submit_headers", {"nghttp2_submit_data2"},
                   [&](const Side &side, bool v2) {
      Trace t;
      const Api &a = *side;
      Peer c(side, false, t);
      Peer s(side, true, t);
      Nv nv = request_nv();
      a.submit_request(c.s, nullptr, nv.data(), nv.size(), nullptr, nullptr);
      pump(c, s);
      Nv rnv = response_nv();
      t.addf("submit_headers -> %d",
             a.submit_headers(s.s, NGHTTP2_FLAG_NONE, 1, nullptr, rnv.data(),
                              rnv.size(), nullptr));
      s.bodies[1] = "first part";
      nghttp2_data_provider dp = Peer::provider();
      nghttp2_data_provider2 dp2 = Peer::provider2();
      // NONE: the provider's EOF does not end the stream; trailers do.
      t.addf("submit_data -> %d",
             v2 ? a.submit_data2(s.s, NGHTTP2_FLAG_NONE, 1, &dp2)
                : a.submit_data(s.s, NGHTTP2_FLAG_NONE, 1, &dp));
      pump(c, s);
      t.addf("second submit_data while idle -> %d",
             v2 ? a.submit_data2(s.s, NGHTTP2_FLAG_END_STREAM, 7, &dp2)
                : a.submit_data(s.s, NGHTTP2_FLAG_END_STREAM, 7, &dp));
      Nv tr{{"x-trailer", "yes"}};
      t.addf("submit_trailer -> %d", a.submit_trailer(s.s, 1, tr.data(), tr.size()));
      pump(c, s);
      return transcript(c, s);
    });
    h.check().expect("DATA without END_STREAM, then trailers end the stream",
                     has(d, {"S> DATA len=10 flags=0x00"}) &&
                         has(d, {"C header sid=1 x-trailer: yes"}) &&
                         has(d, {"C stream_close sid=1 error=0"}));
  }

  void hpack() {
    std::vector<std::pair<std::string, std::string>> fields = {
        {":method", "GET"},      {":path", "/index.html"},
        {"user-agent", "twins"}, {"x-long", std::string(300, 'L')},
        {"cookie", "a=b"},       {"cookie", "c=d"}};
    auto run = [&](const Side &side, bool v2) {
      const Api &a = *side;
      Lines l;
      nghttp2_hd_deflater *d = nullptr;
      nghttp2_hd_inflater *in = nullptr;
      a.hd_deflate_new(&d, 4096);
      a.hd_inflate_new(&in);
      std::vector<nghttp2_nv> nva;
      for (auto &f : fields)
        nva.push_back(nghttp2_nv{(uint8_t *)f.first.data(), (uint8_t *)f.second.data(),
                                 f.first.size(), f.second.size(), NGHTTP2_NV_FLAG_NONE});
      for (int round = 0; round < 2; ++round) {
        std::vector<uint8_t> buf(a.hd_deflate_bound(d, nva.data(), nva.size()));
        long n;
        if (round == 0)
          n = v2 ? long(a.hd_deflate_hd2(d, buf.data(), buf.size(), nva.data(), nva.size()))
                 : long(a.hd_deflate_hd(d, buf.data(), buf.size(), nva.data(), nva.size()));
        else {
          // Output split over three vectors.
          std::vector<uint8_t> b1(5), b2(7), b3(buf.size());
          nghttp2_vec vec[3] = {{b1.data(), 5}, {b2.data(), 7}, {b3.data(), b3.size()}};
          n = v2 ? long(a.hd_deflate_hd_vec2(d, vec, 3, nva.data(), nva.size()))
                 : long(a.hd_deflate_hd_vec(d, vec, 3, nva.data(), nva.size()));
          buf.assign(b1.begin(), b1.end());
          buf.insert(buf.end(), b2.begin(), b2.end());
          buf.insert(buf.end(), b3.begin(), b3.end());
        }
        l.push_back("deflate round " + std::to_string(round) + " -> " + std::to_string(n));
        if (n < 0)
          break;
        buf.resize(size_t(n));
        l.push_back("  bytes " + hex(buf));
        // Inflate in 3-byte pieces, the last one marked final.
        size_t pos = 0;
        for (int guard = 0; guard < 1000; ++guard) {
          nghttp2_nv out;
          int flags = 0;
          size_t left = buf.size() - pos, piece = std::min<size_t>(left, 3);
          int final = piece == left;
          long r = v2 ? long(a.hd_inflate_hd3(in, &out, &flags, buf.data() + pos,
                                              piece, final))
                      : long(a.hd_inflate_hd2(in, &out, &flags, buf.data() + pos,
                                              piece, final));
          if (r < 0) {
            l.push_back("  inflate -> " + std::to_string(r));
            break;
          }
          pos += size_t(r);
          if (flags & NGHTTP2_HD_INFLATE_EMIT)
            l.push_back("  field " + std::string((const char *)out.name, out.namelen) +
                        ": " + std::string((const char *)out.value, std::min<size_t>(out.valuelen, 20)) +
                        " (" + std::to_string(out.valuelen) + ")");
          if (flags & NGHTTP2_HD_INFLATE_FINAL) {
            a.hd_inflate_end_headers(in);
            break;
          }
        }
      }
      // Too small a buffer.
      uint8_t tiny[4];
      long e = v2 ? long(a.hd_deflate_hd2(d, tiny, sizeof tiny, nva.data(), nva.size()))
                  : long(a.hd_deflate_hd(d, tiny, sizeof tiny, nva.data(), nva.size()));
      l.push_back("tiny buffer -> " + std::to_string(e));
      l.push_back("tables: deflate " + std::to_string(a.hd_deflate_get_dynamic_table_size(d)) +
                  " inflate " + std::to_string(a.hd_inflate_get_dynamic_table_size(in)));
      a.hd_deflate_del(d);
      a.hd_inflate_del(in);
      return l;
    };
    Lines o = twin("hd_deflate_hd2/hd_vec2 and hd_inflate_hd3",
                   {"nghttp2_hd_deflate_hd2", "nghttp2_hd_deflate_hd_vec2",
                    "nghttp2_hd_inflate_hd3"},
                   run);
    std::string insuff = "tiny buffer -> " + std::to_string(NGHTTP2_ERR_INSUFF_BUFSIZE);
    h.check().expect("round trip of all six fields, twice",
                     count(o, {"  field "}) == 12 && has(o, {"field x-long: LLLL", "(300)"}));
    h.check().expect("HPACK buffer too small: INSUFF_BUFSIZE", has(o, {insuff.c_str()}));
  }

  void alpn() {
    auto run = [&](const Side &side, bool v2) {
      const Api &a = *side;
      Lines l;
      auto sel = [&](const char *what, std::vector<uint8_t> in) {
        const unsigned char *out = nullptr;
        unsigned char outlen = 0;
        int rv = v2 ? a.select_alpn(&out, &outlen, in.data(), unsigned(in.size()))
                    : a.select_next_protocol((unsigned char **)&out, &outlen, in.data(),
                                             unsigned(in.size()));
        std::string s = std::string(what) + " -> " + std::to_string(rv);
        if (out)
          s += " at offset " + std::to_string(out - in.data()) + " len " +
               std::to_string(outlen) + " " + std::string((const char *)out, outlen);
        l.push_back(s);
      };
      auto list = [](std::initializer_list<const char *> ps) {
        std::vector<uint8_t> v;
        for (const char *p : ps) {
          v.push_back(uint8_t(std::strlen(p)));
          v.insert(v.end(), p, p + std::strlen(p));
        }
        return v;
      };
      sel("h2 after http/1.1", list({"http/1.1", "h2"}));
      sel("only http/1.1", list({"spdy/3", "http/1.1"}));
      sel("no overlap", list({"spdy/3", "h3"}));
      sel("h2-14 draft only", list({"h2-14"}));
      sel("empty", {});
      std::vector<uint8_t> truncated = list({"http/1.1", "h2"});
      truncated.pop_back();
      sel("truncated h2 entry", truncated);
      sel("overlong length byte", {10, 'h', '2'});
      return l;
    };
    Lines o = twin("select_alpn vs select_next_protocol", {"nghttp2_select_alpn"}, run);
    h.check().expect("h2 preferred (1), http/1.1 fallback (0), no overlap (-1)",
                     has(o, {"h2 after http/1.1 -> 1 at offset 10 len 2 h2"}) &&
                         has(o, {"only http/1.1 -> 0 at offset 8 len 8 http/1.1"}) &&
                         has(o, {"no overlap -> -1"}));
  }

  // No twin: RFC 9218 Priority field values, per upstream's documentation
  // and source: fields the parser does not find keep their previous values;
  // a u or i of the wrong type or range fails the whole value, and a
  // failed parse leaves the output untouched.
  void extpri_parse() {
    if (!need(h, h.ours(), {"nghttp2_extpri_parse_priority"}))
      return;
    ++scenarios;
    const Api &a = *h.ours();
    struct Case {
      const char *value;
      int rv;
      uint32_t urgency;
      int inc;
    } cases[] = {
        {"u=2", 0, 2, 9},
        {"i", 0, 9, 1},
        {"u=0, i", 0, 0, 1},
        {"i=?0, u=7", 0, 7, 0},
        {"u=5, i, x=unknown, y", 0, 5, 1},
        {"", 0, 9, 9},
        {"u=2, u=4", 0, 4, 9}, // a repeated key: the last one wins
        {"uu=1, ii", 0, 9, 9}, // longer keys are not u or i
        {"u=8", NGHTTP2_ERR_INVALID_ARGUMENT, 9, 9},
        {"u=-1", NGHTTP2_ERR_INVALID_ARGUMENT, 9, 9},
        {"i, u=9", NGHTTP2_ERR_INVALID_ARGUMENT, 9, 9},
        {"i=1", NGHTTP2_ERR_INVALID_ARGUMENT, 9, 9},
        {"u=\"2\"", NGHTTP2_ERR_INVALID_ARGUMENT, 9, 9},
        {"u=", NGHTTP2_ERR_INVALID_ARGUMENT, 9, 9},
        {"u=2;", NGHTTP2_ERR_INVALID_ARGUMENT, 9, 9},
        {",", NGHTTP2_ERR_INVALID_ARGUMENT, 9, 9},
        {"U=2", NGHTTP2_ERR_INVALID_ARGUMENT, 9, 9},
    };
    for (auto &c : cases) {
      nghttp2_extpri p{9, 9};
      int rv = a.extpri_parse_priority(&p, (const uint8_t *)c.value, std::strlen(c.value));
      std::string what = std::string("extpri_parse_priority(\"") + c.value + "\")";
      h.check().eq(what + " rv", c.rv, rv);
      h.check().eq(what + " urgency", c.urgency, p.urgency);
      h.check().eq(what + " inc", c.inc, p.inc);
    }
  }

  // session_client_new3/server_new3 with a counting allocator: every
  // allocation goes through it, and the conversation is unchanged.
  void custom_mem() {
    struct Counter {
      long mallocs = 0, frees = 0, live = 0;
    };
    static nghttp2_mem mem;
    static Counter counter;
    mem.mem_user_data = &counter;
    mem.malloc = [](size_t n, void *ud) {
      ++static_cast<Counter *>(ud)->mallocs;
      ++static_cast<Counter *>(ud)->live;
      return std::malloc(n);
    };
    mem.free = [](void *p, void *ud) {
      if (p) {
        ++static_cast<Counter *>(ud)->frees;
        --static_cast<Counter *>(ud)->live;
      }
      std::free(p);
    };
    mem.calloc = [](size_t n, size_t s, void *ud) {
      ++static_cast<Counter *>(ud)->mallocs;
      ++static_cast<Counter *>(ud)->live;
      return std::calloc(n, s);
    };
    mem.realloc = [](void *p, size_t n, void *ud) {
      if (!p) {
        ++static_cast<Counter *>(ud)->mallocs;
        ++static_cast<Counter *>(ud)->live;
      }
      return std::realloc(p, n);
    };
    auto run = [&](const Side &side) {
      const Api &a = *side;
      Lines l;
      counter = Counter{};
      nghttp2_session_callbacks *cb;
      a.session_callbacks_new(&cb);
      nghttp2_option *opt;
      a.option_new(&opt);
      nghttp2_session *c = nullptr, *s = nullptr;
      l.push_back("client_new3 -> " +
                  std::to_string(a.session_client_new3(&c, cb, nullptr, opt, &mem)));
      l.push_back("server_new3 -> " +
                  std::to_string(a.session_server_new3(&s, cb, nullptr, opt, &mem)));
      a.option_del(opt);
      a.session_callbacks_del(cb);
      a.submit_settings(c, NGHTTP2_FLAG_NONE, nullptr, 0);
      Nv nv = request_nv();
      a.submit_request(c, nullptr, nv.data(), nv.size(), nullptr, nullptr);
      const uint8_t *d;
      long n = long(a.session_mem_send(c, &d));
      l.push_back("client sent " + std::to_string(n));
      l.push_back("server read " + std::to_string(a.session_mem_recv(s, d, size_t(n))));
      l.push_back(std::string("allocations seen: ") + (counter.mallocs > 0 ? "yes" : "no"));
      a.session_del(c);
      a.session_del(s);
      l.push_back("live after del: " + std::to_string(counter.live));
      return l;
    };
    ++scenarios;
    Lines r = run(h.ref()), o = run(h.ours());
    h.check().seq("client_new3/server_new3 with nghttp2_mem", r, o);
    h.check().expect("allocator used and balanced",
                     has(o, {"allocations seen: yes"}) && has(o, {"live after del: 0"}));
  }
};

} // namespace

int main(int argc, char **argv) {
  TwinsTest t(argc, argv);
  t.submit_and_io();
  t.hpack();
  t.alpn();
  t.extpri_parse();
  t.custom_mem();
  t.h.check().add_count("scenarios", t.scenarios);
  return t.h.finish();
}

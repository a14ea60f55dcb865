// Every nghttp2_option_set_* changes what upstream says it changes. Each
// scenario runs with and without the option, through the reference 1.52 and
// through h2pool: the transcripts (callbacks and frames) must be equal, and
// the option's documented effect is asserted on both libraries, so a
// behaviour both got wrong still fails.
#include <cstdio>
#include <cstring>

#include "conv.h"

using namespace apitest;
using h2diff::Harness;

namespace {

using Lines = std::vector<std::string>;
using OptFn = std::function<void(const Api &, nghttp2_option *)>;

PeerSetup with(OptFn f) {
  PeerSetup p;
  p.option = std::move(f);
  return p;
}

// Bytes the client sent, minus the 24-byte preface.
std::vector<uint8_t> without_magic(const std::vector<uint8_t> &w) {
  return std::vector<uint8_t>(w.begin() + 24, w.end());
}

void frame(std::vector<uint8_t> &out, uint8_t type, uint8_t flags,
           uint32_t sid, const std::vector<uint8_t> &payload) {
  size_t n = payload.size();
  out.push_back(uint8_t(n >> 16));
  out.push_back(uint8_t(n >> 8));
  out.push_back(uint8_t(n));
  out.push_back(type);
  out.push_back(flags);
  out.push_back(uint8_t(sid >> 24));
  out.push_back(uint8_t(sid >> 16));
  out.push_back(uint8_t(sid >> 8));
  out.push_back(uint8_t(sid));
  out.insert(out.end(), payload.begin(), payload.end());
}

std::vector<uint8_t> preface() {
  const char *m = NGHTTP2_CLIENT_MAGIC;
  std::vector<uint8_t> v(m, m + NGHTTP2_CLIENT_MAGIC_LEN);
  frame(v, NGHTTP2_SETTINGS, 0, 0, {});
  return v;
}

// A server fed raw client bytes in one mem_recv call.
Lines raw_to_server(const Side &side, const std::vector<uint8_t> &in,
                    OptFn opt) {
  Trace t;
  Peer s(side, true, t, with(opt));
  long rv = s.recv(in);
  s.rec("recv rv=%ld", rv);
  s.send();
  Lines out = t.events;
  for (auto &l : prefixed("S> ", s.frames()))
    out.push_back(l);
  return out;
}

class OptionsTest : public DiffTest {
public:
  OptionsTest(int argc, char **argv) : DiffTest("api-options", argc, argv) {}

  void no_auto_ping_ack() {
    for (int set = 0; set <= 1; ++set) {
      auto run = [&](const Side &side) {
        Trace t;
        Peer c(side, false, t);
        Peer s(side, true, t, with([&](const Api &a, nghttp2_option *o) {
                 if (set)
                   a.option_set_no_auto_ping_ack(o, 1);
               }));
        const uint8_t data[8] = {1, 2, 3, 4, 5, 6, 7, 8};
        c.api.submit_ping(c.s, NGHTTP2_FLAG_NONE, data);
        pump(c, s);
        return transcript(c, s);
      };
      Lines o = both(set ? "no_auto_ping_ack=1" : "no_auto_ping_ack unset", run);
      bool want = !set;
      expect_both(std::string("PING ACK emitted only without no_auto_ping_ack") +
                      (set ? " (set)" : " (unset)"),
                  has(o, {"S> PING", "ACK"}) == want,
                  has(last_ref, {"S> PING", "ACK"}) == want);
    }
  }

  // Without automatic WINDOW_UPDATE nothing is returned to the peer until
  // the application consumes; session_consume* then trigger the updates.
  void no_auto_window_update() {
    for (int set = 0; set <= 1; ++set) {
      auto run = [&](const Side &side) {
        Trace t;
        Peer c(side, false, t);
        Peer s(side, true, t, with([&](const Api &a, nghttp2_option *o) {
                 if (set)
                   a.option_set_no_auto_window_update(o, 1);
               }));
        Nv nv = request_nv("POST");
        c.bodies[1] = std::string(40000, 'b');
        nghttp2_data_provider dp = Peer::provider();
        int32_t sid =
            c.api.submit_request(c.s, nullptr, nv.data(), nv.size(), &dp, nullptr);
        t.addf("submit_request -> %d", sid);
        pump(c, s);
        const Api &a = s.api;
        t.addf("before consume: recv_len=%d stream_recv_len=%d",
               a.session_get_effective_recv_data_length(s.s),
               a.session_get_stream_effective_recv_data_length(s.s, sid));
        t.addf("consume_connection(20000) -> %d",
               a.session_consume_connection(s.s, 20000));
        t.addf("consume_stream(1, 20000) -> %d",
               a.session_consume_stream(s.s, sid, 20000));
        t.addf("consume(1, 20000) -> %d", a.session_consume(s.s, sid, 20000));
        t.addf("consume(0, 1) -> %d", a.session_consume(s.s, 0, 1));
        t.addf("consume_stream(0, 1) -> %d", a.session_consume_stream(s.s, 0, 1));
        t.addf("consume_stream(99, 1) -> %d",
               a.session_consume_stream(s.s, 99, 1));
        pump(c, s);
        t.addf("after consume: recv_len=%d stream_recv_len=%d",
               a.session_get_effective_recv_data_length(s.s),
               a.session_get_stream_effective_recv_data_length(s.s, sid));
        return transcript(c, s);
      };
      Lines o = both(set ? "no_auto_window_update=1" : "no_auto_window_update unset",
                     run);
      if (set) {
        // The updates are there only because the application consumed.
        expect_both("consume_connection accepted with the option",
                    has(o, {"consume_connection(20000) -> 0"}),
                    has(last_ref, {"consume_connection(20000) -> 0"}));
        expect_both("WINDOW_UPDATE stream 0 and 1 after consuming",
                    has(o, {"S> WINDOW_UPDATE", "stream=0"}) &&
                        has(o, {"S> WINDOW_UPDATE", "stream=1"}),
                    has(last_ref, {"S> WINDOW_UPDATE", "stream=0"}) &&
                        has(last_ref, {"S> WINDOW_UPDATE", "stream=1"}));
      } else {
        std::string bad_state = "consume(1, 20000) -> " +
                                std::to_string(NGHTTP2_ERR_INVALID_STATE);
        expect_both("consume refused without the option",
                    has(o, {bad_state.c_str()}), has(last_ref, {bad_state.c_str()}));
      }
    }
    // With the option and no consumption, no WINDOW_UPDATE at all.
    auto quiet = [&](const Side &side) {
      Trace t;
      Peer c(side, false, t);
      Peer s(side, true, t, with([](const Api &a, nghttp2_option *o) {
               a.option_set_no_auto_window_update(o, 1);
             }));
      Nv nv = request_nv("POST");
      c.bodies[1] = std::string(40000, 'b');
      nghttp2_data_provider dp = Peer::provider();
      c.api.submit_request(c.s, nullptr, nv.data(), nv.size(), &dp, nullptr);
      pump(c, s);
      return transcript(c, s);
    };
    Lines o = both("no_auto_window_update, nothing consumed", quiet);
    expect_both("no WINDOW_UPDATE without consumption",
                !has(o, {"S> WINDOW_UPDATE"}), !has(last_ref, {"S> WINDOW_UPDATE"}));
  }

  void max_deflate_dynamic_table_size() {
    for (int limit : {-1, 0, 100}) {
      auto run = [&](const Side &side) {
        Trace t;
        Peer c(side, false, t, with([&](const Api &a, nghttp2_option *o) {
                 if (limit >= 0)
                   a.option_set_max_deflate_dynamic_table_size(o, size_t(limit));
               }));
        Peer s(side, true, t);
        Nv nv = request_nv();
        nv.fields.push_back({"x-custom-header", std::string(60, 'v')});
        nv.fields.push_back({"user-agent", "api-test"});
        c.api.submit_request(c.s, nullptr, nv.data(), nv.size(), nullptr,
                             nullptr);
        pump(c, s);
        t.addf("deflate table=%zu inflate table=%zu",
               c.api.session_get_hd_deflate_dynamic_table_size(c.s),
               s.api.session_get_hd_inflate_dynamic_table_size(s.s));
        return transcript(c, s);
      };
      std::string what =
          "max_deflate_dynamic_table_size=" + std::to_string(limit);
      Lines o = both(what, run);
      auto table = [](const Lines &l) -> long {
        for (auto &x : l)
          if (x.rfind("deflate table=", 0) == 0)
            return std::atol(x.c_str() + 14);
        return -1;
      };
      if (limit >= 0)
        expect_both(what + ": encoder table within the bound",
                    table(o) >= 0 && table(o) <= limit,
                    table(last_ref) >= 0 && table(last_ref) <= limit);
      else
        expect_both(what + ": default table holds the custom fields",
                    table(o) > 100, table(last_ref) > 100);
    }
  }

  // Before the server's SETTINGS arrive, a client may open only as many
  // streams as peer_max_concurrent_streams.
  void peer_max_concurrent_streams() {
    for (int limit : {-1, 1, 2}) {
      auto run = [&](const Side &side) {
        Trace t;
        Peer c(side, false, t, with([&](const Api &a, nghttp2_option *o) {
                 if (limit > 0)
                   a.option_set_peer_max_concurrent_streams(o, uint32_t(limit));
               }));
        Peer s(side, true, t);
        for (int i = 0; i < 3; ++i) {
          Nv nv = request_nv();
          t.addf("submit_request -> %d",
                 c.api.submit_request(c.s, nullptr, nv.data(), nv.size(),
                                      nullptr, nullptr));
        }
        auto first = h2diff::split_frames(c.send(), true);
        long headers = 0;
        for (auto &f : first.frames)
          headers += f.type == NGHTTP2_HEADERS;
        t.addf("HEADERS in first flight: %ld", headers);
        s.recv(c.wire);
        pump(c, s);
        return transcript(c, s);
      };
      std::string what = "peer_max_concurrent_streams=" + std::to_string(limit);
      Lines o = both(what, run);
      std::string want =
          "HEADERS in first flight: " + std::to_string(limit > 0 ? limit : 3);
      expect_both(what + ": " + want, has(o, {want.c_str()}),
                  has(last_ref, {want.c_str()}));
      expect_both(what + ": all three answered later",
                  count(o, {"C> HEADERS"}) == 3,
                  count(last_ref, {"C> HEADERS"}) == 3);
    }
  }

  void max_reserved_remote_streams() {
    for (int limit : {-1, 1}) {
      auto run = [&](const Side &side) {
        Trace t;
        Peer c(side, false, t, with([&](const Api &a, nghttp2_option *o) {
                 if (limit > 0)
                   a.option_set_max_reserved_remote_streams(o, uint32_t(limit));
               }));
        Peer s(side, true, t);
        Nv nv = request_nv();
        c.api.submit_request(c.s, nullptr, nv.data(), nv.size(), nullptr,
                             nullptr);
        pump(c, s);
        for (const char *path : {"/a.css", "/b.js"}) {
          Nv pnv = request_nv("GET", path);
          t.addf("submit_push_promise -> %d",
                 s.api.submit_push_promise(s.s, NGHTTP2_FLAG_NONE, 1,
                                           pnv.data(), pnv.size(), nullptr));
        }
        pump(c, s);
        return transcript(c, s);
      };
      std::string what = "max_reserved_remote_streams=" + std::to_string(limit);
      Lines o = both(what, run);
      bool want_rst = limit == 1;
      expect_both(what + (want_rst ? ": second promise refused"
                                   : ": both promises kept"),
                  has(o, {"C> RST_STREAM", "stream=4"}) == want_rst,
                  has(last_ref, {"C> RST_STREAM", "stream=4"}) == want_rst);
    }
  }

  void no_recv_client_magic() {
    for (int set = 0; set <= 1; ++set)
      for (int strip = 0; strip <= 1; ++strip) {
        auto run = [&](const Side &side) {
          std::vector<uint8_t> in = preface();
          if (strip)
            in = without_magic(in);
          return raw_to_server(side, in, [&](const Api &a, nghttp2_option *o) {
            if (set)
              a.option_set_no_recv_client_magic(o, 1);
          });
        };
        std::string what = std::string("no_recv_client_magic=") +
                           (set ? "1" : "0") + (strip ? ", no preface" : ", preface");
        Lines o = both(what, run);
        // Without the option a missing preface is a fatal BAD_CLIENT_MAGIC;
        // with it the preface itself is garbage framing (GOAWAY).
        bool ok = set == strip;
        std::string bad = "recv rv=" + std::to_string(NGHTTP2_ERR_BAD_CLIENT_MAGIC);
        auto accepted = [&](const Lines &l) {
          return has(l, {"S frame_recv SETTINGS"}) && !has(l, {"S> GOAWAY"}) &&
                 !has(l, {bad.c_str()});
        };
        expect_both(what + (ok ? ": SETTINGS accepted" : ": rejected"),
                    accepted(o) == ok, accepted(last_ref) == ok);
        if (!set && strip)
          expect_both(what + ": BAD_CLIENT_MAGIC", has(o, {bad.c_str()}),
                      has(last_ref, {bad.c_str()}));
      }
  }

  void no_http_messaging() {
    for (int set = 0; set <= 1; ++set) {
      auto run = [&](const Side &side) {
        Trace t;
        Peer c(side, false, t);
        Peer s(side, true, t, with([&](const Api &a, nghttp2_option *o) {
                 if (set)
                   a.option_set_no_http_messaging(o, 1);
               }));
        // No :path, an upper-case name: both break RFC 9113 section 8.
        Nv nv{{":method", "GET"}, {":scheme", "https"}, {"X-Upper", "1"}};
        c.api.submit_request(c.s, nullptr, nv.data(), nv.size(), nullptr,
                             nullptr);
        pump(c, s);
        return transcript(c, s);
      };
      std::string what = std::string("no_http_messaging=") + (set ? "1" : "0");
      Lines o = both(what, run);
      bool delivered = set;
      expect_both(what + (delivered ? ": request delivered" : ": stream reset"),
                  has(o, {"S frame_recv HEADERS sid=1"}) == delivered &&
                      has(o, {"S> RST_STREAM"}) != delivered,
                  has(last_ref, {"S frame_recv HEADERS sid=1"}) == delivered &&
                      has(last_ref, {"S> RST_STREAM"}) != delivered);
    }
  }

  void ws_validation() {
    for (int set = 0; set <= 1; ++set) {
      auto run = [&](const Side &side) {
        Trace t;
        Peer c(side, false, t);
        Peer s(side, true, t, with([&](const Api &a, nghttp2_option *o) {
                 if (set)
                   a.option_set_no_rfc9113_leading_and_trailing_ws_validation(o,
                                                                              1);
               }));
        Nv nv = request_nv();
        nv.fields.push_back({"x-padded", " value "});
        c.api.submit_request(c.s, nullptr, nv.data(), nv.size(), nullptr,
                             nullptr);
        pump(c, s);
        return transcript(c, s);
      };
      std::string what =
          std::string("no_rfc9113_leading_and_trailing_ws_validation=") +
          (set ? "1" : "0");
      Lines o = both(what, run);
      bool accepted = set;
      expect_both(what + (accepted ? ": padded value accepted" : ": rejected"),
                  has(o, {"S header sid=1 x-padded:  value "}) == accepted,
                  has(last_ref, {"S header sid=1 x-padded:  value "}) == accepted);
    }
  }

  void max_send_header_block_length() {
    for (int limit : {-1, 200}) {
      auto run = [&](const Side &side) {
        Trace t;
        Peer c(side, false, t, with([&](const Api &a, nghttp2_option *o) {
                 if (limit > 0)
                   a.option_set_max_send_header_block_length(o, size_t(limit));
               }));
        Peer s(side, true, t);
        Nv nv = request_nv();
        nv.fields.push_back({"x-big", std::string(300, 'z')});
        c.api.submit_request(c.s, nullptr, nv.data(), nv.size(), nullptr,
                             nullptr);
        pump(c, s);
        return transcript(c, s);
      };
      std::string what = "max_send_header_block_length=" + std::to_string(limit);
      Lines o = both(what, run);
      bool refused = limit > 0;
      std::string err = "err=" + std::to_string(NGHTTP2_ERR_FRAME_SIZE_ERROR);
      expect_both(what + (refused ? ": HEADERS not sent, FRAME_SIZE_ERROR"
                                  : ": HEADERS sent"),
                  has(o, {"frame_not_send HEADERS", err.c_str()}) == refused &&
                      has(o, {"C> HEADERS"}) != refused,
                  has(last_ref, {"frame_not_send HEADERS", err.c_str()}) ==
                          refused &&
                      has(last_ref, {"C> HEADERS"}) != refused);
    }
  }

  // PING ACKs the server cannot get out count against max_outbound_ack.
  void max_outbound_ack() {
    for (int limit : {-1, 3}) {
      auto run = [&](const Side &side) {
        std::vector<uint8_t> in = preface();
        for (int i = 0; i < 6; ++i)
          frame(in, NGHTTP2_PING, 0, 0, {0, 0, 0, 0, 0, 0, 0, uint8_t(i)});
        return raw_to_server(side, in, [&](const Api &a, nghttp2_option *o) {
          if (limit > 0)
            a.option_set_max_outbound_ack(o, size_t(limit));
        });
      };
      std::string what = "max_outbound_ack=" + std::to_string(limit);
      Lines o = both(what, run);
      std::string flooded = "recv rv=" + std::to_string(NGHTTP2_ERR_FLOODED);
      bool want = limit > 0;
      expect_both(what + (want ? ": FLOODED" : ": all PINGs answered"),
                  has(o, {flooded.c_str()}) == want,
                  has(last_ref, {flooded.c_str()}) == want);
    }
  }

  void max_settings() {
    for (int limit : {-1, 2}) {
      auto run = [&](const Side &side) {
        std::vector<uint8_t> in = preface();
        std::vector<uint8_t> p;
        for (uint16_t id : {1, 3, 4}) {
          p.push_back(0);
          p.push_back(uint8_t(id));
          p.insert(p.end(), {0, 0, 0x10, 0});
        }
        frame(in, NGHTTP2_SETTINGS, 0, 0, p);
        return raw_to_server(side, in, [&](const Api &a, nghttp2_option *o) {
          if (limit > 0)
            a.option_set_max_settings(o, size_t(limit));
        });
      };
      std::string what = "max_settings=" + std::to_string(limit);
      Lines o = both(what, run);
      bool calm = limit > 0;
      expect_both(what + (calm ? ": GOAWAY ENHANCE_YOUR_CALM" : ": accepted"),
                  has(o, {"S> GOAWAY"}) == calm, has(last_ref, {"S> GOAWAY"}) == calm);
    }
  }

  void max_continuations() {
    for (int limit : {-1, 3}) {
      auto run = [&](const Side &side) {
        std::vector<uint8_t> in = preface();
        // :method GET, :scheme https, :path /, :authority a (literal).
        frame(in, NGHTTP2_HEADERS, NGHTTP2_FLAG_END_STREAM, 1,
              {0x82, 0x87, 0x84, 0x41, 0x01, 'a'});
        for (int i = 0; i < 5; ++i)
          frame(in, NGHTTP2_CONTINUATION,
                i == 4 ? NGHTTP2_FLAG_END_HEADERS : 0, 1, {});
        return raw_to_server(side, in, [&](const Api &a, nghttp2_option *o) {
          if (limit > 0)
            a.option_set_max_continuations(o, size_t(limit));
        });
      };
      std::string what = "max_continuations=" + std::to_string(limit);
      Lines o = both(what, run);
      bool refused = limit > 0;
      expect_both(what + (refused ? ": too many CONTINUATIONs" : ": request accepted"),
                  has(o, {"S frame_recv HEADERS sid=1"}) != refused,
                  has(last_ref, {"S frame_recv HEADERS sid=1"}) != refused);
    }
  }

  // Rapid reset: streams the client opens and cancels drain the bucket.
  void stream_reset_rate_limit() {
    for (int burst : {-1, 2}) {
      auto run = [&](const Side &side) {
        std::vector<uint8_t> in = preface();
        for (uint32_t sid = 1; sid <= 9; sid += 2) {
          frame(in, NGHTTP2_HEADERS,
                NGHTTP2_FLAG_END_HEADERS | NGHTTP2_FLAG_END_STREAM, sid,
                {0x82, 0x87, 0x84, 0x41, 0x01, 'a'});
          frame(in, NGHTTP2_RST_STREAM, 0, sid, {0, 0, 0, 8});
        }
        return raw_to_server(side, in, [&](const Api &a, nghttp2_option *o) {
          if (burst > 0)
            a.option_set_stream_reset_rate_limit(o, uint64_t(burst), 0);
        });
      };
      std::string what = "stream_reset_rate_limit burst=" + std::to_string(burst);
      Lines o = both(what, run);
      bool calm = burst > 0;
      // Upstream answers a rapid reset with INTERNAL_ERROR, naming the last
      // stream it processed before the bucket ran dry.
      expect_both(what + (calm ? ": GOAWAY INTERNAL_ERROR" : ": no GOAWAY"),
                  has(o, {"S frame_send GOAWAY", "error=2"}) == calm &&
                      has(o, {"S> GOAWAY"}) == calm,
                  has(last_ref, {"S frame_send GOAWAY", "error=2"}) == calm &&
                      has(last_ref, {"S> GOAWAY"}) == calm);
    }
  }

  // Not in 1.52: each request breaking HTTP messaging is a glitch; with a
  // burst of 2 and no refill the third ends the connection. Compared with
  // the reference only for the unset case (same transcript as the default).
  void glitch_rate_limit() {
    auto input = [] {
      std::vector<uint8_t> in = preface();
      for (uint32_t sid = 1; sid <= 7; sid += 2)
        // :method GET, :scheme https, no :path.
        frame(in, NGHTTP2_HEADERS,
              NGHTTP2_FLAG_END_HEADERS | NGHTTP2_FLAG_END_STREAM, sid,
              {0x82, 0x87, 0x41, 0x01, 'a'});
      return in;
    };
    Lines def = both("glitch_rate_limit unset (4 malformed requests)",
                     [&](const Side &side) { return raw_to_server(side, input(), {}); });
    h.check().expect("default glitch bucket: every request just reset",
                     count(def, {"S> RST_STREAM"}) == 4 && !has(def, {"S> GOAWAY"}));
    if (!need(h, h.ours(), {"nghttp2_option_set_glitch_rate_limit"}))
      return;
    Lines o = raw_to_server(h.ours(), input(), [](const Api &a, nghttp2_option *op) {
      a.option_set_glitch_rate_limit(op, 2, 0);
    });
    ++scenarios;
    h.check().expect("glitch_rate_limit(2, 0): GOAWAY ENHANCE_YOUR_CALM",
                     has(o, {"S frame_send GOAWAY", "error=11"}));
    h.check().expect("glitch_rate_limit(2, 0): fewer than 4 resets",
                     count(o, {"S> RST_STREAM"}) < 4);
    Lines wide = raw_to_server(h.ours(), input(), [](const Api &a, nghttp2_option *op) {
      a.option_set_glitch_rate_limit(op, 10, 0);
    });
    h.check().seq("glitch_rate_limit(10, 0) == default", def, wide);
    if (!h.ref_lacks("nghttp2_option_set_glitch_rate_limit") &&
        need(h, h.ref(), {"nghttp2_option_set_glitch_rate_limit"})) {
      Lines r = raw_to_server(h.ref(), input(), [](const Api &a, nghttp2_option *op) {
        a.option_set_glitch_rate_limit(op, 2, 0);
      });
      h.check().seq("glitch_rate_limit(2, 0)", r, o);
    }
  }

  // Not in any release: the outbound queue is measured after mem_recv, and
  // exceeding the cap is NGHTTP2_ERR_FLOODED.
  void max_outbound_queue_size() {
    auto input = [] {
      std::vector<uint8_t> in = preface();
      for (int i = 0; i < 5; ++i)
        frame(in, NGHTTP2_PING, 0, 0, {0, 0, 0, 0, 0, 0, 0, uint8_t(i)});
      return in;
    };
    Lines def = both("max_outbound_queue_size unset (5 PINGs)",
                     [&](const Side &side) { return raw_to_server(side, input(), {}); });
    h.check().expect("default queue cap: all 5 PINGs answered",
                     count(def, {"S> PING", "ACK"}) == 5);
    if (!need(h, h.ours(), {"nghttp2_option_set_max_outbound_queue_size"}))
      return;
    ++scenarios;
    Lines o = raw_to_server(h.ours(), input(), [](const Api &a, nghttp2_option *op) {
      a.option_set_max_outbound_queue_size(op, 3);
    });
    std::string flooded = "recv rv=" + std::to_string(NGHTTP2_ERR_FLOODED);
    h.check().expect("max_outbound_queue_size=3: FLOODED", has(o, {flooded.c_str()}));
    Lines roomy = raw_to_server(h.ours(), input(), [](const Api &a, nghttp2_option *op) {
      a.option_set_max_outbound_queue_size(op, 7);
    });
    h.check().seq("max_outbound_queue_size=7 == default", def, roomy);
  }

  // Options kept for source compatibility that newest upstream ignores.
  void ignored_options() {
    auto run = [&](const Side &side, bool set) {
      Trace t;
      auto opt = [&](const Api &a, nghttp2_option *o) {
        if (set) {
          a.option_set_no_closed_streams(o, 1);
          a.option_set_server_fallback_rfc7540_priorities(o, 1);
        }
      };
      Peer c(side, false, t, with(opt));
      Peer s(side, true, t, with(opt));
      Nv nv = request_nv();
      c.api.submit_request(c.s, nullptr, nv.data(), nv.size(), nullptr, nullptr);
      pump(c, s);
      Nv rnv = response_nv();
      s.api.submit_response(s.s, 1, rnv.data(), rnv.size(), nullptr);
      pump(c, s);
      t.addf("server find_stream(1) after close: %s",
             s.api.session_find_stream(s.s, 1) ? "kept" : "gone");
      return transcript(c, s);
    };
    Lines plain = both("no_closed_streams/server_fallback unset",
                       [&](const Side &sd) { return run(sd, false); },
                       "option.no_closed_streams");
    Lines set = both("no_closed_streams=1, server_fallback_rfc7540_priorities=1",
                     [&](const Side &sd) { return run(sd, true); },
                     "option.no_closed_streams");
    h.check().seq("ours: ignored options change nothing", plain, set);
    h.check().expect("ours: closed stream forgotten",
                     has(set, {"find_stream(1) after close: gone"}));
  }
};

} // namespace

int main(int argc, char **argv) {
  OptionsTest t(argc, argv);
  t.no_auto_ping_ack();
  t.no_auto_window_update();
  t.max_deflate_dynamic_table_size();
  t.peer_max_concurrent_streams();
  t.max_reserved_remote_streams();
  t.no_recv_client_magic();
  t.no_http_messaging();
  t.ws_validation();
  t.max_send_header_block_length();
  t.max_outbound_ack();
  t.max_settings();
  t.max_continuations();
  t.stream_reset_rate_limit();
  t.glitch_rate_limit();
  t.max_outbound_queue_size();
  t.ignored_options();
  t.h.check().add_count("scenarios", t.scenarios);
  return t.h.finish();
}

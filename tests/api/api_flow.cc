// Conversations that exercise several API functions together the way
// applications combine them: flow control with window changes, SETTINGS
// changes mid-connection, large header blocks (CONTINUATION), padding,
// interim responses, GOAWAY refusing streams, extended CONNECT and
// trailers. Each runs through the reference and through h2pool and the
// transcripts must match; key facts are asserted on both.
#include <cstdio>
#include <cstring>

#include "conv.h"

using namespace apitest;
using h2diff::Harness;

namespace {

using Lines = std::vector<std::string>;

class FlowTest : public DiffTest {
public:
  FlowTest(int argc, char **argv) : DiffTest("api-flow", argc, argv) {}

  // A 100 kB response through a 10000-byte stream window that the client
  // widens with WINDOW_UPDATE and a SETTINGS change.
  void flow_control() {
    Lines o = both("flow control, window changes mid-stream", [&](const Side &side) {
      Trace t;
      const Api &a = *side;
      PeerSetup cs;
      cs.settings = {{NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, 10000}};
      cs.option = [](const Api &api, nghttp2_option *op) {
        api.option_set_no_auto_window_update(op, 1);
      };
      Peer c(side, false, t, cs);
      Peer s(side, true, t);
      Nv nv = request_nv();
      a.submit_request(c.s, nullptr, nv.data(), nv.size(), nullptr, nullptr);
      pump(c, s);
      s.bodies[1] = std::string(100000, 'w');
      Nv rnv = response_nv();
      nghttp2_data_provider dp = Peer::provider();
      a.submit_response(s.s, 1, rnv.data(), rnv.size(), &dp);
      pump(c, s);
      t.addf("S stream remote window=%d conn=%d want_write=%d",
             a.session_get_stream_remote_window_size(s.s, 1),
             a.session_get_remote_window_size(s.s), a.session_want_write(s.s));
      t.addf("C recv length=%d", a.session_get_stream_effective_recv_data_length(c.s, 1));
      a.session_consume(c.s, 1, 10000);
      pump(c, s);
      nghttp2_settings_entry iv{NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, 30000};
      t.addf("C settings(window 30000) -> %d", a.submit_settings(c.s, 0, &iv, 1));
      pump(c, s);
      t.addf("S stream remote window=%d conn=%d",
             a.session_get_stream_remote_window_size(s.s, 1),
             a.session_get_remote_window_size(s.s));
      t.addf("C set_local_window_size(1, 200000) -> %d",
             a.session_set_local_window_size(c.s, 0, 1, 200000));
      t.addf("C set_local_window_size(0, 200000) -> %d",
             a.session_set_local_window_size(c.s, 0, 0, 200000));
      for (int i = 0; i < 10; ++i) {
        a.session_consume(c.s, 1, size_t(a.session_get_stream_effective_recv_data_length(c.s, 1)));
        pump(c, s);
      }
      t.addf("C stream local window=%d", a.session_get_stream_local_window_size(c.s, 1));
      return transcript(c, s);
    });
    expect_both("whole body delivered, END_STREAM last",
                has(o, {"C stream_close sid=1 error=0"}),
                has(last_ref, {"C stream_close sid=1 error=0"}));
    expect_both("first flight limited to the 10000-byte window",
                has(o, {"S stream remote window=0 conn=55535 want_write=0"}),
                has(last_ref, {"S stream remote window=0 conn=55535 want_write=0"}));
  }

  // HEADER_TABLE_SIZE changes: the encoder must signal the new size in the
  // next header block; MAX_HEADER_LIST_SIZE is advisory for senders.
  void settings_changes() {
    Lines o = both("header table size changes", [&](const Side &side) {
      Trace t;
      const Api &a = *side;
      Peer c(side, false, t);
      Peer s(side, true, t);
      auto req = [&](const char *path) {
        Nv nv = request_nv("GET", path);
        nv.fields.push_back({"x-repeated", "same value every time"});
        a.submit_request(c.s, nullptr, nv.data(), nv.size(), nullptr, nullptr);
        pump(c, s);
      };
      req("/1");
      req("/2");
      nghttp2_settings_entry small{NGHTTP2_SETTINGS_HEADER_TABLE_SIZE, 64};
      a.submit_settings(s.s, 0, &small, 1);
      pump(c, s);
      t.addf("C deflate table=%zu", a.session_get_hd_deflate_dynamic_table_size(c.s));
      req("/3");
      nghttp2_settings_entry zero{NGHTTP2_SETTINGS_HEADER_TABLE_SIZE, 0};
      nghttp2_settings_entry back{NGHTTP2_SETTINGS_HEADER_TABLE_SIZE, 4096};
      a.submit_settings(s.s, 0, &zero, 1);
      a.submit_settings(s.s, 0, &back, 1);
      pump(c, s);
      req("/4");
      t.addf("S inflate table=%zu C deflate table=%zu",
             a.session_get_hd_inflate_dynamic_table_size(s.s),
             a.session_get_hd_deflate_dynamic_table_size(c.s));
      return transcript(c, s);
    });
    // 0x3f 0x21 = table size update to 64; 0x20 = update to 0.
    expect_both("size update to 64 leads the third request",
                has(o, {"C> HEADERS", "stream=5 3f 21"}),
                has(last_ref, {"C> HEADERS", "stream=5 3f 21"}));
    expect_both("zero then 4096 both signalled",
                has(o, {"C> HEADERS", "stream=7 20 3f e1 1f"}),
                has(last_ref, {"C> HEADERS", "stream=7 20 3f e1 1f"}));
  }

  void big_headers() {
    Lines o = both("header block over CONTINUATION frames", [&](const Side &side) {
      Trace t;
      const Api &a = *side;
      Peer c(side, false, t);
      Peer s(side, true, t);
      Nv nv = request_nv();
      for (int i = 0; i < 5; ++i)
        nv.fields.push_back({"x-big-" + std::to_string(i), std::string(8000, char('a' + i))});
      t.addf("submit_request -> %d",
             a.submit_request(c.s, nullptr, nv.data(), nv.size(), nullptr, nullptr));
      pump(c, s);
      Nv rnv = response_nv();
      rnv.fields.push_back({"x-echo", std::string(20000, 'e')});
      a.submit_response(s.s, 1, rnv.data(), rnv.size(), nullptr);
      pump(c, s);
      return transcript(c, s);
    });
    expect_both("request needs CONTINUATION, all 9 fields arrive",
                has(o, {"C> CONTINUATION"}) &&
                    has(o, {"S frame_recv HEADERS sid=1"}) &&
                    has(o, {"S header sid=1 x-big-4: eeee"}),
                has(last_ref, {"C> CONTINUATION"}) &&
                    has(last_ref, {"S header sid=1 x-big-4: eeee"}));
  }

  // Interim 1xx responses, then the final one with a body and trailers.
  void interim_and_trailers() {
    Lines o = both("100-continue, 103, final response, trailers", [&](const Side &side) {
      Trace t;
      const Api &a = *side;
      Peer c(side, false, t);
      Peer s(side, true, t);
      Nv nv = request_nv("POST");
      nv.fields.push_back({"expect", "100-continue"});
      nv.fields.push_back({"te", "trailers"});
      c.bodies[1] = "payload";
      nghttp2_data_provider dp = Peer::provider();
      a.submit_request(c.s, nullptr, nv.data(), nv.size(), &dp, nullptr);
      pump(c, s);
      Nv cont{{":status", "100"}};
      Nv early{{":status", "103"}, {"link", "</s.css>; rel=preload"}};
      t.addf("headers(100) -> %d",
             a.submit_headers(s.s, 0, 1, nullptr, cont.data(), cont.size(), nullptr));
      t.addf("headers(103) -> %d",
             a.submit_headers(s.s, 0, 1, nullptr, early.data(), early.size(), nullptr));
      Nv fin{{":status", "200"}, {"content-length", "4"}};
      s.bodies[1] = "done";
      nghttp2_data_provider sdp;
      sdp.source.ptr = nullptr;
      // The provider ends the body without END_STREAM; trailers follow.
      sdp.read_callback = [](nghttp2_session *, int32_t, uint8_t *buf, size_t,
                             uint32_t *flags, nghttp2_data_source *, void *) -> ssize_t {
        std::memcpy(buf, "done", 4);
        *flags |= NGHTTP2_DATA_FLAG_EOF | NGHTTP2_DATA_FLAG_NO_END_STREAM;
        return 4;
      };
      t.addf("response -> %d", a.submit_response(s.s, 1, fin.data(), fin.size(), &sdp));
      pump(c, s);
      Nv tr{{"x-checksum", "abc"}};
      t.addf("trailer -> %d", a.submit_trailer(s.s, 1, tr.data(), tr.size()));
      pump(c, s);
      // Pseudo header in trailers is malformed.
      Nv nv3 = request_nv();
      a.submit_request(c.s, nullptr, nv3.data(), nv3.size(), nullptr, nullptr);
      pump(c, s);
      a.submit_response(s.s, 3, fin.data(), fin.size(), &sdp);
      pump(c, s);
      Nv badtr{{":status", "200"}};
      a.submit_trailer(s.s, 3, badtr.data(), badtr.size());
      pump(c, s);
      return transcript(c, s);
    });
    // Only the first block of a stream is a response (cat 1); the 103,
    // the final response and the trailers all come as NGHTTP2_HCAT_HEADERS.
    auto cats = [](const Lines &l) {
      return count(l, {"C frame_recv HEADERS sid=1", "cat=1"}) == 1 &&
             count(l, {"C frame_recv HEADERS sid=1", "cat=3"}) == 3 &&
             has(l, {"C header sid=1 :status: 103"}) &&
             has(l, {"C header sid=1 :status: 200"});
    };
    expect_both("100 is the response block; 103, 200 and trailers are HEADERS",
                cats(o), cats(last_ref));
    expect_both("trailers with END_STREAM close stream 1 cleanly",
                has(o, {"C header sid=1 x-checksum: abc"}) &&
                    has(o, {"C stream_close sid=1 error=0"}),
                has(last_ref, {"C header sid=1 x-checksum: abc"}) &&
                    has(last_ref, {"C stream_close sid=1 error=0"}));
    expect_both("pseudo header in trailers resets stream 3",
                has(o, {"C> RST_STREAM", "stream=3 00 00 00 01"}),
                has(last_ref, {"C> RST_STREAM", "stream=3 00 00 00 01"}));
  }

  void goaway_refuses() {
    Lines o = both("GOAWAY refuses streams above last_stream_id", [&](const Side &side) {
      Trace t;
      const Api &a = *side;
      Peer c(side, false, t);
      Peer s(side, true, t);
      for (int i = 0; i < 4; ++i) {
        Nv nv = request_nv();
        a.submit_request(c.s, nullptr, nv.data(), nv.size(), nullptr, nullptr);
      }
      pump(c, s);
      t.addf("goaway(last 3) -> %d",
             a.submit_goaway(s.s, 0, 3, NGHTTP2_NO_ERROR, nullptr, 0));
      pump(c, s);
      Nv rnv = response_nv();
      for (int32_t sid = 1; sid <= 7; sid += 2)
        t.addf("response(%d) -> %d", sid,
               a.submit_response(s.s, sid, rnv.data(), rnv.size(), nullptr));
      pump(c, s);
      t.addf("C want_read=%d want_write=%d", a.session_want_read(c.s),
             a.session_want_write(c.s));
      return transcript(c, s);
    });
    expect_both("streams 5 and 7 closed with REFUSED_STREAM on the client",
                has(o, {"C stream_close sid=5 error=7"}) &&
                    has(o, {"C stream_close sid=7 error=7"}) &&
                    has(o, {"C stream_close sid=3 error=0"}),
                has(last_ref, {"C stream_close sid=5 error=7"}) &&
                    has(last_ref, {"C stream_close sid=7 error=7"}));
  }

  // RFC 8441: :protocol is allowed only after the server enabled it.
  void extended_connect() {
    for (bool enabled : {true, false}) {
      std::string w = std::string("extended CONNECT, server ") +
                      (enabled ? "enables" : "does not enable") + " it";
      Lines o = both(w, [&](const Side &side) {
        Trace t;
        const Api &a = *side;
        PeerSetup ss;
        if (enabled)
          ss.settings = {{NGHTTP2_SETTINGS_ENABLE_CONNECT_PROTOCOL, 1}};
        Peer c(side, false, t);
        Peer s(side, true, t, ss);
        pump(c, s);
        Nv nv{{":method", "CONNECT"},
              {":protocol", "websocket"},
              {":scheme", "https"},
              {":path", "/chat"},
              {":authority", "example.org"}};
        c.bodies[1] = "frame";
        nghttp2_data_provider dp = Peer::provider();
        t.addf("submit_request -> %d",
               a.submit_request(c.s, nullptr, nv.data(), nv.size(), &dp, nullptr));
        pump(c, s);
        t.addf("C remote ENABLE_CONNECT_PROTOCOL=%u",
               a.session_get_remote_settings(c.s, NGHTTP2_SETTINGS_ENABLE_CONNECT_PROTOCOL));
        return transcript(c, s);
      });
      bool ok = enabled;
      expect_both(w + (ok ? ": request delivered" : ": stream reset"),
                  has(o, {"S header sid=1 :protocol: websocket"}) == ok &&
                      has(o, {"S> RST_STREAM"}) != ok,
                  has(last_ref, {"S header sid=1 :protocol: websocket"}) == ok &&
                      has(last_ref, {"S> RST_STREAM"}) != ok);
    }
  }

  void padding_received() {
    Lines o = both("padded HEADERS and DATA received", [&](const Side &side) {
      Trace t;
      const Api &a = *side;
      Peer s(side, true, t);
      const char *magic = NGHTTP2_CLIENT_MAGIC;
      std::vector<uint8_t> in(magic, magic + NGHTTP2_CLIENT_MAGIC_LEN);
      auto frame = [&](uint8_t type, uint8_t flags, uint32_t sid,
                       std::vector<uint8_t> p) {
        size_t n = p.size();
        in.insert(in.end(), {uint8_t(n >> 16), uint8_t(n >> 8), uint8_t(n), type, flags,
                             uint8_t(sid >> 24), uint8_t(sid >> 16), uint8_t(sid >> 8),
                             uint8_t(sid)});
        in.insert(in.end(), p.begin(), p.end());
      };
      frame(NGHTTP2_SETTINGS, 0, 0, {});
      // PADDED HEADERS: pad length 3, POST / https a, padding.
      frame(NGHTTP2_HEADERS, NGHTTP2_FLAG_END_HEADERS | NGHTTP2_FLAG_PADDED, 1,
            {3, 0x83, 0x87, 0x84, 0x41, 0x01, 'a', 0, 0, 0});
      frame(NGHTTP2_DATA, NGHTTP2_FLAG_PADDED, 1, {2, 'h', 'i', 0, 0});
      // Pad length equal to the rest: no data at all.
      frame(NGHTTP2_DATA, NGHTTP2_FLAG_PADDED, 1, {4, 0, 0, 0, 0});
      // Pad length beyond the payload: PROTOCOL_ERROR.
      frame(NGHTTP2_DATA, NGHTTP2_FLAG_PADDED | NGHTTP2_FLAG_END_STREAM, 1, {9, 'x'});
      s.rec("recv rv=%ld", s.recv(in));
      s.send();
      t.addf("S recv length=%d conn=%d",
             a.session_get_effective_recv_data_length(s.s),
             a.session_get_stream_effective_recv_data_length(s.s, 1));
      Lines out = t.events;
      for (auto &l : prefixed("S> ", s.frames()))
        out.push_back(l);
      return out;
    });
    expect_both("padding stripped, bad pad length is PROTOCOL_ERROR",
                has(o, {"S data_chunk sid=1 flags=0x08 hi"}) &&
                    has(o, {"S frame_send GOAWAY", "error=1"}),
                has(last_ref, {"S data_chunk sid=1 flags=0x08 hi"}) &&
                    has(last_ref, {"S frame_send GOAWAY", "error=1"}));
  }
};

} // namespace

int main(int argc, char **argv) {
  FlowTest t(argc, argv);
  t.flow_control();
  t.settings_changes();
  t.big_headers();
  t.interim_and_trailers();
  t.goaway_refuses();
  t.extended_connect();
  t.padding_received();
  t.h.check().add_count("scenarios", t.scenarios);
  return t.h.finish();
}

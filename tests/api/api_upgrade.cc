// HTTP/1.1 Upgrade to h2c: nghttp2_pack_settings_payload(2) builds the
// HTTP2-Settings value, nghttp2_session_upgrade(2) opens stream 1 on both
// ends (half-closed local on the client, half-closed remote on the server,
// the payload applied as the client's SETTINGS), and head_request tells
// the client a HEAD response carries no body whatever content-length says.
#include <cstdio>
#include <cstring>

#include "conv.h"

using namespace apitest;
using h2diff::Harness;

namespace {

using Lines = std::vector<std::string>;

enum Mode { kUpgrade, kUpgrade2Get, kUpgrade2Head };
const char *mode_name(int m) {
  return m == kUpgrade ? "session_upgrade"
         : m == kUpgrade2Get ? "session_upgrade2(head_request=0)"
                             : "session_upgrade2(head_request=1)";
}

std::vector<uint8_t> payload(const Api &a, bool use2,
                             std::vector<nghttp2_settings_entry> iv) {
  std::vector<uint8_t> buf(64);
  long n = use2 ? long(a.pack_settings_payload2(buf.data(), buf.size(),
                                                iv.data(), iv.size()))
                : long(a.pack_settings_payload(buf.data(), buf.size(),
                                               iv.data(), iv.size()));
  buf.resize(n < 0 ? 0 : size_t(n));
  return buf;
}

int upgrade(const Api &a, nghttp2_session *s, int mode,
            const std::vector<uint8_t> &p, void *ud) {
  if (mode == kUpgrade)
    return a.session_upgrade(s, p.data(), p.size(), ud);
  return a.session_upgrade2(s, p.data(), p.size(), mode == kUpgrade2Head, ud);
}

void stream_state(Trace &t, const char *who, const Api &a, nghttp2_session *s,
                  int32_t sid) {
  nghttp2_stream *st = a.session_find_stream(s, sid);
  t.addf("%s stream %d: %s state=%d local_close=%d remote_close=%d", who, sid,
         st ? "open" : "absent", st ? int(a.stream_get_state(st)) : -1,
         a.session_get_stream_local_close(s, sid),
         a.session_get_stream_remote_close(s, sid));
}

class UpgradeTest : public DiffTest {
public:
  UpgradeTest(int argc, char **argv) : DiffTest("api-upgrade", argc, argv) {}

  void pack_settings() {
    auto run = [&](const Side &side, bool use2) {
      const Api &a = *side;
      Lines l;
      auto pack = [&](const char *what, size_t cap,
                      std::vector<nghttp2_settings_entry> iv) {
        std::vector<uint8_t> buf(cap);
        long n = use2 ? long(a.pack_settings_payload2(buf.data(), cap, iv.data(),
                                                      iv.size()))
                      : long(a.pack_settings_payload(buf.data(), cap, iv.data(),
                                                     iv.size()));
        l.push_back(std::string(what) + " -> " + std::to_string(n) + " " +
                    (n > 0 ? hex(buf.data(), size_t(n)) : ""));
      };
      pack("two entries", 64,
           {{NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, 100},
            {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, 1000}});
      pack("empty", 64, {});
      pack("exact fit", 6, {{NGHTTP2_SETTINGS_ENABLE_PUSH, 0}});
      pack("one byte short", 11,
           {{NGHTTP2_SETTINGS_ENABLE_PUSH, 0}, {NGHTTP2_SETTINGS_HEADER_TABLE_SIZE, 0}});
      pack("ENABLE_PUSH=2", 64, {{NGHTTP2_SETTINGS_ENABLE_PUSH, 2}});
      pack("window too large", 64,
           {{NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, 1u << 31}});
      pack("frame size too small", 64, {{NGHTTP2_SETTINGS_MAX_FRAME_SIZE, 100}});
      pack("unknown id", 64, {{0x77, 5}});
      return l;
    };
    Lines o = both("pack_settings_payload", [&](const Side &s) { return run(s, false); });
    std::string insuff = "one byte short -> " + std::to_string(NGHTTP2_ERR_INSUFF_BUFSIZE),
                push = "ENABLE_PUSH=2 -> " + std::to_string(NGHTTP2_ERR_INVALID_ARGUMENT);
    auto rules = [&](const Lines &l) {
      return has(l, {"two entries -> 12 000300000064000400000" "3e8"}) &&
             has(l, {"empty -> 0"}) && has(l, {"exact fit -> 6 000200000000"}) &&
             has(l, {insuff.c_str()}) && has(l, {push.c_str()});
    };
    expect_both("pack_settings_payload values", rules(o), rules(last_ref));
    if (!need(h, h.ours(), {"nghttp2_pack_settings_payload2"}))
      return;
    ++scenarios;
    h.check().seq("pack_settings_payload2 == reference pack_settings_payload",
                  last_ref, run(h.ours(), true));
  }

  // One upgraded exchange: the client announces a 1000-byte stream window
  // in HTTP2-Settings, the server answers on stream 1 with
  // content-length: 5 and (unless `body`) no DATA.
  Lines exchange(const Side &side, int mode, bool body, bool payload2) {
    Trace t;
    const Api &a = *side;
    PeerSetup cs;
    cs.initial_settings = false; // upgrade submits the payload's SETTINGS
    Peer c(side, false, t, cs);
    Peer s(side, true, t);
    auto p = payload(a, payload2,
                     {{NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, 100},
                      {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, 1000}});
    static int marker;
    t.addf("client upgrade -> %d", upgrade(a, c.s, mode, p, &marker));
    t.addf("server upgrade -> %d", upgrade(a, s.s, mode, p, &marker));
    t.addf("client stream 1 user data is ours: %d",
           a.session_get_stream_user_data(c.s, 1) == &marker);
    t.addf("server stream 1 user data is null: %d",
           a.session_get_stream_user_data(s.s, 1) == nullptr);
    t.addf("client next_stream_id=%u server last_proc=%d",
           a.session_get_next_stream_id(c.s),
           a.session_get_last_proc_stream_id(s.s));
    t.addf("server sees remote INITIAL_WINDOW_SIZE=%u MAX_CONCURRENT=%u",
           a.session_get_remote_settings(s.s, NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE),
           a.session_get_remote_settings(s.s, NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS));
    t.addf("server stream 1 remote window=%d",
           a.session_get_stream_remote_window_size(s.s, 1));
    stream_state(t, "client", a, c.s, 1);
    stream_state(t, "server", a, s.s, 1);
    t.addf("again -> %d", upgrade(a, c.s, mode, p, &marker));
    pump(c, s);
    Nv rnv{{":status", "200"}, {"content-length", "5"}};
    nghttp2_data_provider dp = Peer::provider();
    s.bodies[1] = "hello";
    t.addf("submit_response -> %d",
           a.submit_response(s.s, 1, rnv.data(), rnv.size(), body ? &dp : nullptr));
    pump(c, s);
    Nv nv = request_nv();
    t.addf("next request -> %d",
           a.submit_request(c.s, nullptr, nv.data(), nv.size(), nullptr, nullptr));
    pump(c, s);
    return transcript(c, s);
  }

  void upgrades() {
    for (int mode : {kUpgrade, kUpgrade2Get, kUpgrade2Head})
      for (bool body : {true, false}) {
        std::string w = std::string(mode_name(mode)) +
                        (body ? ", 5-byte body" : ", no body");
        // A body the client must reject is reported through
        // on_invalid_frame_recv first since upstream 1.69.
        Lines o = both(w, [&](const Side &s) { return exchange(s, mode, body, false); },
                       "http.data-violation-invalid-frame-callback");
        auto basics = [&](const Lines &l) {
          return has(l, {"client upgrade -> 0"}) && has(l, {"server upgrade -> 0"}) &&
                 has(l, {"client stream 1 user data is ours: 1"}) &&
                 has(l, {"server stream 1 user data is null: 1"}) &&
                 has(l, {"client next_stream_id=3 server last_proc=1"}) &&
                 has(l, {"server sees remote INITIAL_WINDOW_SIZE=1000 MAX_CONCURRENT=100"}) &&
                 has(l, {"server stream 1 remote window=1000"}) &&
                 has(l, {"client stream 1: open", "local_close=1 remote_close=0"}) &&
                 has(l, {"server stream 1: open", "local_close=0 remote_close=1"}) &&
                 has(l, {"again -> ", std::to_string(NGHTTP2_ERR_PROTO).c_str()}) &&
                 has(l, {"next request -> 3"});
        };
        expect_both(w + ": stream 1 and settings", basics(o), basics(last_ref));
        // Which responses the client accepts: a body matching
        // content-length always; an empty one only for HEAD, or with the
        // old upgrade that cannot know the method.
        bool accepted = body ? mode != kUpgrade2Head : mode != kUpgrade2Get;
        auto ok = [&](const Lines &l) {
          return has(l, {"C stream_close sid=1 error=0"}) &&
                 !has(l, {"C> RST_STREAM", "stream=1 "});
        };
        expect_both(w + (accepted ? ": response accepted" : ": response reset"),
                    ok(o) == accepted, ok(last_ref) == accepted);
      }
    if (!need(h, h.ours(), {"nghttp2_pack_settings_payload2"}))
      return;
    ++scenarios;
    h.check().seq("upgrade2 with pack_settings_payload2 == reference",
                  exchange(h.ref(), kUpgrade2Get, true, false),
                  exchange(h.ours(), kUpgrade2Get, true, true));
  }

  void upgrade_errors() {
    Lines o = both("upgrade argument errors", [&](const Side &side) {
      Trace t;
      const Api &a = *side;
      auto p = payload(a, false, {{NGHTTP2_SETTINGS_ENABLE_PUSH, 0},
                                  {NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, 10}});
      std::vector<uint8_t> odd(p.begin(), p.end() - 1);
      std::vector<uint8_t> bad = {0, 2, 0, 0, 0, 2}; // ENABLE_PUSH=2
      {
        Peer c(side, false, t);
        t.addf("odd length -> %d", upgrade(a, c.s, kUpgrade2Get, odd, nullptr));
        t.addf("after failure -> %d", upgrade(a, c.s, kUpgrade2Get, p, nullptr));
      }
      {
        Peer c(side, false, t);
        Nv nv = request_nv();
        a.submit_request(c.s, nullptr, nv.data(), nv.size(), nullptr, nullptr);
        c.send();
        t.addf("client after a request -> %d",
               upgrade(a, c.s, kUpgrade2Get, p, nullptr));
      }
      {
        PeerSetup ss;
        ss.option = [](const Api &api, nghttp2_option *o) {
          api.option_set_max_settings(o, 1);
        };
        Peer s(side, true, t, ss);
        t.addf("server, too many settings -> %d",
               upgrade(a, s.s, kUpgrade2Get, p, nullptr));
      }
      {
        Peer s(side, true, t);
        t.addf("server, ENABLE_PUSH=2 -> %d",
               upgrade(a, s.s, kUpgrade2Get, bad, nullptr));
      }
      {
        Peer s(side, true, t);
        t.addf("server, empty payload -> %d",
               upgrade(a, s.s, kUpgrade, {}, nullptr));
        stream_state(t, "server", a, s.s, 1);
      }
      return t.events;
    });
    std::string arg = std::to_string(NGHTTP2_ERR_INVALID_ARGUMENT),
                proto = std::to_string(NGHTTP2_ERR_PROTO),
                many = std::to_string(NGHTTP2_ERR_TOO_MANY_SETTINGS);
    auto rules = [&](const Lines &l) {
      return has(l, {"odd length -> ", arg.c_str()}) &&
             has(l, {"after failure -> 0"}) &&
             has(l, {"client after a request -> ", proto.c_str()}) &&
             has(l, {"server, too many settings -> ", many.c_str()}) &&
             has(l, {"server, empty payload -> 0"});
    };
    expect_both("upgrade error codes", rules(o), rules(last_ref));
  }
};

} // namespace

int main(int argc, char **argv) {
  UpgradeTest t(argc, argv);
  t.pack_settings();
  t.upgrades();
  t.upgrade_errors();
  t.h.check().add_count("scenarios", t.scenarios);
  return t.h.finish();
}

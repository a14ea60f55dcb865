// The scripted catalogue. Each scenario reads as the conversation it tests;
// the reference library decides what the right answer is.
#include "scenario.h"

#include <functional>

namespace sdiff {

namespace {

using IV = std::vector<std::pair<uint16_t, uint32_t>>;
using SIV = std::vector<std::pair<int32_t, uint32_t>>;

constexpr uint16_t HTS = NGHTTP2_SETTINGS_HEADER_TABLE_SIZE;
constexpr uint16_t PUSH = NGHTTP2_SETTINGS_ENABLE_PUSH;
constexpr uint16_t MCS = NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS;
constexpr uint16_t IWS = NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE;
constexpr uint16_t MFS = NGHTTP2_SETTINGS_MAX_FRAME_SIZE;

constexpr uint8_t ES = NGHTTP2_FLAG_END_STREAM;

class S {
public:
  S(const Api *ref, std::string name, bool server) : fb(ref) {
    sc.name = std::move(name);
    sc.server = server;
    if (server) {
      sc.beh.auto_respond = true;
    }
  }

  FrameBuilder fb;
  Scenario sc;

  Step &add(Step::Kind k) {
    Step st;
    st.kind = k;
    sc.steps.push_back(std::move(st));
    return sc.steps.back();
  }
  S &feed(const std::string &bytes, std::vector<uint32_t> table_sizes = {}) {
    Step &st = add(Step::Feed);
    st.bytes = bytes;
    st.peer_table_sizes = std::move(table_sizes);
    return *this;
  }
  S &send() {
    add(Step::Send);
    return *this;
  }
  S &settings(const SIV &iv) {
    add(Step::SubmitSettings).iv = iv;
    return *this;
  }
  S &request(const Nv &nv, int64_t body = -1) {
    Step &st = add(Step::SubmitRequest);
    st.nv = nv;
    st.n = body;
    return *this;
  }
  S &response(int32_t sid, const Nv &nv, int64_t body = -1) {
    Step &st = add(Step::SubmitResponse);
    st.sid = sid;
    st.nv = nv;
    st.n = body;
    return *this;
  }
  S &simple(Step::Kind k, int32_t sid = 0, uint32_t code = 0, int64_t n = -1,
            uint8_t flags = 0) {
    Step &st = add(k);
    st.sid = sid;
    st.code = code;
    st.n = n;
    st.flags = flags;
    return *this;
  }
  S &probe(int32_t sid) { return simple(Step::Probe, sid); }

  // Server: we advertise `ours`, the client opens with magic + `peer`.
  S &server_preface(const SIV &ours = {{MCS, 100}}, const IV &peer = {}) {
    settings(ours);
    std::vector<uint32_t> hts;
    for (auto &e : peer) {
      if (e.first == HTS) {
        hts.push_back(e.second);
      }
    }
    feed(FrameBuilder::magic() + FrameBuilder::settings(peer), hts);
    return feed(FrameBuilder::settings_ack());
  }
  // Client: we send magic + `ours`; the server answers with `peer` + ACK.
  S &client_preface(const SIV &ours = {}, const IV &peer = {{MCS, 100}}) {
    settings(ours).send();
    std::vector<uint32_t> hts;
    for (auto &e : peer) {
      if (e.first == HTS) {
        hts.push_back(e.second);
      }
    }
    return feed(FrameBuilder::settings(peer) + FrameBuilder::settings_ack(), hts);
  }
};

using Body = std::function<void(S &)>;

struct Catalogue {
  const Api *ref;
  std::vector<Scenario> out;
  void add(const char *name, bool server, const Body &body) {
    S s(ref, name, server);
    body(s);
    out.push_back(std::move(s.sc));
  }
};

std::string raw_frame(uint8_t type, uint8_t flags, int32_t sid,
                      const std::string &payload) {
  return FrameBuilder::frame(type, flags, sid, payload);
}

Nv with(Nv base, const Nv &extra) {
  base.insert(base.end(), extra.begin(), extra.end());
  return base;
}

void server_scenarios(Catalogue &c) {
  using F = FrameBuilder;
  c.add("server/get-simple", true, [](S &s) {
    s.sc.beh.response_body = 100;
    s.server_preface().feed(s.fb.headers(1, get_request(), ES)).probe(1);
  });
  c.add("server/get-no-body", true, [](S &s) {
    s.sc.beh.response_body = -1;
    s.server_preface().feed(s.fb.headers(1, get_request(), ES)).probe(1);
  });
  c.add("server/post-body", true, [](S &s) {
    s.sc.beh.response_body = 50;
    s.server_preface()
        .feed(s.fb.headers(1, post_request("/up", 300)))
        .feed(F::data(1, body_bytes(1, 0, 100)))
        .probe(1)
        .feed(F::data(1, body_bytes(1, 100, 200), ES))
        .probe(1);
  });
  c.add("server/three-streams-large-bodies", true, [](S &s) {
    s.sc.beh.response_body = 20000;
    s.server_preface()
        .feed(s.fb.headers(1, get_request("/a"), ES) +
              s.fb.headers(3, get_request("/b"), ES) +
              s.fb.headers(5, get_request("/c"), ES))
        .feed(F::window_update(0, 100000) + F::window_update(1, 100000) +
              F::window_update(3, 100000) + F::window_update(5, 100000));
  });
  c.add("server/padding-both-ways", true, [](S &s) {
    s.sc.beh.response_body = 300;
    s.sc.beh.padding = 20;
    s.server_preface()
        .feed(s.fb.headers(1, post_request("/p", 10), 0, 0, 7))
        .feed(F::data(1, "0123456789", ES, 5));
  });
  c.add("server/padding-zero-and-max", true, [](S &s) {
    s.sc.beh.response_body = 10;
    s.server_preface()
        .feed(s.fb.headers(1, post_request("/p", 3), 0, 0, 0))
        .feed(F::data(1, "abc", ES, 255));
  });
  c.add("server/continuation", true, [](S &s) {
    Nv nv = get_request("/cont");
    for (int i = 0; i < 12; ++i) {
      nv.push_back({"x-h" + std::to_string(i), std::string(20, char('a' + i))});
    }
    // 5 CONTINUATION frames. The limit is raised because Debian's 1.52
    // backport of the limit miscounts when a frame arrives in pieces.
    s.sc.opt.max_continuations = 1000;
    s.server_preface().feed(s.fb.headers(1, nv, ES, 60));
  });
  c.add("server/continuation-default-limit", true, [](S &s) {
    s.sc.deviations = {"debian.continuation-count-per-read"};
    Nv nv = get_request("/cont");
    for (int i = 0; i < 12; ++i) {
      nv.push_back({"x-h" + std::to_string(i), std::string(20, char('a' + i))});
    }
    s.server_preface().feed(s.fb.headers(1, nv, ES, 60));
  });
  c.add("server/continuation-interrupted", true, [](S &s) {
    s.sc.deviations = {"debian.continuation-count-per-read"};
    std::string h = s.fb.headers(1, with(get_request(), {{"x-a", "aaaaaaaaaaaaaa"}}), ES, 10);
    // Cut after the HEADERS frame and slip in a PING.
    size_t first = 9 + 10;
    s.server_preface().feed(h.substr(0, first) + F::ping("12345678") + h.substr(first));
  });
  c.add("server/continuation-wrong-stream", true, [](S &s) {
    s.sc.deviations = {"debian.continuation-count-per-read"};
    std::string h = s.fb.headers(1, with(get_request(), {{"x-a", "aaaaaaaaaaaaaa"}}), ES, 10);
    h[9 + 10 + 8] = 3; // CONTINUATION claims stream 3
    s.server_preface().feed(h);
  });
  c.add("server/too-many-continuations", true, [](S &s) {
    s.sc.deviations = {"debian.continuation-count-per-read"};
    s.sc.opt.max_continuations = 2;
    Nv nv = get_request();
    for (int i = 0; i < 6; ++i) {
      nv.push_back({"x-c" + std::to_string(i), "valuevaluevalue"});
    }
    s.server_preface().feed(s.fb.headers(1, nv, ES, 12));
  });
  c.add("server/priority-frames", true, [](S &s) {
    s.server_preface()
        .feed(F::priority(7, 0, 200) + F::priority(9, 7, 10, true))
        .feed(s.fb.headers(1, get_request(), ES, 0, -1, true))
        .feed(F::priority(1, 9, 30));
  });
  c.add("server/priority-bad-length-and-self-dep", true, [](S &s) {
    s.server_preface()
        .feed(raw_frame(NGHTTP2_PRIORITY, 0, 3, "\0\0\0\0"))
        .feed(F::priority(5, 5, 16));
  });
  c.add("server/request-trailers", true, [](S &s) {
    s.server_preface()
        .feed(s.fb.headers(1, with(post_request("/t", 5), {{"te", "trailers"}})))
        .feed(F::data(1, "hello"))
        .feed(s.fb.headers(1, {{"x-checksum", "abc"}}, ES));
  });
  c.add("server/response-trailers", true, [](S &s) {
    s.sc.beh.response_body = 30;
    s.sc.beh.response_trailer = {{"grpc-status", "0"}, {"x-t", "done"}};
    s.server_preface().feed(s.fb.headers(1, get_request(), ES));
  });
  c.add("server/rst-from-client", true, [](S &s) {
    s.sc.deviations = {"closed-streams.late-frames-ignored"};
    s.server_preface()
        .feed(s.fb.headers(1, post_request("/x", 100)))
        .feed(F::rst(1, NGHTTP2_CANCEL))
        .probe(1)
        .feed(F::data(1, "late"));
  });
  c.add("server/rst-by-server", true, [](S &s) {
    s.server_preface()
        .feed(s.fb.headers(1, post_request("/x", 100)))
        .simple(Step::SubmitRst, 1, NGHTTP2_REFUSED_STREAM)
        .send()
        .probe(1)
        .feed(F::data(1, "late", ES));
  });
  c.add("server/graceful-goaway", true, [](S &s) {
    s.sc.beh.response_body = 10;
    s.server_preface()
        .feed(s.fb.headers(1, get_request(), ES))
        .simple(Step::SubmitShutdownNotice)
        .send()
        .feed(s.fb.headers(3, get_request("/3"), ES));
    Step &g = s.add(Step::SubmitGoaway);
    g.sid = 3;
    g.code = NGHTTP2_NO_ERROR;
    g.bytes = "bye";
    s.send().feed(s.fb.headers(5, get_request("/5"), ES));
  });
  c.add("server/terminate", true, [](S &s) {
    s.server_preface()
        .feed(s.fb.headers(1, post_request("/x", 10)))
        .simple(Step::Terminate, 0, NGHTTP2_PROTOCOL_ERROR)
        .send()
        .feed(F::data(1, "0123456789", ES));
  });
  c.add("server/terminate2-last-stream", true, [](S &s) {
    s.server_preface()
        .feed(s.fb.headers(1, post_request("/x", 10)) +
              s.fb.headers(3, post_request("/y", 10)))
        .simple(Step::Terminate2, 1, NGHTTP2_ENHANCE_YOUR_CALM)
        .send();
  });
  c.add("server/goaway-from-client", true, [](S &s) {
    s.sc.beh.response_body = 10;
    s.server_preface()
        .feed(s.fb.headers(1, get_request(), ES))
        .feed(F::goaway(0, NGHTTP2_NO_ERROR, "client done"))
        .feed(s.fb.headers(3, get_request(), ES));
  });
  c.add("server/ping", true, [](S &s) {
    Step *p;
    s.server_preface().feed(F::ping("abcdefgh"));
    p = &s.add(Step::SubmitPing);
    p->bytes = "01234567";
    s.send().feed(F::ping("01234567", true)).feed(F::ping("zzzzzzzz", true));
  });
  c.add("server/ping-no-auto-ack", true, [](S &s) {
    s.sc.opt.no_auto_ping_ack = true;
    s.server_preface().feed(F::ping("abcdefgh"));
    Step &p = s.add(Step::SubmitPing);
    p.flags = NGHTTP2_FLAG_ACK;
    p.bytes = "abcdefgh";
    s.send();
  });
  c.add("server/ping-bad", true, [](S &s) {
    s.server_preface().feed(raw_frame(NGHTTP2_PING, 0, 0, "short"));
  });
  c.add("server/ping-on-stream", true, [](S &s) {
    s.server_preface().feed(raw_frame(NGHTTP2_PING, 0, 1, "12345678"));
  });
  c.add("server/settings-values-small-window", true, [](S &s) {
    s.sc.beh.response_body = 500;
    s.server_preface({{MCS, 100}}, {{HTS, 0}, {IWS, 100}, {MFS, 20000}, {MCS, 10}, {PUSH, 0}})
        .feed(s.fb.headers(1, get_request(), ES))
        .feed(F::window_update(1, 150) + F::window_update(0, 1000))
        .feed(F::window_update(1, 1000))
        .feed(F::settings({{IWS, 10000}}))
        .probe(1);
  });
  c.add("server/settings-header-table-change", true, [](S &s) {
    s.sc.beh.response_body = 0;
    s.sc.beh.response = {{":status", "200"}, {"x-long", std::string(100, 'q')}};
    s.server_preface()
        .feed(s.fb.headers(1, get_request(), ES))
        .feed(F::settings({{HTS, 64}}), {64})
        .feed(s.fb.headers(3, get_request(), ES))
        .feed(F::settings({{HTS, 0}, {HTS, 8192}}), {8192})
        .feed(s.fb.headers(5, get_request(), ES));
  });
  c.add("server/settings-local-table-size", true, [](S &s) {
    s.server_preface({{HTS, 0}})
        .feed(s.fb.headers(1, get_request(), ES));
    s.fb.change_table_size(0);
    s.feed(s.fb.headers(3, get_request(), ES));
  });
  c.add("server/settings-enable-push-invalid", true, [](S &s) {
    s.server_preface().feed(F::settings({{PUSH, 2}}));
  });
  c.add("server/settings-window-too-large", true, [](S &s) {
    s.server_preface().feed(F::settings({{IWS, 0x80000000u}}));
  });
  c.add("server/settings-frame-size-too-small", true, [](S &s) {
    s.server_preface().feed(F::settings({{MFS, 100}}));
  });
  c.add("server/settings-bad-length", true, [](S &s) {
    s.server_preface().feed(raw_frame(NGHTTP2_SETTINGS, 0, 0, "\0\x03\0\0\0"));
  });
  c.add("server/settings-on-stream", true, [](S &s) {
    s.server_preface().feed(raw_frame(NGHTTP2_SETTINGS, 0, 1, ""));
  });
  c.add("server/settings-ack-with-payload", true, [](S &s) {
    s.server_preface().feed(raw_frame(NGHTTP2_SETTINGS, NGHTTP2_FLAG_ACK, 0,
                                      std::string("\0\x03\0\0\0\x05", 6)));
  });
  c.add("server/settings-unknown-id", true, [](S &s) {
    s.server_preface().feed(F::settings({{0x99, 7}, {MCS, 5}}));
  });
  c.add("server/settings-too-many", true, [](S &s) {
    s.sc.opt.max_settings = 2;
    s.server_preface().feed(F::settings({{MCS, 5}, {MCS, 6}, {MCS, 7}}));
  });
  c.add("server/settings-window-change-reopens", true, [](S &s) {
    s.sc.beh.response_body = 200;
    s.server_preface({{MCS, 100}}, {{IWS, 0}})
        .feed(s.fb.headers(1, get_request(), ES))
        .probe(1)
        .feed(F::settings({{IWS, 50}}))
        .feed(F::settings({{IWS, 1000}}));
  });
  c.add("server/data-on-stream0", true, [](S &s) {
    s.server_preface().feed(F::data(0, "x"));
  });
  c.add("server/headers-on-stream0", true, [](S &s) {
    s.server_preface().feed(s.fb.headers(0, get_request(), ES));
  });
  c.add("server/rst-on-stream0", true, [](S &s) {
    s.server_preface().feed(F::rst(0, 1));
  });
  c.add("server/rst-bad-length", true, [](S &s) {
    s.server_preface()
        .feed(s.fb.headers(1, post_request("/", 1)))
        .feed(raw_frame(NGHTTP2_RST_STREAM, 0, 1, "\0\0\0"));
  });
  c.add("server/rst-idle-stream", true, [](S &s) {
    s.server_preface().feed(F::rst(5, NGHTTP2_CANCEL));
  });
  c.add("server/goaway-on-stream", true, [](S &s) {
    s.server_preface().feed(raw_frame(NGHTTP2_GOAWAY, 0, 1, F::be32(0) + F::be32(0)));
  });
  c.add("server/window-update-bad-length", true, [](S &s) {
    s.server_preface().feed(raw_frame(NGHTTP2_WINDOW_UPDATE, 0, 0, "\0\0\x01"));
  });
  c.add("server/window-update-zero", true, [](S &s) {
    s.server_preface()
        .feed(s.fb.headers(1, post_request("/", 1)))
        .feed(F::window_update(1, 0))
        .feed(F::window_update(0, 0));
  });
  c.add("server/window-overflow-stream", true, [](S &s) {
    s.sc.deviations = {"flow-control.stream-overflow-is-connection-error"};
    s.server_preface()
        .feed(s.fb.headers(1, post_request("/", 1)))
        .feed(F::window_update(1, 0x7fffffff));
  });
  c.add("server/window-overflow-connection", true, [](S &s) {
    s.server_preface().feed(F::window_update(0, 0x7fffffff));
  });
  c.add("server/data-exceeds-window", true, [](S &s) {
    s.sc.deviations = {"flow-control.stream-overflow-is-connection-error"};
    s.server_preface({{IWS, 100}})
        .feed(s.fb.headers(1, post_request("/", 200)))
        .feed(F::data(1, body_bytes(1, 0, 150)));
  });
  c.add("server/data-exceeds-connection-window", true, [](S &s) {
    std::string d;
    for (int i = 0; i < 5; ++i) {
      d += F::data(1, body_bytes(1, size_t(i) * 16000, 16000));
    }
    s.server_preface({{IWS, 1000000}})
        .feed(s.fb.headers(1, post_request("/", 80000)))
        .feed(d);
  });
  c.add("server/frame-too-large", true, [](S &s) {
    s.server_preface()
        .feed(s.fb.headers(1, post_request("/", 16385)))
        .feed(F::data(1, std::string(16385, 'z'), ES));
  });
  c.add("server/data-idle-stream", true, [](S &s) {
    s.server_preface().feed(F::data(3, "x"));
  });
  c.add("server/data-closed-stream", true, [](S &s) {
    s.sc.deviations = {"closed-streams.late-frames-ignored"};
    s.sc.beh.response_body = 5;
    s.server_preface()
        .feed(s.fb.headers(1, get_request(), ES))
        .probe(1)
        .feed(F::data(1, "after"));
  });
  c.add("server/data-half-closed-remote", true, [](S &s) {
    s.sc.beh.response_body = 100000;
    s.server_preface()
        .feed(s.fb.headers(1, get_request(), ES))
        .feed(F::data(1, "after", ES));
  });
  c.add("server/headers-closed-stream", true, [](S &s) {
    s.sc.deviations = {"closed-streams.late-frames-ignored"};
    s.sc.beh.response_body = 5;
    s.server_preface()
        .feed(s.fb.headers(1, get_request(), ES))
        .feed(s.fb.headers(1, get_request(), ES));
  });
  c.add("server/headers-even-stream", true, [](S &s) {
    s.server_preface().feed(s.fb.headers(2, get_request(), ES));
  });
  c.add("server/headers-decreasing-id", true, [](S &s) {
    s.sc.beh.response_body = -1;
    s.server_preface()
        .feed(s.fb.headers(5, get_request(), ES))
        .feed(s.fb.headers(3, get_request(), ES));
  });
  c.add("server/max-concurrent-refused", true, [](S &s) {
    s.sc.beh.auto_respond = false;
    s.server_preface({{MCS, 1}})
        .feed(s.fb.headers(1, get_request(), ES))
        .feed(s.fb.headers(3, get_request(), ES))
        .response(1, status("204"))
        .send()
        .feed(s.fb.headers(5, get_request(), ES));
  });
  c.add("server/bad-hpack", true, [](S &s) {
    s.server_preface().feed(
        F::frame(NGHTTP2_HEADERS, NGHTTP2_FLAG_END_HEADERS | ES, 1,
                 std::string("\xff\xff\xff\xff\xff\xff\x01", 7)));
  });
  c.add("server/bad-hpack-index", true, [](S &s) {
    s.server_preface().feed(
        F::frame(NGHTTP2_HEADERS, NGHTTP2_FLAG_END_HEADERS | ES, 1,
                 std::string("\x82\xbf", 2)));
  });
  c.add("server/bad-client-magic", true, [](S &s) {
    s.settings({}).feed("PRI * HTTP/1.1\r\n\r\nSM\r\n\r\n");
  });
  c.add("server/no-recv-client-magic", true, [](S &s) {
    s.sc.opt.no_recv_client_magic = true;
    s.settings({}).feed(F::settings({}) + s.fb.headers(1, get_request(), ES));
  });
  c.add("server/first-frame-not-settings", true, [](S &s) {
    s.settings({}).feed(F::magic() + F::ping("12345678"));
  });
  c.add("server/push-promise-from-client", true, [](S &s) {
    s.server_preface()
        .feed(s.fb.headers(1, post_request("/", 1)))
        .feed(s.fb.push_promise(1, 2, get_request("/pushed")));
  });
  c.add("server/unknown-frame-type", true, [](S &s) {
    s.server_preface()
        .feed(raw_frame(0xfe, 0x3, 0, "opaque-ext"))
        .feed(raw_frame(0xfe, 0x0, 1, "on-idle-stream"));
  });
  c.add("server/user-extension", true, [](S &s) {
    s.sc.opt.user_ext = {0xfe};
    s.server_preface()
        .feed(raw_frame(0xfe, 0x3, 0, "opaque-ext"))
        .feed(raw_frame(0xfd, 0x0, 0, "not-registered"));
  });
  c.add("server/push", true, [](S &s) {
    s.sc.beh.auto_respond = false;
    s.server_preface()
        .feed(s.fb.headers(1, get_request(), ES));
    Step &pp = s.add(Step::SubmitPushPromise);
    pp.sid = 1;
    pp.nv = get_request("/style.css");
    s.response(1, status("200"), 40).response(2, status("200"), 30).send();
  });
  c.add("server/push-disabled-by-client", true, [](S &s) {
    s.sc.beh.auto_respond = false;
    s.server_preface({{MCS, 100}}, {{PUSH, 0}})
        .feed(s.fb.headers(1, get_request(), ES));
    Step &pp = s.add(Step::SubmitPushPromise);
    pp.sid = 1;
    pp.nv = get_request("/style.css");
    s.send();
  });
  c.add("server/priority-update", true, [](S &s) {
    s.sc.opt.builtin_ext = {NGHTTP2_PRIORITY_UPDATE};
    s.sc.beh.response_body = 10;
    s.server_preface({{MCS, 100}, {NGHTTP2_SETTINGS_NO_RFC7540_PRIORITIES, 1}},
                     {{NGHTTP2_SETTINGS_NO_RFC7540_PRIORITIES, 1}})
        .feed(raw_frame(NGHTTP2_PRIORITY_UPDATE, 0, 0, F::be32(3) + "u=1, i"))
        .feed(s.fb.headers(3, with(get_request(), {{"priority", "u=0"}}), ES))
        .feed(raw_frame(NGHTTP2_PRIORITY_UPDATE, 0, 0, F::be32(5) + "u=7"))
        .feed(raw_frame(NGHTTP2_PRIORITY_UPDATE, 0, 1, F::be32(5) + "u=7"))
        .feed(raw_frame(NGHTTP2_PRIORITY_UPDATE, 0, 0, F::be32(0) + "u=2"));
  });
  c.add("server/priority-update-not-negotiated", true, [](S &s) {
    s.sc.deviations = {"extpri.priority-update-begin-frame-unnegotiated"};
    s.sc.opt.builtin_ext = {NGHTTP2_PRIORITY_UPDATE};
    s.server_preface()
        .feed(raw_frame(NGHTTP2_PRIORITY_UPDATE, 0, 0, F::be32(3) + "u=1"))
        .feed(s.fb.headers(3, with(get_request(), {{"priority", "u=0"}}), ES));
  });
  c.add("server/settings-no-rfc7540-priorities-invalid", true, [](S &s) {
    s.server_preface().feed(
        F::settings({{NGHTTP2_SETTINGS_NO_RFC7540_PRIORITIES, 2}}));
  });
  c.add("server/settings-enable-connect-protocol", true, [](S &s) {
    s.server_preface({{MCS, 100}, {NGHTTP2_SETTINGS_ENABLE_CONNECT_PROTOCOL, 1}})
        .feed(s.fb.headers(1, {{":method", "CONNECT"}, {":protocol", "websocket"},
                               {":scheme", "https"}, {":path", "/chat"},
                               {":authority", "example.org"}}))
        .feed(F::settings({{NGHTTP2_SETTINGS_ENABLE_CONNECT_PROTOCOL, 1}}))
        .feed(F::settings({{NGHTTP2_SETTINGS_ENABLE_CONNECT_PROTOCOL, 0}}));
  });
  // HTTP messaging (RFC 9113 section 8).
  struct Bad {
    const char *name;
    Nv nv;
  };
  const Bad bad[] = {
      {"missing-method", {{":scheme", "https"}, {":path", "/"}, {":authority", "a"}}},
      {"missing-path", {{":method", "GET"}, {":scheme", "https"}, {":authority", "a"}}},
      {"missing-scheme", {{":method", "GET"}, {":path", "/"}, {":authority", "a"}}},
      {"uppercase-name", with(get_request(), {{"X-Upper", "1"}})},
      {"connection-header", with(get_request(), {{"connection", "keep-alive"}})},
      {"keep-alive-header", with(get_request(), {{"keep-alive", "5"}})},
      {"te-gzip", with(get_request(), {{"te", "gzip"}})},
      {"te-trailers", with(get_request(), {{"te", "trailers"}})},
      {"pseudo-after-regular", {{":method", "GET"}, {"x-a", "1"}, {":path", "/"}, {":scheme", "https"}}},
      {"duplicate-pseudo", with(get_request(), {{":path", "/again"}})},
      {"unknown-pseudo", with(get_request(), {{":foo", "bar"}})},
      {"status-in-request", with(get_request(), {{":status", "200"}})},
      {"value-with-newline", with(get_request(), {{"x-v", "a\nb"}})},
      {"value-leading-space", with(get_request(), {{"x-v", " lead"}})},
      {"name-with-space", with(get_request(), {{"x v", "1"}})},
      {"empty-path", {{":method", "GET"}, {":scheme", "https"}, {":path", ""}, {":authority", "a"}}},
      {"connect-without-authority", {{":method", "CONNECT"}}},
      {"connect-ok", {{":method", "CONNECT"}, {":authority", "example.org:443"}}},
      {"host-and-authority", with(get_request(), {{"host", "example.org"}})},
      {"bad-authority", {{":method", "GET"}, {":scheme", "https"}, {":path", "/"}, {":authority", "a b"}}},
      {"options-star", {{":method", "OPTIONS"}, {":scheme", "https"}, {":path", "*"}, {":authority", "a"}}},
      {"content-length-bad", with(get_request(), {{"content-length", "1x"}})},
      {"content-length-twice", with(get_request(), {{"content-length", "1"}, {"content-length", "2"}})},
  };
  for (const Bad &b : bad) {
    Nv nv = b.nv;
    c.add((std::string("server/http-") + b.name).c_str(), true, [nv](S &s) {
      s.server_preface().feed(s.fb.headers(1, nv, ES)).probe(1);
    });
  }
  c.add("server/http-invalid-header-no-callback", true, [](S &s) {
    s.sc.deviations = {"http.invalid-field-ignored-without-callback"};
    s.sc.beh.no_invalid_header_cb = true;
    s.server_preface().feed(
        s.fb.headers(1, with(get_request(), {{"x v", "1"}, {"x-ok", "fine"}}), ES));
  });
  c.add("server/http-invalid-header-tcf", true, [](S &s) {
    s.sc.beh.temporal_invalid_header_nth = 1;
    s.server_preface().feed(
        s.fb.headers(1, with(get_request(), {{"x v", "1"}}), ES));
  });
  c.add("server/http-content-length-short", true, [](S &s) {
    s.sc.deviations = {"http.data-violation-invalid-frame-callback"};
    s.server_preface()
        .feed(s.fb.headers(1, post_request("/", 10)))
        .feed(F::data(1, "12345", ES));
  });
  c.add("server/http-content-length-long", true, [](S &s) {
    s.sc.deviations = {"http.data-violation-invalid-frame-callback"};
    s.server_preface()
        .feed(s.fb.headers(1, post_request("/", 3)))
        .feed(F::data(1, "12345", ES));
  });
  c.add("server/http-data-on-get-after-es", true, [](S &s) {
    s.sc.deviations = {"http.data-violation-invalid-frame-callback"};
    s.sc.beh.auto_respond = false;
    s.server_preface()
        .feed(s.fb.headers(1, with(get_request(), {{"content-length", "0"}})))
        .feed(F::data(1, "x", ES));
  });
  c.add("server/http-trailer-with-pseudo", true, [](S &s) {
    s.server_preface()
        .feed(s.fb.headers(1, post_request("/", 2)))
        .feed(F::data(1, "ok"))
        .feed(s.fb.headers(1, {{":path", "/x"}}, ES));
  });
  c.add("server/http-trailer-without-es", true, [](S &s) {
    s.server_preface()
        .feed(s.fb.headers(1, post_request("/", 2)))
        .feed(F::data(1, "ok"))
        .feed(s.fb.headers(1, {{"x-t", "1"}}));
  });
  c.add("server/no-http-messaging", true, [](S &s) {
    s.sc.opt.no_http_messaging = true;
    s.server_preface()
        .feed(s.fb.headers(1, {{"X-Upper", "1"}, {"connection", "close"}, {":foo", "x"}}, ES))
        .feed(s.fb.headers(3, post_request("/", 10)))
        .feed(F::data(3, "12", ES));
  });
  // Application callback special returns.
  c.add("server/cb-pause-header", true, [](S &s) {
    s.sc.beh.pause_header_nth = 2;
    s.server_preface().feed(s.fb.headers(1, get_request(), ES) + F::ping("afterpau"));
  });
  c.add("server/cb-pause-data", true, [](S &s) {
    s.sc.beh.pause_data_nth = 1;
    s.server_preface()
        .feed(s.fb.headers(1, post_request("/", 10)))
        .feed(F::data(1, "0123456789", ES) + F::ping("afterpau"));
  });
  c.add("server/cb-temporal-begin-headers", true, [](S &s) {
    s.sc.beh.temporal_begin_headers_nth = 1;
    s.server_preface()
        .feed(s.fb.headers(1, post_request("/", 3)))
        .feed(F::data(1, "abc", ES))
        .feed(s.fb.headers(3, get_request(), ES));
  });
  c.add("server/cb-temporal-header", true, [](S &s) {
    s.sc.beh.temporal_header_nth = 3;
    s.server_preface()
        .feed(s.fb.headers(1, get_request(), ES))
        .feed(s.fb.headers(3, get_request(), ES));
  });
  c.add("server/cb-fail-frame-recv", true, [](S &s) {
    s.sc.beh.fail_frame_recv_nth = 3;
    s.server_preface().feed(s.fb.headers(1, get_request(), ES) + F::ping("12345678"));
  });
  c.add("server/cb-fail-data-chunk", true, [](S &s) {
    s.sc.beh.fail_data_nth = 1;
    s.server_preface()
        .feed(s.fb.headers(1, post_request("/", 4)))
        .feed(F::data(1, "abcd", ES));
  });
  c.add("server/cb-fail-frame-send", true, [](S &s) {
    s.sc.beh.fail_frame_send_nth = 2;
    s.server_preface().feed(s.fb.headers(1, get_request(), ES));
  });
  c.add("server/cb-fail-stream-close", true, [](S &s) {
    s.sc.beh.fail_stream_close_nth = 1;
    s.sc.beh.response_body = -1;
    s.server_preface().feed(s.fb.headers(1, get_request(), ES));
  });
  c.add("server/cb-cancel-response-headers", true, [](S &s) {
    s.sc.beh.cancel_type = NGHTTP2_HEADERS;
    s.sc.beh.response_body = 10;
    s.server_preface().feed(s.fb.headers(1, get_request(), ES)).probe(1);
  });
  c.add("server/cb-cancel-goaway", true, [](S &s) {
    s.sc.beh.cancel_type = NGHTTP2_GOAWAY;
    s.server_preface()
        .simple(Step::SubmitGoaway, 0, NGHTTP2_NO_ERROR)
        .send()
        .feed(s.fb.headers(1, get_request(), ES));
  });
  c.add("server/cb-deferred-resume", true, [](S &s) {
    s.sc.beh.defer_read_nth = 1;
    s.sc.beh.response_body = 50;
    s.server_preface()
        .feed(s.fb.headers(1, get_request(), ES))
        .probe(1)
        .simple(Step::ResumeData, 1)
        .send()
        .simple(Step::ResumeData, 1);
  });
  c.add("server/cb-read-temporal-failure", true, [](S &s) {
    s.sc.beh.temporal_read_nth = 1;
    s.sc.beh.response_body = 50;
    s.server_preface().feed(s.fb.headers(1, get_request(), ES));
  });
  c.add("server/cb-read-callback-failure", true, [](S &s) {
    s.sc.beh.fail_read_nth = 1;
    s.sc.beh.response_body = 50;
    s.server_preface().feed(s.fb.headers(1, get_request(), ES));
  });
  c.add("server/cb-read-pause", true, [](S &s) {
    s.sc.beh.pause_read_nth = 1;
    s.sc.beh.response_body = 50;
    s.server_preface().feed(s.fb.headers(1, get_request(), ES)).send();
  });
  c.add("server/cb-no-copy-send-data", true, [](S &s) {
    s.sc.beh.body_no_copy = true;
    s.sc.beh.padding = 9;
    s.sc.beh.response_body = 40000;
    s.server_preface().feed(s.fb.headers(1, get_request(), ES));
  });
  c.add("server/cb-read-length-cap", true, [](S &s) {
    s.sc.beh.read_length_cap = 100;
    s.sc.beh.response_body = 450;
    s.server_preface().feed(s.fb.headers(1, get_request(), ES));
  });
  c.add("server/cb-header-v1", true, [](S &s) {
    s.sc.beh.header_v1 = true;
    s.server_preface().feed(
        s.fb.headers(1, with(get_request(), {{"x v", "bad"}, {"x-ok", "1"}}), ES));
  });
  c.add("server/manual-window-consume-on-chunk", true, [](S &s) {
    s.sc.opt.no_auto_window_update = true;
    s.sc.beh.consume_on_chunk = true;
    std::string d;
    for (int i = 0; i < 4; ++i) {
      d += F::data(1, body_bytes(1, size_t(i) * 16000, 16000));
    }
    s.server_preface()
        .feed(s.fb.headers(1, post_request("/", 64000)))
        .feed(d)
        .feed(F::data(1, "", ES));
  });
  c.add("server/manual-window-consume-script", true, [](S &s) {
    s.sc.opt.no_auto_window_update = true;
    std::string d;
    for (int i = 0; i < 4; ++i) {
      d += F::data(1, body_bytes(1, size_t(i) * 16000, 16000));
    }
    s.server_preface()
        .feed(s.fb.headers(1, post_request("/", 64100)))
        .feed(d)
        .probe(1)
        .simple(Step::Consume, 1, 0, 40000)
        .send()
        .simple(Step::ConsumeConnection, 0, 0, 20000)
        .send()
        .simple(Step::Consume, 3, 0, 10)
        .feed(F::data(1, body_bytes(1, 64000, 100), ES));
  });
  c.add("server/auto-window-update", true, [](S &s) {
    std::string d;
    for (int i = 0; i < 5; ++i) {
      d += F::data(1, body_bytes(1, size_t(i) * 16000, 16000));
    }
    s.server_preface({{IWS, 100000}})
        .feed(s.fb.headers(1, post_request("/", 80000)))
        .feed(d + F::data(1, "", ES));
  });
  c.add("server/set-local-window-size", true, [](S &s) {
    s.server_preface()
        .simple(Step::SetLocalWindowSize, 0, 0, 1 << 20)
        .send()
        .feed(s.fb.headers(1, post_request("/", 10)))
        .simple(Step::SetLocalWindowSize, 1, 0, 1000)
        .send()
        .simple(Step::SetLocalWindowSize, 1, 0, 200000)
        .send()
        .feed(F::data(1, "0123456789", ES));
  });
  c.add("server/submit-errors", true, [](S &s) {
    s.sc.beh.auto_respond = false;
    s.server_preface()
        .response(1, status("200"))
        .feed(s.fb.headers(1, get_request(), ES))
        .response(1, status("200"), 10)
        .response(1, status("200"))
        .simple(Step::SubmitRst, 0, NGHTTP2_CANCEL)
        .simple(Step::SubmitWindowUpdate, 1, 0, 0)
        .simple(Step::SubmitWindowUpdate, 0, 0, -5)
        .simple(Step::ResumeData, 9)
        .simple(Step::Consume, 0, 0, 1)
        .request(get_request())
        .send();
  });
}

void client_scenarios(Catalogue &c) {
  using F = FrameBuilder;
  c.add("client/get", false, [](S &s) {
    s.client_preface()
        .request(get_request())
        .send()
        .probe(1)
        .feed(s.fb.headers(1, with(status("200"), {{"content-length", "5"}})))
        .feed(F::data(1, "hello", ES))
        .probe(1);
  });
  c.add("client/post", false, [](S &s) {
    s.client_preface()
        .request(post_request("/up", 1000), 1000)
        .send()
        .feed(s.fb.headers(1, status("201"), ES));
  });
  c.add("client/post-large-body-small-window", false, [](S &s) {
    s.client_preface({}, {{IWS, 100}, {MFS, 16384}})
        .request(post_request("/up", 1000), 1000)
        .send()
        .feed(F::window_update(1, 300))
        .feed(F::window_update(1, 1000))
        .feed(s.fb.headers(1, status("200"), ES));
  });
  c.add("client/three-requests", false, [](S &s) {
    s.client_preface()
        .request(get_request("/a"))
        .request(get_request("/b"))
        .request(post_request("/c", 100), 100)
        .send()
        .feed(s.fb.headers(3, status("200")) + s.fb.headers(1, status("404")) +
              F::data(3, "bbb") + F::data(1, "aa", ES) +
              s.fb.headers(5, status("200"), ES) + F::data(3, "", ES));
  });
  c.add("client/max-concurrent-one", false, [](S &s) {
    s.client_preface({}, {{MCS, 1}})
        .request(get_request("/a"))
        .request(get_request("/b"))
        .request(get_request("/c"))
        .send()
        .feed(s.fb.headers(1, status("200"), ES))
        .feed(s.fb.headers(3, status("200"), ES))
        .feed(s.fb.headers(5, status("200"), ES));
  });
  c.add("client/response-trailers", false, [](S &s) {
    s.client_preface()
        .request(get_request())
        .send()
        .feed(s.fb.headers(1, status("200")) + F::data(1, "body") +
              s.fb.headers(1, {{"grpc-status", "0"}}, ES));
  });
  c.add("client/1xx-then-final", false, [](S &s) {
    s.client_preface()
        .request(with(post_request("/", 3), {{"expect", "100-continue"}}), 3)
        .send()
        .feed(s.fb.headers(1, status("100")))
        .feed(s.fb.headers(1, status("103")))
        .feed(s.fb.headers(1, status("200"), ES));
  });
  c.add("client/bad-status", false, [](S &s) {
    s.client_preface()
        .request(get_request())
        .request(get_request())
        .send()
        .feed(s.fb.headers(1, status("20x"), ES))
        .feed(s.fb.headers(3, {{"x-no-status", "1"}}, ES));
  });
  c.add("client/status-101", false, [](S &s) {
    s.client_preface().request(get_request()).send().feed(
        s.fb.headers(1, status("101"), ES));
  });
  c.add("client/1xx-with-end-stream", false, [](S &s) {
    s.client_preface().request(get_request()).send().feed(
        s.fb.headers(1, status("100"), ES));
  });
  c.add("client/response-content-length-mismatch", false, [](S &s) {
    s.sc.deviations = {"http.data-violation-invalid-frame-callback"};
    s.client_preface()
        .request(get_request())
        .send()
        .feed(s.fb.headers(1, with(status("200"), {{"content-length", "10"}})))
        .feed(F::data(1, "short", ES));
  });
  c.add("client/head-with-content-length", false, [](S &s) {
    s.client_preface()
        .request({{":method", "HEAD"}, {":scheme", "https"}, {":authority", "a"}, {":path", "/"}})
        .send()
        .feed(s.fb.headers(1, with(status("200"), {{"content-length", "1000"}}), ES));
  });
  c.add("client/data-before-headers", false, [](S &s) {
    s.client_preface().request(get_request()).send().feed(F::data(1, "oops", ES));
  });
  c.add("client/headers-idle-stream", false, [](S &s) {
    s.client_preface().request(get_request()).send().feed(
        s.fb.headers(3, status("200"), ES));
  });
  c.add("client/headers-even-stream-from-server", false, [](S &s) {
    s.client_preface().request(get_request()).send().feed(
        s.fb.headers(2, status("200"), ES));
  });
  c.add("client/rst-from-server", false, [](S &s) {
    s.client_preface()
        .request(post_request("/", 10), 10)
        .send()
        .feed(F::rst(1, NGHTTP2_REFUSED_STREAM))
        .probe(1);
  });
  c.add("client/goaway-last-stream", false, [](S &s) {
    s.client_preface()
        .request(get_request("/a"))
        .request(get_request("/b"))
        .request(get_request("/c"))
        .send()
        .feed(F::goaway(1, NGHTTP2_NO_ERROR, "maintenance"))
        .request(get_request("/d"))
        .send()
        .feed(s.fb.headers(1, status("200"), ES))
        .feed(s.fb.headers(3, status("200"), ES));
  });
  c.add("client/goaway-error", false, [](S &s) {
    s.client_preface()
        .request(get_request("/a"))
        .send()
        .feed(F::goaway(0, NGHTTP2_ENHANCE_YOUR_CALM, std::string(300, 'd')))
        .feed(F::goaway(0, NGHTTP2_PROTOCOL_ERROR));
  });
  c.add("client/goaway-increasing-last", false, [](S &s) {
    s.client_preface()
        .request(get_request("/a"))
        .send()
        .feed(F::goaway(1, NGHTTP2_NO_ERROR))
        .feed(F::goaway(5, NGHTTP2_NO_ERROR));
  });
  c.add("client/push-promise", false, [](S &s) {
    s.client_preface()
        .request(get_request())
        .send()
        .feed(s.fb.push_promise(1, 2, get_request("/pushed.css")))
        .probe(2)
        .feed(s.fb.headers(1, status("200"), ES))
        .feed(s.fb.headers(2, status("200")) + F::data(2, "css", ES))
        .probe(2);
  });
  c.add("client/push-disabled", false, [](S &s) {
    s.client_preface({{PUSH, 0}})
        .request(get_request())
        .send()
        .feed(s.fb.push_promise(1, 2, get_request("/pushed.css")));
  });
  c.add("client/push-bad-promised-id", false, [](S &s) {
    s.client_preface()
        .request(get_request())
        .send()
        .feed(s.fb.push_promise(1, 3, get_request("/p")));
  });
  c.add("client/push-limit", false, [](S &s) {
    s.sc.opt.max_reserved_remote_streams = 1;
    s.client_preface()
        .request(get_request())
        .send()
        .feed(s.fb.push_promise(1, 2, get_request("/p1")) +
              s.fb.push_promise(1, 4, get_request("/p2")));
  });
  c.add("client/push-invalid-request", false, [](S &s) {
    s.client_preface()
        .request(get_request())
        .send()
        .feed(s.fb.push_promise(1, 2, {{":method", "POST"}, {":scheme", "https"}, {":path", "/"}, {":authority", "a"}}));
  });
  c.add("client/header-table-size-zero", false, [](S &s) {
    s.client_preface({{HTS, 0}})
        .request(get_request())
        .send();
    s.fb.change_table_size(0);
    s.feed(s.fb.headers(1, with(status("200"), {{"x-a", "b"}}), ES));
  });
  c.add("client/server-shrinks-table", false, [](S &s) {
    s.client_preface({}, {{HTS, 100}})
        .request(with(get_request(), {{"x-long", std::string(60, 'l')}}))
        .request(with(get_request(), {{"x-long", std::string(60, 'l')}}))
        .send()
        .feed(F::settings({{HTS, 0}}), {0})
        .request(with(get_request(), {{"x-long", std::string(60, 'l')}}))
        .send();
  });
  c.add("client/deferred-upload", false, [](S &s) {
    s.sc.beh.defer_read_nth = 1;
    s.client_preface()
        .request(post_request("/up", 40), 40)
        .send()
        .probe(1)
        .simple(Step::ResumeData, 1)
        .send()
        .feed(s.fb.headers(1, status("200"), ES));
  });
  c.add("client/cancel-request-headers", false, [](S &s) {
    s.sc.beh.cancel_type = NGHTTP2_HEADERS;
    s.sc.beh.cancel_nth = 1;
    s.client_preface()
        .request(get_request("/a"))
        .request(get_request("/b"))
        .send()
        .probe(1);
  });
  c.add("client/rst-own-before-send", false, [](S &s) {
    s.client_preface()
        .request(post_request("/", 10), 10)
        .simple(Step::SubmitRst, 1, NGHTTP2_CANCEL)
        .send()
        .probe(1);
  });
  c.add("client/rst-own-after-send", false, [](S &s) {
    s.client_preface()
        .request(get_request())
        .send()
        .simple(Step::SubmitRst, 1, NGHTTP2_CANCEL)
        .send()
        .feed(s.fb.headers(1, status("200")) + F::data(1, "late", ES));
  });
  c.add("client/manual-window", false, [](S &s) {
    s.sc.opt.no_auto_window_update = true;
    std::string d;
    for (int i = 0; i < 4; ++i) {
      d += F::data(1, body_bytes(1, size_t(i) * 15000, 15000));
    }
    s.client_preface()
        .request(get_request())
        .send()
        .feed(s.fb.headers(1, status("200")) + d)
        .simple(Step::Consume, 1, 0, 60000)
        .send()
        .feed(F::data(1, body_bytes(1, 60000, 5000), ES));
  });
  c.add("client/local-window-settings", false, [](S &s) {
    s.client_preface({{IWS, 10}})
        .request(get_request())
        .send()
        .feed(s.fb.headers(1, status("200")) + F::data(1, "0123456789"))
        .feed(F::data(1, "x", ES));
  });
  c.add("client/window-update-stream-and-conn", false, [](S &s) {
    s.client_preface()
        .request(get_request())
        .send()
        .simple(Step::SubmitWindowUpdate, 1, 0, 1000)
        .simple(Step::SubmitWindowUpdate, 0, 0, 100000)
        .send()
        .simple(Step::SetLocalWindowSize, 0, 0, 1000)
        .send();
  });
  c.add("client/data-submit-and-headers", false, [](S &s) {
    Step &h = s.client_preface().add(Step::SubmitHeaders);
    h.sid = -1;
    h.nv = post_request("/", 20);
    s.simple(Step::SubmitData, 1, 0, 20, ES)
        .simple(Step::SubmitData, 1, 0, 5, ES)
        .send()
        .simple(Step::SubmitData, 1, 0, 5, ES)
        .feed(s.fb.headers(1, status("200"), ES));
  });
  c.add("client/submit-trailer", false, [](S &s) {
    Step &h = s.client_preface().add(Step::SubmitHeaders);
    h.sid = -1;
    h.nv = post_request("/", 7);
    s.simple(Step::SubmitData, 1, 0, 7, 0);
    Step &t = s.add(Step::SubmitTrailer);
    t.sid = 1;
    t.nv = {{"x-trailer", "yes"}};
    s.send().feed(s.fb.headers(1, status("200"), ES));
  });
  c.add("client/ping-and-settings-ack", false, [](S &s) {
    Step *p;
    s.client_preface();
    p = &s.add(Step::SubmitPing);
    p->bytes = std::string("\0\x01\x02\x03\x04\x05\x06\x07", 8);
    s.settings({{MCS, 7}, {IWS, 1000}})
        .send()
        .feed(F::ping(std::string("\0\x01\x02\x03\x04\x05\x06\x07", 8), true) +
              F::settings_ack() + F::settings_ack());
  });
  c.add("client/server-sends-magic-like-bytes", false, [](S &s) {
    s.settings({}).send().feed(F::magic());
  });
  c.add("client/pause-data-large", false, [](S &s) {
    s.sc.beh.pause_data_nth = 2;
    s.client_preface()
        .request(get_request())
        .send()
        .feed(s.fb.headers(1, status("200")) + F::data(1, body_bytes(1, 0, 5000)) +
              F::data(1, body_bytes(1, 5000, 3000), ES));
  });
  c.add("client/padded-response", false, [](S &s) {
    s.client_preface()
        .request(get_request())
        .send()
        .feed(s.fb.headers(1, status("200"), 0, 0, 30))
        .feed(F::data(1, "padded", ES, 100));
  });
  c.add("client/bad-padding", false, [](S &s) {
    s.client_preface()
        .request(get_request())
        .send()
        .feed(s.fb.headers(1, status("200")))
        .feed(raw_frame(NGHTTP2_DATA, NGHTTP2_FLAG_PADDED | ES, 1, std::string("\x09" "abc", 4)));
  });
  c.add("client/request-invalid-headers", false, [](S &s) {
    s.client_preface()
        .request({{":method", "GET"}, {"x-bad\n", "v"}, {":path", "/"}})
        .request({{":method", "GET"}, {":scheme", "https"}, {":authority", "a"}, {":path", "/"}, {"x", "bad\r\nvalue"}})
        .send();
  });
  c.add("client/submit-after-terminate", false, [](S &s) {
    s.client_preface()
        .request(get_request())
        .simple(Step::Terminate, 0, NGHTTP2_NO_ERROR)
        .request(get_request())
        .send()
        .request(get_request());
  });
  c.add("client/builtin-altsvc-origin", false, [](S &s) {
    s.sc.opt.builtin_ext = {NGHTTP2_ALTSVC, NGHTTP2_ORIGIN};
    std::string origin = "https://example.org";
    std::string altsvc = std::string("\0", 1) + char(origin.size()) + origin +
                         "h2=\":8443\"";
    std::string origins = std::string("\0", 1) + char(origin.size()) + origin +
                          std::string("\0\x0f", 2) + "https://b.example";
    s.client_preface()
        .request(get_request())
        .send()
        .feed(raw_frame(NGHTTP2_ALTSVC, 0, 0, altsvc))
        .feed(raw_frame(NGHTTP2_ALTSVC, 0, 1, std::string("\0\0", 2) + "h2=\":1\""))
        .feed(raw_frame(NGHTTP2_ALTSVC, 0, 0, std::string("\0\0", 2) + "x"))
        .feed(raw_frame(NGHTTP2_ORIGIN, 0, 0, origins))
        .feed(raw_frame(NGHTTP2_ORIGIN, 0, 1, origins))
        .feed(raw_frame(NGHTTP2_ORIGIN, 0, 0, std::string("\0\x40", 2) + "short"));
  });
  c.add("client/altsvc-origin-not-enabled", false, [](S &s) {
    std::string origin = "https://example.org";
    s.client_preface()
        .feed(raw_frame(NGHTTP2_ALTSVC, 0, 0,
                        std::string("\0", 1) + char(origin.size()) + origin + "v"))
        .feed(raw_frame(NGHTTP2_ORIGIN, 0, 0,
                        std::string("\0", 1) + char(origin.size()) + origin));
  });
  c.add("client/next-stream-id", false, [](S &s) {
    s.client_preface()
        .simple(Step::SetNextStreamId, 13)
        .request(get_request())
        .simple(Step::SetNextStreamId, 3)
        .send();
  });
}

} // namespace

std::vector<Scenario> build_scenarios(const Api *ref) {
  Catalogue c{ref, {}};
  server_scenarios(c);
  client_scenarios(c);
  return std::move(c.out);
}

} // namespace sdiff

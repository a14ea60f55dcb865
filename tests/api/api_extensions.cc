// The extension API: user frame types (submit_extension with pack, unpack
// and on_extension_chunk_recv callbacks, user_recv_extension_type), the
// built-in ALTSVC, ORIGIN and PRIORITY_UPDATE frames
// (builtin_recv_extension_type, submit_altsvc/origin/priority_update) and
// the RFC 9218 stream priority getters and setters. Differential against
// the reference; functions it lacks are checked against upstream's
// documented semantics.
#include <cstdio>
#include <cstring>

#include "conv.h"

using namespace apitest;
using h2diff::Harness;

namespace {

using Lines = std::vector<std::string>;
constexpr uint8_t kExtType = 0xb0;

// --- user extension callbacks ---
struct ExtState {
  std::string chunks; // bytes delivered by on_extension_chunk_recv
  std::vector<std::string *> unpacked;
  bool cancel_chunks = false;
  ~ExtState() {
    for (auto *p : unpacked)
      delete p;
  }
};
ExtState *ext(void *ud) { return static_cast<ExtState *>(Peer::of(ud)->ctx); }

long pack_common(void *ud, uint8_t *buf, size_t len, const nghttp2_frame *f) {
  const char *payload = static_cast<const char *>(f->ext.payload);
  Peer::of(ud)->rec("pack sid=%d len=%zu payload=%s", f->hd.stream_id, len,
                    payload);
  if (std::strcmp(payload, "cancel") == 0)
    return NGHTTP2_ERR_CANCEL;
  size_t n = std::strlen(payload);
  std::memcpy(buf, payload, n);
  return long(n);
}
ssize_t pack_v1(nghttp2_session *, uint8_t *buf, size_t len,
                const nghttp2_frame *f, void *ud) {
  ++Peer::of(ud)->calls["pack v1"];
  return pack_common(ud, buf, len, f);
}
nghttp2_ssize pack_v2(nghttp2_session *, uint8_t *buf, size_t len,
                      const nghttp2_frame *f, void *ud) {
  ++Peer::of(ud)->calls["pack v2"];
  return pack_common(ud, buf, len, f);
}
int ext_chunk(nghttp2_session *, const nghttp2_frame_hd *hd, const uint8_t *d,
              size_t len, void *ud) {
  Peer::of(ud)->rec("ext_chunk type=0x%02x sid=%d %.*s", hd->type,
                    hd->stream_id, int(len), (const char *)d);
  ext(ud)->chunks.append((const char *)d, len);
  return ext(ud)->cancel_chunks ? NGHTTP2_ERR_CANCEL : 0;
}
int ext_unpack(nghttp2_session *, void **payload, const nghttp2_frame_hd *hd,
               void *ud) {
  Peer::of(ud)->rec("unpack type=0x%02x sid=%d len=%zu", hd->type,
                    hd->stream_id, hd->length);
  ExtState *e = ext(ud);
  e->unpacked.push_back(new std::string(e->chunks));
  *payload = e->unpacked.back();
  e->chunks.clear();
  return 0;
}
// Records extension frames' payloads (user and built-in) on receipt.
int ext_frame_recv(nghttp2_session *, const nghttp2_frame *f, void *ud) {
  Peer *p = Peer::of(ud);
  switch (f->hd.type) {
  case kExtType:
    p->rec("recv ext sid=%d payload=%s", f->hd.stream_id,
           static_cast<std::string *>(f->ext.payload)->c_str());
    break;
  case NGHTTP2_ALTSVC: {
    auto *a = static_cast<nghttp2_ext_altsvc *>(f->ext.payload);
    p->rec("recv ALTSVC sid=%d origin=%.*s value=%.*s", f->hd.stream_id,
           int(a->origin_len), (const char *)a->origin, int(a->field_value_len),
           (const char *)a->field_value);
    break;
  }
  case NGHTTP2_ORIGIN: {
    auto *o = static_cast<nghttp2_ext_origin *>(f->ext.payload);
    p->rec("recv ORIGIN nov=%zu", o->nov);
    for (size_t i = 0; i < o->nov; ++i)
      p->rec("  origin %.*s", int(o->ov[i].origin_len),
             (const char *)o->ov[i].origin);
    break;
  }
  case NGHTTP2_PRIORITY_UPDATE: {
    auto *u = static_cast<nghttp2_ext_priority_update *>(f->ext.payload);
    p->rec("recv PRIORITY_UPDATE prioritized=%d value=%.*s", u->stream_id,
           int(u->field_value_len), (const char *)u->field_value);
    break;
  }
  default:
    p->rec("recv %d sid=%d", f->hd.type, f->hd.stream_id);
  }
  return 0;
}

PeerSetup receiver(bool user_type, std::initializer_list<uint8_t> builtins) {
  PeerSetup p;
  p.without = {"frame_recv"};
  std::vector<uint8_t> b(builtins);
  p.option = [user_type, b](const Api &a, nghttp2_option *o) {
    if (user_type)
      a.option_set_user_recv_extension_type(o, kExtType);
    for (uint8_t t : b)
      a.option_set_builtin_recv_extension_type(o, t);
  };
  p.callbacks = [](const Api &a, nghttp2_session_callbacks *cb) {
    a.session_callbacks_set_on_extension_chunk_recv_callback(cb, ext_chunk);
    a.session_callbacks_set_unpack_extension_callback(cb, ext_unpack);
    a.session_callbacks_set_on_frame_recv_callback(cb, ext_frame_recv);
  };
  return p;
}

class ExtensionsTest : public DiffTest {
public:
  ExtensionsTest(int argc, char **argv) : DiffTest("api-extensions", argc, argv) {}

  // pack: 1 = old callback, 2 = new, 3 = both.
  Lines user_extension(const Side &side, int pack, bool user_type,
                       bool cancel_chunks) {
    Trace t;
    ExtState cst, sst;
    sst.cancel_chunks = cancel_chunks;
    PeerSetup cs;
    cs.callbacks = [pack](const Api &a, nghttp2_session_callbacks *cb) {
      if (pack & 1)
        a.session_callbacks_set_pack_extension_callback(cb, pack_v1);
      if (pack & 2)
        a.session_callbacks_set_pack_extension_callback2(cb, pack_v2);
    };
    Peer c(side, false, t, cs);
    Peer s(side, true, t, receiver(user_type, {}));
    c.ctx = &cst;
    s.ctx = &sst;
    const Api &a = *side;
    static char hello[] = "hello-ext", conn[] = "on-stream-0",
                cancel[] = "cancel";
    Nv nv = request_nv("POST");
    c.bodies[1] = "x";
    nghttp2_data_provider dp = Peer::provider();
    a.submit_request(c.s, nullptr, nv.data(), nv.size(), &dp, nullptr);
    t.addf("submit_extension(stream 1) -> %d",
           a.submit_extension(c.s, kExtType, 0x3, 1, hello));
    t.addf("submit_extension(stream 0) -> %d",
           a.submit_extension(c.s, kExtType, 0, 0, conn));
    t.addf("submit_extension(cancel) -> %d",
           a.submit_extension(c.s, kExtType, 0, 0, cancel));
    t.addf("submit_extension(type PING) -> %d",
           a.submit_extension(c.s, NGHTTP2_PING, 0, 0, hello));
    t.addf("submit_extension(type CONTINUATION) -> %d",
           a.submit_extension(c.s, NGHTTP2_CONTINUATION, 0, 0, hello));
    pump(c, s);
    for (auto &[k, n] : c.calls)
      if (k.rfind("pack", 0) == 0)
        t.addf("calls %s=%d", k.c_str(), n);
    return transcript(c, s);
  }

  void user_extensions() {
    // No pack callback at all: the submit is refused.
    Lines none = both("submit_extension without pack callback", [](const Side &side) {
      Trace t;
      Peer c(side, false, t);
      static char p[] = "x";
      t.addf("-> %d", side->submit_extension(c.s, kExtType, 0, 0, p));
      return t.events;
    });
    std::string bad_state = "-> " + std::to_string(NGHTTP2_ERR_INVALID_STATE);
    expect_both("no pack callback: INVALID_STATE", has(none, {bad_state.c_str()}),
                has(last_ref, {bad_state.c_str()}));

    Lines o = both("user extension 0xb0 received", [&](const Side &s) {
      return user_extension(s, 1, true, false);
    });
    std::string bad_arg = "-> " + std::to_string(NGHTTP2_ERR_INVALID_ARGUMENT);
    auto delivered = [](const Lines &l) {
      return has(l, {"S recv ext sid=1 payload=hello-ext"}) &&
             has(l, {"S recv ext sid=0 payload=on-stream-0"}) &&
             has(l, {"S ext_chunk type=0xb0 sid=1 hello-ext"}) &&
             has(l, {"S unpack type=0xb0 sid=1 len=9"});
    };
    expect_both("pack/ext_chunk/unpack/frame_recv carry the payload",
                delivered(o), delivered(last_ref));
    expect_both("built-in frame types refused",
                has(o, {"type PING)", bad_arg.c_str()}) &&
                    has(o, {"type CONTINUATION)", bad_arg.c_str()}),
                has(last_ref, {"type PING)", bad_arg.c_str()}) &&
                    has(last_ref, {"type CONTINUATION)", bad_arg.c_str()}));
    std::string cancelled = "err=" + std::to_string(NGHTTP2_ERR_CANCEL);
    expect_both("pack returning CANCEL: frame_not_send",
                has(o, {"C frame_not_send", cancelled.c_str()}),
                has(last_ref, {"C frame_not_send", cancelled.c_str()}));
    expect_both("flags and type on the wire",
                has(o, {"C> UNKNOWN len=9 flags=0x03", "stream=1 68"}),
                has(last_ref, {"C> UNKNOWN len=9 flags=0x03", "stream=1 68"}));

    Lines ignored = both("user extension without user_recv_extension_type",
                         [&](const Side &s) { return user_extension(s, 1, false, false); });
    expect_both("unregistered type: no chunk, no unpack, no frame_recv",
                !has(ignored, {"S ext_chunk"}) && !has(ignored, {"S recv ext"}),
                !has(last_ref, {"S ext_chunk"}) && !has(last_ref, {"S recv ext"}));

    Lines refused = both("on_extension_chunk_recv returns CANCEL",
                         [&](const Side &s) { return user_extension(s, 1, true, true); });
    expect_both("cancelled chunks: frame dropped, not unpacked",
                has(refused, {"S ext_chunk"}) && !has(refused, {"S unpack"}) &&
                    !has(refused, {"S recv ext"}),
                has(last_ref, {"S ext_chunk"}) && !has(last_ref, {"S unpack"}) &&
                    !has(last_ref, {"S recv ext"}));

    // pack_extension_callback2: the old callback's transcript, and it wins.
    if (!need(h, h.ours(), {"nghttp2_session_callbacks_set_pack_extension_callback2"}))
      return;
    auto strip = [](Lines l) {
      Lines out;
      for (auto &x : l)
        if (x.rfind("calls ", 0) != 0)
          out.push_back(x);
      return out;
    };
    for (int v : {2, 3}) {
      ++scenarios;
      Lines n = user_extension(h.ours(), v, true, false);
      std::string w = v == 2 ? "pack_extension_callback2" : "both pack callbacks";
      h.check().seq(w + " == old callback's transcript", strip(o), strip(n));
      h.check().expect(w + ": only the 2 callback fired",
                       has(n, {"calls pack v2="}) && !has(n, {"calls pack v1="}));
    }
  }

  void altsvc() {
    for (bool builtin : {true, false}) {
      Lines o = both(std::string("ALTSVC, builtin ") + (builtin ? "on" : "off"),
                     [&](const Side &side) {
        Trace t;
        Peer c(side, false, t,
               builtin ? receiver(false, {NGHTTP2_ALTSVC}) : receiver(false, {}));
        Peer s(side, true, t);
        const Api &a = *side;
        Nv nv = request_nv();
        a.submit_request(c.s, nullptr, nv.data(), nv.size(), nullptr, nullptr);
        pump(c, s);
        const char *origin = "https://example.org", *value = "h3=\":443\"";
        auto sub = [&](nghttp2_session *ss, int32_t sid, const char *o,
                       const char *v) {
          return a.submit_altsvc(ss, NGHTTP2_FLAG_NONE, sid, (const uint8_t *)o,
                                 std::strlen(o), (const uint8_t *)v,
                                 std::strlen(v));
        };
        t.addf("client submit -> %d", sub(c.s, 0, origin, value));
        t.addf("stream 0, origin -> %d", sub(s.s, 0, origin, value));
        t.addf("stream 0, no origin -> %d", sub(s.s, 0, "", value));
        t.addf("stream 1, origin -> %d", sub(s.s, 1, origin, value));
        t.addf("stream 1, no origin -> %d", sub(s.s, 1, "", "h2=\":8443\""));
        pump(c, s);
        return transcript(c, s);
      });
      std::string st = std::to_string(NGHTTP2_ERR_INVALID_STATE),
                  arg = std::to_string(NGHTTP2_ERR_INVALID_ARGUMENT);
      auto rules = [&](const Lines &l) {
        return has(l, {"client submit -> ", st.c_str()}) &&
               has(l, {"stream 0, origin -> 0"}) &&
               has(l, {"stream 0, no origin -> ", arg.c_str()}) &&
               has(l, {"stream 1, origin -> ", arg.c_str()}) &&
               has(l, {"stream 1, no origin -> 0"});
      };
      expect_both("submit_altsvc argument rules", rules(o), rules(last_ref));
      auto got = [](const Lines &l) {
        return has(l, {"C recv ALTSVC sid=0 origin=https://example.org value=h3=\":443\""}) &&
               has(l, {"C recv ALTSVC sid=1 origin= value=h2=\":8443\""});
      };
      expect_both(std::string("ALTSVC delivered only with the builtin: ") +
                      (builtin ? "on" : "off"),
                  got(o) == builtin, got(last_ref) == builtin);
    }
  }

  void origin() {
    for (bool builtin : {true, false}) {
      Lines o = both(std::string("ORIGIN, builtin ") + (builtin ? "on" : "off"),
                     [&](const Side &side) {
        Trace t;
        Peer c(side, false, t,
               builtin ? receiver(false, {NGHTTP2_ORIGIN}) : receiver(false, {}));
        Peer s(side, true, t);
        const Api &a = *side;
        nghttp2_origin_entry ov[2] = {
            {(uint8_t *)"https://example.org", 19},
            {(uint8_t *)"https://cdn.example.org", 23}};
        t.addf("client submit -> %d", a.submit_origin(c.s, 0, ov, 2));
        t.addf("server submit 2 -> %d", a.submit_origin(s.s, 0, ov, 2));
        t.addf("server submit 0 -> %d", a.submit_origin(s.s, 0, nullptr, 0));
        pump(c, s);
        return transcript(c, s);
      });
      std::string st = "client submit -> " + std::to_string(NGHTTP2_ERR_INVALID_STATE);
      expect_both("submit_origin from a client: INVALID_STATE",
                  has(o, {st.c_str()}), has(last_ref, {st.c_str()}));
      auto got = [](const Lines &l) {
        return has(l, {"C recv ORIGIN nov=2"}) &&
               has(l, {"C   origin https://cdn.example.org"}) &&
               has(l, {"C recv ORIGIN nov=0"});
      };
      expect_both(std::string("ORIGIN delivered only with the builtin: ") +
                      (builtin ? "on" : "off"),
                  got(o) == builtin, got(last_ref) == builtin);
    }
  }

  // RFC 9218: the server announces SETTINGS_NO_RFC7540_PRIORITIES=1, the
  // client sends a priority header and PRIORITY_UPDATE frames, the server
  // application overrides and pins a priority.
  Lines extpri(const Side &side, bool negotiate, bool getter) {
    Trace t;
    PeerSetup cs, ss = receiver(false, {NGHTTP2_PRIORITY_UPDATE});
    if (negotiate) {
      cs.settings = {{NGHTTP2_SETTINGS_NO_RFC7540_PRIORITIES, 1}};
      ss.settings = {{NGHTTP2_SETTINGS_NO_RFC7540_PRIORITIES, 1}};
    }
    Peer c(side, false, t, cs);
    Peer s(side, true, t, ss);
    const Api &a = *side;
    auto get = [&](const char *when, int32_t sid) {
      if (!getter)
        return;
      nghttp2_extpri p{99, 99};
      int rv = a.session_get_extpri_stream_priority(s.s, &p, sid);
      t.addf("get(%d) %s -> %d u=%u i=%d", sid, when, rv, p.urgency, p.inc);
    };
    const char *pu = "u=1, i";
    t.addf("update before SETTINGS -> %d",
           a.submit_priority_update(c.s, 0, 1, (const uint8_t *)pu, 6));
    pump(c, s);
    Nv nv = request_nv();
    nv.fields.push_back({"priority", "u=2"});
    nghttp2_data_provider dp = Peer::provider();
    c.bodies[1] = "body";
    a.submit_request(c.s, nullptr, nv.data(), nv.size(), &dp, nullptr);
    s.recv(c.send());
    get("after request", 1);
    t.addf("update stream 1 -> %d",
           a.submit_priority_update(c.s, 0, 1, (const uint8_t *)pu, 6));
    t.addf("update stream 0 -> %d",
           a.submit_priority_update(c.s, 0, 0, (const uint8_t *)pu, 6));
    t.addf("server update -> %d",
           a.submit_priority_update(s.s, 0, 1, (const uint8_t *)pu, 6));
    pump(c, s);
    get("after PRIORITY_UPDATE", 1);
    nghttp2_extpri pin{9, 0};
    t.addf("change(1, u=9, ignore) -> %d",
           a.session_change_extpri_stream_priority(s.s, 1, &pin, 1));
    get("after change", 1);
    t.addf("change(0) -> %d", a.session_change_extpri_stream_priority(s.s, 0, &pin, 0));
    t.addf("change(99) -> %d",
           a.session_change_extpri_stream_priority(s.s, 99, &pin, 0));
    t.addf("client change -> %d",
           a.session_change_extpri_stream_priority(c.s, 1, &pin, 0));
    const char *pu2 = "u=0";
    t.addf("update after pin -> %d",
           a.submit_priority_update(c.s, 0, 1, (const uint8_t *)pu2, 3));
    pump(c, s);
    get("after ignored update", 1);
    get("stream 0", 0);
    get("stream 99", 99);
    if (getter) {
      nghttp2_extpri p{};
      t.addf("client get -> %d", a.session_get_extpri_stream_priority(c.s, &p, 1));
    }
    return transcript(c, s);
  }

  void priorities() {
    for (bool negotiate : {true, false}) {
      std::string w = std::string("RFC 9218 priorities, ") +
                      (negotiate ? "negotiated" : "not negotiated");
      Lines o = both(w, [&](const Side &s) { return extpri(s, negotiate, false); },
                     negotiate ? nullptr : "extpri.priority-update-begin-frame-unnegotiated");
      std::string arg = std::to_string(NGHTTP2_ERR_INVALID_ARGUMENT),
                  st = std::to_string(NGHTTP2_ERR_INVALID_STATE);
      if (negotiate) {
        auto rules = [&](const Lines &l) {
          return has(l, {"update before SETTINGS -> 0"}) &&
                 has(l, {"update stream 1 -> 0"}) &&
                 has(l, {"update stream 0 -> ", arg.c_str()}) &&
                 has(l, {"server update -> ", st.c_str()}) &&
                 has(l, {"change(1, u=9, ignore) -> 0"}) &&
                 has(l, {"change(0) -> ", arg.c_str()}) &&
                 has(l, {"change(99) -> ", arg.c_str()}) &&
                 has(l, {"client change -> ", st.c_str()}) &&
                 has(l, {"S recv PRIORITY_UPDATE prioritized=1 value=u=1, i"});
        };
        expect_both(w + ": return codes and delivery", rules(o), rules(last_ref));
        // Before the server's SETTINGS arrive the peer's choice is
        // unknown, so that update goes out too: three frames.
        expect_both(w + ": three PRIORITY_UPDATE frames sent",
                    count(o, {"C> PRIORITY_UPDATE"}) == 3,
                    count(last_ref, {"C> PRIORITY_UPDATE"}) == 3);
      } else {
        // Once the server's SETTINGS say nothing about RFC 9218, updates
        // are accepted (0) but dropped; only the early one was sent.
        expect_both(w + ": only the pre-SETTINGS update sent",
                    count(o, {"C> PRIORITY_UPDATE"}) == 1 &&
                        has(o, {"update stream 1 -> 0"}),
                    count(last_ref, {"C> PRIORITY_UPDATE"}) == 1 &&
                        has(last_ref, {"update stream 1 -> 0"}));
      }
    }
    if (!need(h, h.ours(), {"nghttp2_session_get_extpri_stream_priority"}))
      return;
    // The getter exists only in ours: its readings follow each step.
    ++scenarios;
    Lines g = extpri(h.ours(), true, true);
    std::string arg = std::to_string(NGHTTP2_ERR_INVALID_ARGUMENT),
                st = std::to_string(NGHTTP2_ERR_INVALID_STATE);
    h.check().expect("priority header read: u=2 i=0",
                     has(g, {"get(1) after request -> 0 u=2 i=0"}));
    h.check().expect("PRIORITY_UPDATE applied: u=1 i=1",
                     has(g, {"get(1) after PRIORITY_UPDATE -> 0 u=1 i=1"}));
    h.check().expect("change clamps urgency to 7",
                     has(g, {"get(1) after change -> 0 u=7 i=0"}));
    h.check().expect("client signal ignored after pinning",
                     has(g, {"get(1) after ignored update -> 0 u=7 i=0"}));
    h.check().expect("getter argument rules",
                     has(g, {"get(0) stream 0 -> ", arg.c_str()}) &&
                         has(g, {"get(99) stream 99 -> ", arg.c_str()}) &&
                         has(g, {"client get -> ", st.c_str()}));
    Lines u = extpri(h.ours(), false, true);
    h.check().expect("not negotiated: getter returns 0, leaves the output",
                     has(u, {"get(1) after PRIORITY_UPDATE -> 0 u=99 i=99"}));
    // Without the getter calls the transcript equals the reference's.
    Lines plain = extpri(h.ours(), true, false), ref = extpri(h.ref(), true, false);
    h.check().seq("getter has no side effects", ref, plain);
  }
};

} // namespace

int main(int argc, char **argv) {
  ExtensionsTest t(argc, argv);
  t.user_extensions();
  t.altsvc();
  t.origin();
  t.priorities();
  t.h.check().add_count("scenarios", t.scenarios);
  return t.h.finish();
}

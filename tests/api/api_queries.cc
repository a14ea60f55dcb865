// Session and stream queries through a conversation (settings, windows,
// stream ids, states, user data, queue and HPACK table sizes, want_read /
// want_write around GOAWAY), and the RFC 7540 priority functions that
// newest upstream keeps as no-ops. Differential: the 1.52 reference still
// has a priority tree, so the no-op readings are compared under their
// rfc7540-priority.* deviation keys and asserted against upstream's fixed
// values on ours.
#include <cstdio>
#include <cstring>

#include "conv.h"

using namespace apitest;
using h2diff::Harness;

namespace {

using Lines = std::vector<std::string>;

const int32_t kSettingIds[] = {
    NGHTTP2_SETTINGS_HEADER_TABLE_SIZE,      NGHTTP2_SETTINGS_ENABLE_PUSH,
    NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE,
    NGHTTP2_SETTINGS_MAX_FRAME_SIZE,         NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE,
    NGHTTP2_SETTINGS_ENABLE_CONNECT_PROTOCOL};

void settings(Trace &t, const char *who, const Api &a, nghttp2_session *s) {
  std::string l = std::string(who) + " local/remote settings:";
  for (int32_t id : kSettingIds)
    l += " " + std::to_string(id) + "=" +
         std::to_string(a.session_get_local_settings(s, nghttp2_settings_id(id))) +
         "/" +
         std::to_string(a.session_get_remote_settings(s, nghttp2_settings_id(id)));
  t.add(l);
}

void windows(Trace &t, const char *who, const Api &a, nghttp2_session *s,
             int32_t sid) {
  t.addf("%s windows: local=%d eff_local=%d remote=%d recv=%d | stream %d "
         "local=%d eff_local=%d remote=%d recv=%d",
         who, a.session_get_local_window_size(s),
         a.session_get_effective_local_window_size(s),
         a.session_get_remote_window_size(s),
         a.session_get_effective_recv_data_length(s), sid,
         a.session_get_stream_local_window_size(s, sid),
         a.session_get_stream_effective_local_window_size(s, sid),
         a.session_get_stream_remote_window_size(s, sid),
         a.session_get_stream_effective_recv_data_length(s, sid));
}

void io(Trace &t, const char *who, const Api &a, nghttp2_session *s) {
  t.addf("%s want_read=%d want_write=%d queue=%zu", who, a.session_want_read(s),
         a.session_want_write(s), a.session_get_outbound_queue_size(s));
}

class QueriesTest : public DiffTest {
public:
  QueriesTest(int argc, char **argv) : DiffTest("api-queries", argc, argv) {}

  void conversation() {
    Lines o = both("queries through a conversation", [&](const Side &side) {
      Trace t;
      const Api &a = *side;
      PeerSetup cs, ss;
      cs.settings = {{NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, 20000},
                     {NGHTTP2_SETTINGS_HEADER_TABLE_SIZE, 1024}};
      ss.settings = {{NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, 5},
                     {NGHTTP2_SETTINGS_MAX_FRAME_SIZE, 32768}};
      Peer c(side, false, t, cs);
      Peer s(side, true, t, ss);
      Peer z(side, false, t); // only its identity is used, as user data
      z.name = "Z";
      t.addf("check_server_session: client=%d server=%d",
             a.session_check_server_session(c.s), a.session_check_server_session(s.s));
      settings(t, "C before", a, c.s);
      io(t, "C before", a, c.s);
      pump(c, s);
      settings(t, "C", a, c.s);
      settings(t, "S", a, s.s);
      // One call per statement: argument evaluation order is unspecified.
      int even = a.session_set_next_stream_id(c.s, 2);
      int seven = a.session_set_next_stream_id(c.s, 7);
      t.addf("set_next_stream_id(2) -> %d, (7) -> %d, next=%u", even, seven,
             a.session_get_next_stream_id(c.s));
      t.addf("set_next_stream_id(5) -> %d", a.session_set_next_stream_id(c.s, 5));
      static int su1, su2;
      Nv nv = request_nv("POST");
      c.bodies[7] = std::string(30000, 'q');
      nghttp2_data_provider dp = Peer::provider();
      int32_t sid = a.submit_request(c.s, nullptr, nv.data(), nv.size(), &dp, &su1);
      t.addf("submit_request -> %d, check_request_allowed=%d", sid,
             a.session_check_request_allowed(c.s));
      io(t, "C queued", a, c.s);
      // The stream opens when its HEADERS go out; until then the getter
      // sees nothing but the setter reaches the queued request.
      t.addf("queued: stream user data null: %d",
             a.session_get_stream_user_data(c.s, sid) == nullptr);
      t.addf("set_stream_user_data(queued) -> %d",
             a.session_set_stream_user_data(c.s, sid, &su2));
      t.addf("set_stream_user_data(99) -> %d",
             a.session_set_stream_user_data(c.s, 99, &su2));
      pump(c, s);
      t.addf("sent: stream user data is su2: %d, su1: %d",
             a.session_get_stream_user_data(c.s, sid) == &su2,
             a.session_get_stream_user_data(c.s, sid) == &su1);
      windows(t, "C", a, c.s, sid);
      windows(t, "S", a, s.s, sid);
      t.addf("S last_proc=%d", a.session_get_last_proc_stream_id(s.s));
      t.addf("hd tables: C deflate=%zu inflate=%zu S deflate=%zu inflate=%zu",
             a.session_get_hd_deflate_dynamic_table_size(c.s),
             a.session_get_hd_inflate_dynamic_table_size(c.s),
             a.session_get_hd_deflate_dynamic_table_size(s.s),
             a.session_get_hd_inflate_dynamic_table_size(s.s));
      nghttp2_stream *st = a.session_find_stream(s.s, sid);
      t.addf("S stream %d: id=%d state=%d", sid, st ? a.stream_get_stream_id(st) : -1,
             st ? int(a.stream_get_state(st)) : -1);
      nghttp2_stream *root = a.session_get_root_stream(s.s);
      t.addf("root: %s id=%d state=%d", root ? "present" : "null",
             root ? a.stream_get_stream_id(root) : -1,
             root ? int(a.stream_get_state(root)) : -1);
      t.addf("S set_local_window_size(stream 7, 100000) -> %d",
             a.session_set_local_window_size(s.s, NGHTTP2_FLAG_NONE, sid, 100000));
      t.addf("S set_local_window_size(conn, 200000) -> %d",
             a.session_set_local_window_size(s.s, NGHTTP2_FLAG_NONE, 0, 200000));
      t.addf("S set_local_window_size(-1) -> %d",
             a.session_set_local_window_size(s.s, NGHTTP2_FLAG_NONE, 0, -1));
      pump(c, s);
      windows(t, "S after resize", a, s.s, sid);
      windows(t, "C after resize", a, c.s, sid);
      // The client's callbacks now get z as user data.
      a.session_set_user_data(c.s, &z);
      Nv rnv = response_nv();
      s.bodies[sid] = "done";
      nghttp2_data_provider rdp = Peer::provider();
      a.submit_response(s.s, sid, rnv.data(), rnv.size(), &rdp);
      pump(c, s);
      t.addf("after close: C find_stream=%s S stream local_close=%d",
             a.session_find_stream(c.s, sid) ? "kept" : "gone",
             a.session_get_stream_local_close(s.s, sid));
      a.session_set_user_data(c.s, &c);
      t.addf("submit_shutdown_notice: client -> %d", a.submit_shutdown_notice(c.s));
      t.addf("submit_shutdown_notice: server -> %d", a.submit_shutdown_notice(s.s));
      pump(c, s);
      io(t, "S after notice", a, s.s);
      t.addf("submit_goaway(last=7, data) -> %d",
             a.submit_goaway(s.s, NGHTTP2_FLAG_NONE, 7, NGHTTP2_NO_ERROR,
                             (const uint8_t *)"bye", 3));
      pump(c, s);
      io(t, "C after goaway", a, c.s);
      t.addf("check_request_allowed after GOAWAY=%d",
             a.session_check_request_allowed(c.s));
      t.addf("request after GOAWAY -> %d",
             a.submit_request(c.s, nullptr, nv.data(), nv.size(), nullptr, nullptr));
      pump(c, s);
      t.addf("terminate_session2(last=3) -> %d",
             a.session_terminate_session2(s.s, 3, NGHTTP2_ENHANCE_YOUR_CALM));
      io(t, "S terminating", a, s.s);
      pump(c, s);
      io(t, "S terminated", a, s.s);
      io(t, "C terminated", a, c.s);
      t.addf("terminate again -> %d",
             a.session_terminate_session(s.s, NGHTTP2_NO_ERROR));
      return transcript(c, s);
    });
    auto rules = [&](const Lines &l) {
      std::string bad = std::to_string(NGHTTP2_ERR_INVALID_ARGUMENT);
      return has(l, {"check_server_session: client=0 server=1"}) &&
             has(l, {"set_next_stream_id(2) -> ", bad.c_str(), "(7) -> 0, next=7"}) &&
             has(l, {"set_next_stream_id(5) -> ", bad.c_str()}) &&
             has(l, {"submit_request -> 7"}) &&
             has(l, {"queued: stream user data null: 1"}) &&
             has(l, {"set_stream_user_data(queued) -> 0"}) &&
             has(l, {"set_stream_user_data(99) -> ", bad.c_str()}) &&
             has(l, {"sent: stream user data is su2: 1, su1: 0"}) &&
             has(l, {"root: present id=0 state=1"}) &&
             has(l, {"submit_shutdown_notice: client -> ",
                     std::to_string(NGHTTP2_ERR_INVALID_STATE).c_str()}) &&
             has(l, {"check_request_allowed after GOAWAY=0"}) &&
             has(l, {"C frame_not_send HEADERS sid=9", "err=",
                     std::to_string(NGHTTP2_ERR_START_STREAM_NOT_ALLOWED).c_str()}) &&
             has(l, {"S set_local_window_size(-1) -> ", bad.c_str()}) &&
             has(l, {"S after resize windows: local=170000 eff_local=200000"}) &&
             has(l, {"Z frame_recv HEADERS sid=7"}) &&
             has(l, {"S> GOAWAY", "00 00 00 07 00 00 00 00 62 79 65"}) &&
             has(l, {"S> GOAWAY", "00 00 00 03 00 00 00 0b"}) &&
             has(l, {"S terminated want_read=0 want_write=0"});
    };
    expect_both("query values", rules(o), rules(last_ref));
  }

  // RFC 7540 priorities: newest upstream answers fixed values and queues
  // nothing; 1.52 keeps a tree.
  void rfc7540_noops() {
    auto run = [&](const Side &side, const char *what) {
      Trace t;
      const Api &a = *side;
      Peer c(side, false, t);
      Peer s(side, true, t);
      for (int i = 0; i < 2; ++i) {
        Nv nv = request_nv();
        a.submit_request(c.s, nullptr, nv.data(), nv.size(), nullptr, nullptr);
      }
      pump(c, s);
      nghttp2_priority_spec ps;
      a.priority_spec_init(&ps, 1, 200, 1);
      std::string w = what;
      if (w == "submit_priority")
        t.addf("submit_priority -> %d", a.submit_priority(c.s, 0, 3, &ps));
      if (w == "change_stream_priority")
        t.addf("change_stream_priority -> %d",
               a.session_change_stream_priority(s.s, 3, &ps));
      if (w == "create_idle_stream")
        t.addf("create_idle_stream -> %d",
               a.session_create_idle_stream(s.s, 11, &ps));
      pump(c, s);
      nghttp2_stream *st = a.session_find_stream(s.s, 3);
      if (w == "stream_get_weight")
        t.addf("weight=%d", st ? a.stream_get_weight(st) : -1);
      if (w == "stream_get_parent") {
        nghttp2_stream *p = st ? a.stream_get_parent(st) : nullptr;
        t.addf("parent=%d", p ? a.stream_get_stream_id(p) : -1);
      }
      nghttp2_stream *root = a.session_get_root_stream(s.s);
      if (w == "stream_get_first_child") {
        nghttp2_stream *p = a.stream_get_first_child(root);
        t.addf("root first child=%d", p ? a.stream_get_stream_id(p) : -1);
      }
      if (w == "stream_get_next_sibling") {
        nghttp2_stream *one = a.session_find_stream(s.s, 1);
        nghttp2_stream *p = one ? a.stream_get_next_sibling(one) : nullptr;
        t.addf("next sibling of 1=%d", p ? a.stream_get_stream_id(p) : -1);
      }
      if (w == "stream_get_previous_sibling") {
        nghttp2_stream *p = st ? a.stream_get_previous_sibling(st) : nullptr;
        t.addf("previous sibling of 3=%d", p ? a.stream_get_stream_id(p) : -1);
      }
      if (w == "stream_get_sum_dependency_weight")
        t.addf("root sum dependency weight=%d",
               a.stream_get_sum_dependency_weight(root));
      return transcript(c, s);
    };
    struct Case {
      const char *what, *key, *ours;
    } cases[] = {
        {"submit_priority", "rfc7540-priority.submit_priority", "submit_priority -> 0"},
        {"change_stream_priority", "rfc7540-priority.change_stream_priority",
         "change_stream_priority -> 0"},
        {"create_idle_stream", "rfc7540-priority.create_idle_stream",
         "create_idle_stream -> 0"},
        {"stream_get_weight", "rfc7540-priority.stream_get_weight", "weight=16"},
        {"stream_get_parent", "rfc7540-priority.stream_get_parent", "parent=-1"},
        {"stream_get_first_child", "rfc7540-priority.stream_get_first_child",
         "root first child=-1"},
        {"stream_get_next_sibling", "rfc7540-priority.stream_get_next_sibling",
         "next sibling of 1=-1"},
        {"stream_get_previous_sibling",
         "rfc7540-priority.stream_get_previous_sibling", "previous sibling of 3=-1"},
        {"stream_get_sum_dependency_weight",
         "rfc7540-priority.stream_get_sum_dependency_weight",
         "root sum dependency weight=0"},
    };
    for (auto &cs : cases) {
      Lines o = both(std::string("RFC 7540 no-op: ") + cs.what,
                     [&](const Side &s) { return run(s, cs.what); }, cs.key);
      h.check().expect(std::string(cs.what) + ": " + cs.ours, has(o, {cs.ours}));
      h.check().expect(std::string(cs.what) + ": no PRIORITY frame on the wire",
                       !has(o, {"> PRIORITY "}));
    }
    // The priority_spec helpers are plain value functions in both.
    Lines o = both("priority_spec helpers", [](const Side &side) {
      const Api &a = *side;
      Lines l;
      nghttp2_priority_spec ps;
      a.priority_spec_default_init(&ps);
      l.push_back("default: " + std::to_string(ps.stream_id) + "/" +
                  std::to_string(ps.weight) + "/" + std::to_string(ps.exclusive) +
                  " check=" + std::to_string(a.priority_spec_check_default(&ps)));
      a.priority_spec_init(&ps, 5, 100, 1);
      l.push_back("init: " + std::to_string(ps.stream_id) + "/" +
                  std::to_string(ps.weight) + "/" + std::to_string(ps.exclusive) +
                  " check=" + std::to_string(a.priority_spec_check_default(&ps)));
      a.priority_spec_init(&ps, 0, 16, 0);
      l.push_back("init(0,16,0) check=" +
                  std::to_string(a.priority_spec_check_default(&ps)));
      return l;
    });
    h.check().expect("priority_spec values",
                     has(o, {"default: 0/16/0 check=1"}) &&
                         has(o, {"init: 5/100/1 check=0"}) &&
                         has(o, {"init(0,16,0) check=1"}));
  }
};

} // namespace

int main(int argc, char **argv) {
  QueriesTest t(argc, argv);
  t.conversation();
  t.rfc7540_noops();
  t.h.check().add_count("scenarios", t.scenarios);
  return t.h.finish();
}

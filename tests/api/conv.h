// A client and a server session of one library (a harness Side), talking
// through memory. Every callback the peers fire is written to one shared
// Trace, so the same conversation driven through the reference and through
// h2pool can be compared event for event, and the bytes each peer sent are
// kept for frame-by-frame comparison.
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "frames.h"
#include "harness.h"
#include "trace.h"

namespace apitest {

using h2diff::Api;
using h2diff::Side;
using h2diff::Trace;

// The frame every api_* program shares: run one scenario on the reference
// and on h2pool, compare the two transcripts, hand back ours.
class DiffTest {
public:
  DiffTest(const char *name, int argc, char **argv) : h(name, argc, argv) {}
  h2diff::Harness h;
  long scenarios = 0;
  std::vector<std::string> last_ref;

  // Runs fn on both libraries, compares, and returns ours; --dump=1 prints it.
  template <class Fn>
  std::vector<std::string> both(const std::string &what, Fn fn,
                                const char *deviation = nullptr) {
    ++scenarios;
    std::vector<std::string> r = fn(h.ref()), o = fn(h.ours());
    h.check().seq(what, r, o, deviation);
    if (h.option("dump") == "1") {
      std::printf("=== %s\n", what.c_str());
      for (auto &l : o)
        std::printf("  %s\n", l.c_str());
    }
    last_ref = r;
    return o;
  }

  // The documented effect must hold for both libraries.
  void expect_both(const std::string &what, bool ours_ok, bool ref_ok) {
    h.check().expect(what + " (ours)", ours_ok);
    h.check().expect(what + " (ref)", ref_ok);
  }
};

struct Nv {
  std::vector<std::pair<std::string, std::string>> fields;
  std::vector<nghttp2_nv> v; // points into `fields`; rebuilt by data()
  Nv(std::initializer_list<std::pair<std::string, std::string>> f)
      : fields(f) {}
  Nv() = default;
  nghttp2_nv *data();
  size_t size() const { return fields.size(); }
};

Nv request_nv(const char *method = "GET", const char *path = "/");
Nv response_nv(const char *status = "200");

class Peer;

// Hooks a test uses to adapt a peer before its session exists.
struct PeerSetup {
  std::function<void(const Api &, nghttp2_option *)> option;
  std::function<void(const Api &, nghttp2_session_callbacks *)> callbacks;
  // Which of the recording callbacks to leave out (by their trace name:
  // "header", "begin_frame", ...), e.g. to prove a rarer one takes over.
  std::vector<std::string> without;
  // The connection preface every application sends: SETTINGS with these
  // entries, submitted right after the session is created.
  bool initial_settings = true;
  std::vector<nghttp2_settings_entry> settings;
};

class Peer {
public:
  Peer(const Side &side, bool server, Trace &trace, PeerSetup setup = {});
  ~Peer();
  Peer(const Peer &) = delete;
  Peer &operator=(const Peer &) = delete;

  // mem_send until nothing is left; appends to `wire`, returns the bytes.
  std::vector<uint8_t> send();
  // mem_recv of all of `in`; the return value is recorded in the trace.
  long recv(const std::vector<uint8_t> &in);

  // Frames this peer has sent so far, one text line each.
  std::vector<std::string> frames() const;

  const Api &api;
  bool server;
  const char *name; // "C" or "S"
  nghttp2_session *s = nullptr;
  int create_rv = 0;
  Trace &trace;
  std::vector<uint8_t> wire;
  long last_send_rv = 0;
  // Move bytes with the nghttp2_ssize twins mem_send2/mem_recv2.
  bool io2 = false;
  // Set after mem_send/mem_recv returned a fatal error: upstream allows
  // nothing but session_del from then on, so the peer goes quiet.
  bool fatal = false;
  // Body served by the data provider (read callback), per stream.
  std::map<int32_t, std::string> bodies;
  // Free-form per-test state, reachable from callbacks through the peer.
  void *ctx = nullptr;
  std::map<std::string, int> calls; // callback name -> times fired

  static Peer *of(void *user_data) { return static_cast<Peer *>(user_data); }
  void rec(const char *fmt, ...) __attribute__((format(printf, 2, 3)));

  // A data provider whose read callback serves bodies[stream_id] and sets
  // END_STREAM at its end.
  static nghttp2_data_provider provider();
  static nghttp2_data_provider2 provider2();
};

// Pumps bytes both ways until neither peer has anything to send (or a cap of
// rounds is reached); returns the number of rounds that moved bytes.
int pump(Peer &client, Peer &server);

// Harness::require excuses a reference build for functions it may lack
// (then the caller should use the older twin); this also says whether the
// functions can actually be called, so ours-only checks are skipped when
// "ours" is itself a reference build (the harness's self-test mode).
bool need(h2diff::Harness &h, const Side &side,
          std::initializer_list<const char *> symbols);

std::string hex(const uint8_t *p, size_t n);
inline std::string hex(const std::vector<uint8_t> &v) {
  return hex(v.data(), v.size());
}
std::string frame_line(const h2diff::Frame &f);

// The trace followed by both peers' frames ("C> ...", "S> ..."): the whole
// observable result of a conversation, for Checker::seq.
std::vector<std::string> transcript(const Peer &client, const Peer &server);
// Lines containing every one of the given substrings.
long count(const std::vector<std::string> &lines,
           std::initializer_list<const char *> parts);
inline bool has(const std::vector<std::string> &lines,
                std::initializer_list<const char *> parts) {
  return count(lines, parts) > 0;
}
std::vector<std::string> prefixed(const char *prefix,
                                  const std::vector<std::string> &lines);

} // namespace apitest

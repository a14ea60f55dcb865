// DoS defences of a server session: each attack is fed through mem_recv
// into h2pool and, where the reference libnghttp2 (Debian 1.52 with the
// rapid-reset and CONTINUATION backports) has the same defence, into the
// reference too, and the reactions are compared. Defences that only newer
// upstream has (glitch counter 1.67, outbound queue cap after 1.70) are
// asserted against newest upstream's source behaviour; the reference's
// reaction is printed for contrast. Every run also reports the peak bytes the
// session held through a counting nghttp2_mem and asserts a bound.
//
// One line per run: class, side, reaction, peak bytes.
#include "attack.h"
#include "harness.h"

#include <cstdio>
#include <functional>
#include <string>

using namespace dos;

namespace {

constexpr uint8_t kEH = NGHTTP2_FLAG_END_HEADERS;
constexpr uint8_t kES = NGHTTP2_FLAG_END_STREAM;

struct Outcome {
  long fatal = 0;   // first negative mem_recv return
  long goaway = -1; // first GOAWAY's error code
  int32_t last_sid = -1;
  size_t peak = 0;
  // Attack-specific tallies, compared between the libraries.
  std::vector<long long> tallies;

  std::string reaction() const {
    if (fatal) {
      const char *name = fatal == NGHTTP2_ERR_FLOODED ? "NGHTTP2_ERR_FLOODED"
                         : fatal == NGHTTP2_ERR_TOO_MANY_CONTINUATIONS
                             ? "NGHTTP2_ERR_TOO_MANY_CONTINUATIONS"
                         : fatal == NGHTTP2_ERR_CALLBACK_FAILURE
                             ? "NGHTTP2_ERR_CALLBACK_FAILURE"
                             : "error";
      return std::string("mem_recv ") + name + "(" + std::to_string(fatal) + ")";
    }
    if (goaway >= 0) {
      const char *name = goaway == NGHTTP2_ENHANCE_YOUR_CALM ? "ENHANCE_YOUR_CALM"
                         : goaway == NGHTTP2_INTERNAL_ERROR  ? "INTERNAL_ERROR"
                         : goaway == NGHTTP2_PROTOCOL_ERROR  ? "PROTOCOL_ERROR"
                         : goaway == NGHTTP2_COMPRESSION_ERROR
                             ? "COMPRESSION_ERROR"
                         : goaway == NGHTTP2_FLOW_CONTROL_ERROR
                             ? "FLOW_CONTROL_ERROR"
                             : "code";
      return std::string("GOAWAY ") + name + " last_sid=" +
             std::to_string(last_sid);
    }
    return "accepted";
  }
  std::string tally_text() const {
    std::string s;
    for (auto t : tallies) s += (s.empty() ? "" : ",") + std::to_string(t);
    return s;
  }
};

Outcome finish(Server &s, std::vector<long long> tallies = {}) {
  s.send();
  Outcome o;
  o.fatal = s.fatal;
  o.goaway = s.goaway_code();
  o.last_sid = s.goaway_last_sid();
  o.peak = s.cm.peak;
  o.tallies = std::move(tallies);
  return o;
}

// Feeds `next(i)` for i in [0, n), batching roughly `batch` bytes per
// mem_recv and draining the output after each batch when `drain` is set.
void feed(Server &s, size_t n, const std::function<std::string(size_t)> &next,
          bool drain, size_t batch = 4096) {
  std::string buf;
  for (size_t i = 0; i < n && !s.fatal; ++i) {
    buf += next(i);
    if (buf.size() >= batch) {
      s.recv(buf);
      buf.clear();
      if (drain) s.send();
    }
  }
  if (!buf.empty()) s.recv(buf);
  if (drain) s.send();
}

std::string preface() { return magic() + settings({}); }

class Dos {
public:
  Dos(int argc, char **argv) : h_("dos", argc, argv) {}

  // Runs `attack` on both libraries. `same` = the reference has this
  // defence, so the outcomes must be equal; `want` checks h2pool's outcome
  // against newest upstream's documented reaction either way.
  void run(const std::string &cls, size_t bound,
           const std::function<Outcome(const Api &)> &attack, bool same,
           const std::function<bool(const Outcome &)> &want) {
    Outcome ref = attack(*h_.ref().api);
    Outcome ours = attack(*h_.ours().api);
    line(cls, "ref", ref, 0);
    line(cls, "ours", ours, bound);
    auto &ck = h_.check();
    ck.expect(cls + ": h2pool reaction is upstream's", want(ours),
              ours.reaction() + " tallies " + ours.tally_text());
    ck.expect(cls + ": h2pool peak " + std::to_string(ours.peak) +
                  " <= bound " + std::to_string(bound),
              ours.peak <= bound);
    if (same) {
      ck.eq(cls + ": reaction", ref.reaction(), ours.reaction());
      ck.eq(cls + ": tallies", ref.tally_text(), ours.tally_text());
    }
  }
  h2diff::Harness &h() { return h_; }

private:
  static void line(const std::string &cls, const char *side, const Outcome &o,
                   size_t bound) {
    std::printf("%-34s %-4s %-48s peak %8zu bytes", cls.c_str(), side,
                o.reaction().c_str(), o.peak);
    if (bound) std::printf(" (bound %zu)", bound);
    std::printf("  [%s]\n", o.tally_text().c_str());
  }
  h2diff::Harness h_;
};

// ---------------------------------------------------------------- attacks

Outcome rapid_reset(const Api &a, Config cfg, size_t pairs) {
  Server s(a, cfg);
  s.recv(preface());
  feed(s, pairs, [](size_t i) {
    const int32_t sid = int32_t(1 + 2 * i);
    return headers(sid, get_block(), kEH | kES) + rst(sid, NGHTTP2_CANCEL);
  }, true);
  return finish(s, {(long long)s.recv_headers_frames, (long long)s.recv_rst,
                    (long long)s.streams_closed});
}

// HEADERS without END_HEADERS, then `conts` CONTINUATIONs of `each` header
// bytes; the last carries END_HEADERS when `end` is set.
Outcome continuation_flood(const Api &a, Config cfg, size_t conts, size_t each,
                           bool end) {
  Server s(a, cfg);
  s.recv(preface());
  std::string field = hpack_literal("x-pad", std::string(each > 16 ? each - 16 : 1, 'p'), false);
  std::string in = headers(1, get_block(), kES);
  for (size_t i = 0; i < conts; ++i)
    in += frame(NGHTTP2_CONTINUATION, (end && i + 1 == conts) ? kEH : 0, 1,
                field);
  s.recv(in);
  return finish(s, {(long long)s.recv_headers_frames,
                    (long long)s.header_fields});
}

Outcome settings_entries(const Api &a, Config cfg, size_t entries) {
  Server s(a, cfg);
  std::vector<std::pair<uint16_t, uint32_t>> iv(
      entries, {NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, 100});
  s.recv(magic() + settings(iv));
  return finish(s, {(long long)s.count_sent(NGHTTP2_SETTINGS)});
}

// `n` frames from `make` without reading anything back, then one drain.
Outcome ack_flood(const Api &a, Config cfg, size_t n,
                  const std::function<std::string(size_t)> &make) {
  Server s(a, cfg);
  s.recv(preface());
  s.send();
  feed(s, n, make, false);
  const long long queued = (long long)s.queue_size();
  return finish(s, {queued});
}

// `n` glitches from `make` after `setup`, draining every batch. Tallies: the
// glitch index after which the GOAWAY first showed up in the output (0 =
// never), and whether mem_recv stayed non-fatal.
Outcome glitches(const Api &a, Config cfg, const std::string &setup, size_t n,
                 const std::function<std::string(size_t)> &make,
                 size_t batch_items) {
  Server s(a, cfg);
  s.recv(preface() + setup);
  s.send();
  long long goaway_at = 0;
  std::string buf;
  for (size_t i = 0; i < n && !s.fatal; ++i) {
    buf += make(i);
    if ((i + 1) % batch_items == 0 || i + 1 == n) {
      s.recv(buf);
      buf.clear();
      s.send();
      if (!goaway_at && s.goaway_code() >= 0) goaway_at = (long long)(i + 1);
    }
  }
  return finish(s, {goaway_at});
}

std::string bad_request(size_t i) {
  // An unknown pseudo-header is a stream error in every version.
  return headers(int32_t(1 + 2 * i),
                 get_block() + hpack_literal(":bogus", "x", false), kEH | kES);
}

Outcome queue_growth(const Api &a, Config cfg, size_t requests) {
  Server s(a, cfg);
  s.recv(preface());
  s.send();
  long long flooded_at = 0;
  for (size_t i = 0; i < requests && !s.fatal; i += 50) {
    std::string buf;
    for (size_t j = i; j < i + 50 && j < requests; ++j) buf += bad_request(j);
    s.recv(buf);
    if (s.fatal == NGHTTP2_ERR_FLOODED)
      flooded_at = (long long)(i + 50 < requests ? i + 50 : requests);
  }
  const long long queued = (long long)s.queue_size();
  return finish(s, {flooded_at, queued});
}

// One request whose header block inserts a `value_len` field into the
// dynamic table and then references it through every remaining byte of a
// HEADERS and `conts` full CONTINUATION frames.
Outcome hpack_bomb(const Api &a, Config cfg, size_t value_len, size_t conts) {
  Server s(a, cfg);
  s.recv(preface());
  s.send();
  std::string first = get_block() +
                      hpack_literal("x-bomb", std::string(value_len, 'v'), true);
  first += std::string(16384 - first.size(), '\xbe');
  std::string in = headers(1, first, kES);
  for (size_t i = 0; i < conts; ++i)
    in += frame(NGHTTP2_CONTINUATION, i + 1 == conts ? kEH : 0, 1,
                std::string(16384, '\xbe'));
  s.recv(in);
  return finish(s, {(long long)s.recv_headers_frames,
                    (long long)s.header_fields, (long long)s.header_bytes});
}

// A field whose announced length is `len` bytes, spread over frames.
Outcome hpack_long_field(const Api &a, size_t len) {
  Server s(a, {});
  s.recv(preface());
  s.send();
  std::string block = get_block() + hpack_literal("x-long", std::string(len, 'l'), false);
  std::string in;
  for (size_t off = 0; off < block.size(); off += 16384) {
    const bool last = off + 16384 >= block.size();
    in += frame(off == 0 ? NGHTTP2_HEADERS : NGHTTP2_CONTINUATION,
                uint8_t((off == 0 ? kES : 0) | (last ? kEH : 0)), 1,
                block.substr(off, 16384));
  }
  s.recv(in);
  return finish(s, {(long long)s.header_fields});
}

// The peer opens its stream window by `step` bytes at a time; every grant
// lets the server emit one DATA frame. Tallies: DATA frames, their largest
// payload, and total payload bytes.
Outcome window_dribble(const Api &a, uint32_t initial, uint32_t step,
                       size_t grants, size_t body) {
  Config cfg;
  cfg.response_body = body;
  Server s(a, cfg);
  s.recv(magic() + settings({{NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, initial}}) +
         headers(1, get_block(), kEH | kES));
  s.send();
  for (size_t i = 0; i < grants && !s.fatal; ++i) {
    s.recv(window_update(1, step));
    s.send();
  }
  long long n = 0, largest = 0, total = 0;
  for (auto &f : s.frames())
    if (f.type == NGHTTP2_DATA) {
      ++n;
      total += f.length;
      if (f.length > largest) largest = f.length;
    }
  return finish(s, {n, largest, total});
}

} // namespace

int main(int argc, char **argv) {
  Dos d(argc, argv);
  using O = const Outcome &;

  // ---- rapid reset (CVE-2023-44487): default burst 1000, 33 tokens/s.
  // Pair 1001 empties the bucket unless a second boundary refilled it; 1500
  // pairs leave room for up to 15 s of refill.
  d.run("rapid-reset default 1500 pairs", 64 * 1024,
        [](const Api &a) { return rapid_reset(a, {}, 1500); }, false,
        [](O o) {
          return o.fatal == 0 && o.goaway == NGHTTP2_INTERNAL_ERROR &&
                 o.last_sid >= 2001 && o.last_sid <= 2001 + 2 * 33 * 15;
        });
  d.run("rapid-reset default 1000 pairs", 64 * 1024,
        [](const Api &a) { return rapid_reset(a, {}, 1000); }, true,
        [](O o) { return o.fatal == 0 && o.goaway == -1; });
  {
    Config c;
    c.reset_burst = 10;
    c.reset_rate = 0; // no refill: the 11th RST_STREAM is exactly the one
    d.run("rapid-reset burst 10 rate 0", 32 * 1024,
          [c](const Api &a) { return rapid_reset(a, c, 40); }, true,
          [](O o) {
            return o.fatal == 0 && o.goaway == NGHTTP2_INTERNAL_ERROR &&
                   o.last_sid == 21;
          });
  }

  // ---- CONTINUATION flood (CVE-2024-28182): default 8 per header block.
  d.run("continuation 8 + END_HEADERS", 64 * 1024,
        [](const Api &a) { return continuation_flood(a, {}, 8, 16384, true); },
        true, [](O o) { return o.fatal == 0 && o.goaway == -1 &&
                               o.tallies[0] == 1; });
  d.run("continuation flood 64 x 16 KiB", 64 * 1024,
        [](const Api &a) { return continuation_flood(a, {}, 64, 16384, false); },
        true, [](O o) { return o.fatal == NGHTTP2_ERR_TOO_MANY_CONTINUATIONS; });
  d.run("continuation flood 1000 x 9 B", 32 * 1024,
        [](const Api &a) { return continuation_flood(a, {}, 1000, 9, false); },
        true, [](O o) { return o.fatal == NGHTTP2_ERR_TOO_MANY_CONTINUATIONS &&
                               o.tallies[1] == 0; });
  {
    Config c;
    c.max_continuations = 2;
    d.run("continuation max 2, 3 sent", 64 * 1024,
          [c](const Api &a) { return continuation_flood(a, c, 3, 100, true); },
          true,
          [](O o) { return o.fatal == NGHTTP2_ERR_TOO_MANY_CONTINUATIONS; });
  }

  // ---- SETTINGS: entries per frame (default 32), and ACKs queueing up.
  d.run("settings 32 entries", 16 * 1024,
        [](const Api &a) { return settings_entries(a, {}, 32); }, true,
        [](O o) { return o.fatal == 0 && o.goaway == -1; });
  d.run("settings 33 entries", 16 * 1024,
        [](const Api &a) { return settings_entries(a, {}, 33); }, true,
        [](O o) {
          return o.fatal == 0 && o.goaway == NGHTTP2_ENHANCE_YOUR_CALM;
        });
  {
    Config c;
    c.max_settings = 4;
    d.run("settings max 4, 5 entries", 16 * 1024,
          [c](const Api &a) { return settings_entries(a, c, 5); }, true,
          [](O o) { return o.goaway == NGHTTP2_ENHANCE_YOUR_CALM; });
  }
  d.run("settings-ack flood 1000 unread", 256 * 1024,
        [](const Api &a) {
          return ack_flood(a, {}, 1000, [](size_t) { return settings({}); });
        },
        true, [](O o) { return o.fatal == 0 && o.tallies[0] == 1000; });
  d.run("settings-ack flood 1001 unread", 256 * 1024,
        [](const Api &a) {
          return ack_flood(a, {}, 1001, [](size_t) { return settings({}); });
        },
        true, [](O o) { return o.fatal == NGHTTP2_ERR_FLOODED; });

  // ---- PING flood (and PING / SETTINGS mixed): max_outbound_ack 1000.
  d.run("ping flood 1000 unread", 256 * 1024,
        [](const Api &a) {
          return ack_flood(a, {}, 1000, [](size_t i) { return ping(i); });
        },
        true, [](O o) { return o.fatal == 0 && o.tallies[0] == 1000; });
  d.run("ping flood 1001 unread", 256 * 1024,
        [](const Api &a) {
          return ack_flood(a, {}, 1001, [](size_t i) { return ping(i); });
        },
        true, [](O o) { return o.fatal == NGHTTP2_ERR_FLOODED; });
  d.run("ping+settings flood 1001 unread", 256 * 1024,
        [](const Api &a) {
          return ack_flood(a, {}, 1001, [](size_t i) {
            return i % 2 ? ping(i) : settings({});
          });
        },
        true, [](O o) { return o.fatal == NGHTTP2_ERR_FLOODED; });
  {
    Config c;
    c.max_outbound_ack = 10;
    d.run("ping flood max_outbound_ack 10", 16 * 1024,
          [c](const Api &a) {
            return ack_flood(a, c, 11, [](size_t i) { return ping(i); });
          },
          true, [](O o) { return o.fatal == NGHTTP2_ERR_FLOODED; });
  }

  // ---- glitches (newest upstream only, 1.67+): burst 10000, 330/s. The
  // reference lacks the counter, so only h2pool is held to upstream. With
  // rate 0 the boundary is exact: glitch 101 triggers GOAWAY.
  struct Kind {
    const char *name;
    std::string setup;
    std::function<std::string(size_t)> make;
  };
  const Kind kinds[] = {
      {"unknown frame", "",
       [](size_t) { return frame(0xfa, 0, 0, "abcd"); }},
      {"PRIORITY", "", [](size_t) { return priority(1, 0); }},
      {"empty DATA", headers(1, post_block(), kEH),
       [](size_t) { return data(1, "", 0); }},
      {"invalid header", "", bad_request},
      {"PRIORITY_UPDATE", "",
       [](size_t) {
         return frame(NGHTTP2_PRIORITY_UPDATE, 0, 0, be32(1) + "u=1");
       }},
      {"ALTSVC to server", "",
       [](size_t) {
         return frame(NGHTTP2_ALTSVC, 0, 0, std::string("\x00\x00", 2) + "h2=\":443\"");
       }},
  };
  for (const Kind &k : kinds) {
    Config c;
    c.glitch_burst = 100;
    c.glitch_rate = 0;
    d.run(std::string("glitch ") + k.name + " burst 100", 128 * 1024,
          [&](const Api &a) { return glitches(a, c, k.setup, 130, k.make, 1); },
          false, [](O o) {
            return o.fatal == 0 && o.goaway == NGHTTP2_ENHANCE_YOUR_CALM &&
                   o.tallies[0] == 101;
          });
    // Defaults: no GOAWAY up to 10000 glitches, one by 12000 (fed in
    // batches of 100, so it shows after glitch 10100 at the earliest batch).
    d.run(std::string("glitch ") + k.name + " default", 512 * 1024,
          [&](const Api &a) {
            return glitches(a, {}, k.setup, 12000, k.make, 100);
          },
          false, [](O o) {
            return o.fatal == 0 && o.goaway == NGHTTP2_ENHANCE_YOUR_CALM &&
                   o.tallies[0] > 10000 && o.tallies[0] <= 12000;
          });
  }

  // ---- outbound queue (newest upstream, after 1.70): more than 5000
  // queued frames after a mem_recv -> NGHTTP2_ERR_FLOODED. Every bad
  // request queues one RST_STREAM; nothing is read back.
  d.run("outbound queue 5000 RST unread", 1024 * 1024,
        [](const Api &a) { return queue_growth(a, {}, 5000); }, false,
        [](O o) { return o.fatal == 0 && o.tallies[1] == 5000; });
  d.run("outbound queue 6000 RST unread", 1024 * 1024,
        [](const Api &a) { return queue_growth(a, {}, 6000); }, false,
        [](O o) {
          return o.fatal == NGHTTP2_ERR_FLOODED && o.tallies[0] == 5050;
        });
  {
    Config c;
    c.max_outbound_queue = 100;
    d.run("outbound queue max 100", 64 * 1024,
          [c](const Api &a) { return queue_growth(a, c, 1000); }, false,
          [](O o) {
            return o.fatal == NGHTTP2_ERR_FLOODED && o.tallies[0] == 150;
          });
  }

  // ---- HPACK bomb: 9 x 16 KiB of one-byte references to a 4000-byte
  // table entry decode to ~590 MB of header fields. Upstream enforces no
  // header-list limit on what it receives (not even the one it advertised):
  // every field is delivered, and the bytes are shared, not copied.
  d.run("hpack bomb 147k x 4000 B", 128 * 1024,
        [](const Api &a) { return hpack_bomb(a, {}, 4000, 8); }, true,
        [](O o) {
          return o.fatal == 0 && o.goaway == -1 && o.tallies[0] == 1 &&
                 o.tallies[2] > 500000000;
        });
  {
    Config c;
    c.server_settings = {{NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE, 16384}};
    d.run("hpack bomb, advertised 16 KiB list", 128 * 1024,
          [c](const Api &a) { return hpack_bomb(a, c, 4000, 8); }, true,
          [](O o) { return o.fatal == 0 && o.goaway == -1; });
  }
  // Field length limit: 65536 bytes is the most a single name or value may
  // announce; one more is a compression error.
  d.run("hpack field 65536 B", 256 * 1024,
        [](const Api &a) { return hpack_long_field(a, 65536); }, true,
        [](O o) { return o.fatal == 0 && o.goaway == -1; });
  d.run("hpack field 65537 B", 256 * 1024,
        [](const Api &a) { return hpack_long_field(a, 65537); }, true,
        [](O o) { return o.goaway == NGHTTP2_COMPRESSION_ERROR; });

  // ---- window dribble: 1-byte grants make 1-byte DATA frames. Newest
  // upstream neither charges glitches for it nor waits for a minimum chunk.
  d.run("window dribble 1 B x 3000", 64 * 1024,
        [](const Api &a) { return window_dribble(a, 1, 1, 3000, 4000); }, true,
        [](O o) {
          return o.fatal == 0 && o.goaway == -1 && o.tallies[0] == 3001 &&
                 o.tallies[1] == 1;
        });
  d.run("window dribble from 0, 7 B x 1000", 64 * 1024,
        [](const Api &a) { return window_dribble(a, 0, 7, 1000, 7000); }, true,
        [](O o) { return o.fatal == 0 && o.tallies[0] == 1000; });

  return d.h().finish();
}

// Differential tests of the stateless helpers: header validators over every
// byte value and over edge-case strings, ALPN selection, SETTINGS payload
// packing, name comparison, priority-spec fillers and version reporting.
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "harness.h"

using namespace h2diff;

namespace {

using Validator = int (*)(const uint8_t *, size_t);

struct ValidatorRef {
  const char *name;
  Validator (*get)(const Api &);
};

const ValidatorRef kValidators[] = {
    {"nghttp2_check_header_name", [](const Api &a) { return a.check_header_name; }},
    {"nghttp2_check_header_value", [](const Api &a) { return a.check_header_value; }},
    {"nghttp2_check_header_value_rfc9113",
     [](const Api &a) { return a.check_header_value_rfc9113; }},
    {"nghttp2_check_method", [](const Api &a) { return a.check_method; }},
    {"nghttp2_check_path", [](const Api &a) { return a.check_path; }},
    {"nghttp2_check_authority", [](const Api &a) { return a.check_authority; }},
};

std::string esc(const std::string &s) { return to_text(s); }

std::vector<std::string> validator_inputs() {
  std::vector<std::string> in;
  for (int b = 0; b < 256; ++b) {
    std::string c(1, static_cast<char>(b));
    // Alone, and in each position a multi-byte string can put it: several
    // validators treat the first and last byte specially.
    in.push_back(c);
    in.push_back(c + "a");
    in.push_back("a" + c);
    in.push_back("a" + c + "a");
    in.push_back(":" + c);
    in.push_back(":a" + c);
  }
  const char *edge[] = {"", ":", "::", ":a", "a:", ":path", ":PATH", "path:",
                        " a", "a ", "\ta", "a\t", " ", "\t", "  ", "a b",
                        "a\tb", "GET", "get", "G E T", "/", "*", "/a?b#c",
                        "example.org", "example.org:443", "user@host",
                        "[::1]:80", "%20", "a\x80", "\x7f", "x-Upper",
                        "content-length", "te", "a\r\nb", "a\nb"};
  for (const char *e : edge)
    in.push_back(e);
  in.push_back(std::string("a\0b", 3));
  in.push_back(std::string(1000, 'a'));
  return in;
}

void check_validators(Harness &h, long *calls) {
  auto inputs = validator_inputs();
  for (const auto &v : kValidators) {
    if (!h.require(h.ours(), {v.name}))
      continue;
    Validator r = v.get(*h.ref()), o = v.get(*h.ours());
    for (const auto &s : inputs) {
      const auto *p = reinterpret_cast<const uint8_t *>(s.data());
      h.check().eq(std::string(v.name) + "(" + esc(s) + ")", r(p, s.size()),
                   o(p, s.size()));
      ++*calls;
    }
  }
}

// ALPN: result code, chosen protocol as (offset into input, length), and
// whether the outputs were left alone.
std::vector<std::string> alpn_lists() {
  return {std::string("\x02h2", 3),
          std::string("\x08http/1.1", 9),
          std::string("\x08http/1.1\x02h2", 12),
          std::string("\x02h2\x08http/1.1", 12),
          std::string("\x03h2c", 4),
          std::string("\x05h2-14", 6),
          std::string("\x05h2-16\x02h2", 9),
          std::string(""),
          std::string("\x02h3", 3),
          std::string("\x05h2", 3),          // length past the end
          std::string("\x00\x02h2", 4),      // empty entry first
          std::string("\x02h", 2),           // truncated
          std::string("\x08http/1.0", 9),
          std::string("\x08http/1.1", 8),    // truncated http/1.1
          std::string("\x03h2\x02h2", 6),    // "h2\x02" then "h2"
          std::string("\x06spdy/3\x02h2", 10),
          std::string("\x02h2", 2) + std::string("x"),
          std::string(255, '\x01')};
}

struct AlpnResult {
  int rv;
  long offset; // -1: *out untouched
  int outlen;  // -1: *outlen untouched
  bool operator==(const AlpnResult &) const = default;
  std::string text() const {
    return "rv=" + std::to_string(rv) + " offset=" + std::to_string(offset) +
           " outlen=" + std::to_string(outlen);
  }
};

template <class Fn>
AlpnResult run_alpn(Fn fn, const std::string &list) {
  // A copy with guard bytes after it, so a read past the end shows up under
  // valgrind and cannot match a protocol by accident.
  std::vector<unsigned char> buf(list.begin(), list.end());
  buf.insert(buf.end(), 8, 0x02);
  unsigned char *out = reinterpret_cast<unsigned char *>(1);
  unsigned char outlen = 0xee;
  int rv = fn(&out, &outlen, buf.data(), static_cast<unsigned>(list.size()));
  AlpnResult r{rv, -1, -1};
  if (out != reinterpret_cast<unsigned char *>(1))
    r.offset = out - buf.data();
  if (outlen != 0xee)
    r.outlen = outlen;
  return r;
}

void check_alpn(Harness &h, long *lists) {
  auto &ck = h.check();
  if (!h.require(h.ours(), {"nghttp2_select_next_protocol", "nghttp2_select_alpn"}))
    return;
  const Api &oa = *h.ours();
  for (const auto &l : alpn_lists()) {
    auto next = [](const Api &a) {
      return [&a](unsigned char **o, unsigned char *ol, const unsigned char *in,
                  unsigned inlen) { return a.select_next_protocol(o, ol, in, inlen); };
    };
    AlpnResult r = run_alpn(next(*h.ref()), l);
    ck.eq("select_next_protocol(" + esc(l) + ")", r,
          run_alpn(next(*h.ours()), l));
    // The reference predates select_alpn; it must answer like the old call.
    auto alpn = [&](const unsigned char **o, unsigned char *ol,
                    const unsigned char *in, unsigned inlen) {
      if (!oa.select_alpn) // a reference copy standing in for ours
        return oa.select_next_protocol(const_cast<unsigned char **>(o), ol, in,
                                       inlen);
      return oa.select_alpn(o, ol, in, inlen);
    };
    auto alpn_adapter = [&](unsigned char **o, unsigned char *ol,
                            const unsigned char *in, unsigned inlen) {
      return alpn(const_cast<const unsigned char **>(o), ol, in, inlen);
    };
    AlpnResult ra = r;
    if (!h.ref_lacks("nghttp2_select_alpn")) {
      auto ref_alpn = [&](unsigned char **o, unsigned char *ol,
                          const unsigned char *in, unsigned inlen) {
        return h.ref()->select_alpn(const_cast<const unsigned char **>(o), ol,
                                    in, inlen);
      };
      ra = run_alpn(ref_alpn, l);
    }
    ck.eq("select_alpn(" + esc(l) + ")", ra, run_alpn(alpn_adapter, l));
    ++*lists;
  }
}

struct Packed {
  long rv;
  std::vector<uint8_t> bytes;
  bool operator==(const Packed &) const = default;
  std::string text() const { return "rv=" + std::to_string(rv) + " " + to_text(bytes); }
};

void check_pack_settings(Harness &h, long *sets) {
  auto &ck = h.check();
  if (!h.require(h.ours(), {"nghttp2_pack_settings_payload",
                            "nghttp2_pack_settings_payload2"}))
    return;
  using E = nghttp2_settings_entry;
  std::vector<std::vector<E>> lists = {
      {},
      {{NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, 100},
       {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, 65535}},
      {{NGHTTP2_SETTINGS_HEADER_TABLE_SIZE, 0xffffffffu}},
      {{NGHTTP2_SETTINGS_ENABLE_PUSH, 0}, {NGHTTP2_SETTINGS_ENABLE_PUSH, 1}},
      {{NGHTTP2_SETTINGS_ENABLE_PUSH, 2}},
      {{NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, 0x7fffffffu}},
      {{NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, 0x80000000u}},
      {{NGHTTP2_SETTINGS_MAX_FRAME_SIZE, 16384}},
      {{NGHTTP2_SETTINGS_MAX_FRAME_SIZE, 16383}},
      {{NGHTTP2_SETTINGS_MAX_FRAME_SIZE, 16777215}},
      {{NGHTTP2_SETTINGS_MAX_FRAME_SIZE, 16777216}},
      {{NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE, 0}},
      {{NGHTTP2_SETTINGS_ENABLE_CONNECT_PROTOCOL, 1}},
      {{NGHTTP2_SETTINGS_ENABLE_CONNECT_PROTOCOL, 2}},
      {{NGHTTP2_SETTINGS_NO_RFC7540_PRIORITIES, 1}},
      {{NGHTTP2_SETTINGS_NO_RFC7540_PRIORITIES, 2}},
      {{0, 5}},
      {{7, 1}},
      {{0x99, 0xffffffffu}},
      {{-1, 1}},
      {{0x10000, 1}},
      {{NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, 1},
       {NGHTTP2_SETTINGS_ENABLE_PUSH, 3}}};
  for (size_t i = 0; i < lists.size(); ++i) {
    const auto &iv = lists[i];
    size_t need = iv.size() * 6;
    for (size_t buflen : {need + 3, need, need ? need - 1 : size_t(0)}) {
      auto run = [&](const Side &s, bool v2) {
        Packed p;
        p.bytes.assign(buflen + 4, 0xa5);
        p.rv = v2 ? s->pack_settings_payload2(p.bytes.data(), buflen, iv.data(),
                                              iv.size())
                  : s->pack_settings_payload(p.bytes.data(), buflen, iv.data(),
                                             iv.size());
        return p;
      };
      std::string what = "pack_settings_payload(list " + std::to_string(i) +
                         ", buflen " + std::to_string(buflen) + ")";
      Packed r = run(h.ref(), false);
      ck.eq(what, r, run(h.ours(), false));
      auto run2 = [&](const Side &s) {
        return s->pack_settings_payload2 ? run(s, true) : run(s, false);
      };
      ck.eq(what + " via payload2", r, run2(h.ours()));
      if (h.ref()->pack_settings_payload2)
        ck.eq(what + " via payload2 (ref)", r, run2(h.ref()));
      ++*sets;
    }
  }
}

void check_nv_compare(Harness &h, long *pairs) {
  if (!h.require(h.ours(), {"nghttp2_nv_compare_name"}))
    return;
  const char *names[] = {"", "a", "b", "ab", "abc", "abd", ":path", ":status",
                         "content-length", "content-type", "A", "\xff", "a\x00"};
  size_t lens[] = {0, 1, 1, 2, 3, 3, 5, 7, 14, 12, 1, 1, 2};
  size_t n = sizeof lens / sizeof *lens;
  for (size_t i = 0; i < n; ++i)
    for (size_t j = 0; j < n; ++j) {
      nghttp2_nv a{(uint8_t *)names[i], (uint8_t *)"v", lens[i], 1, 0};
      nghttp2_nv b{(uint8_t *)names[j], (uint8_t *)"w", lens[j], 1, 0};
      h.compare("nv_compare_name(" + esc(std::string(names[i], lens[i])) +
                    ", " + esc(std::string(names[j], lens[j])) + ")",
                [&](const Side &s) { return s->nv_compare_name(&a, &b); });
      ++*pairs;
    }
}

std::string spec_text(const nghttp2_priority_spec &p) {
  return std::to_string(p.stream_id) + "/" + std::to_string(p.weight) + "/" +
         std::to_string(p.exclusive);
}

void check_priority_spec(Harness &h, long *specs) {
  if (!h.require(h.ours(), {"nghttp2_priority_spec_init",
                            "nghttp2_priority_spec_default_init",
                            "nghttp2_priority_spec_check_default"}))
    return;
  h.compare("priority_spec_default_init", [](const Side &s) {
    nghttp2_priority_spec p;
    std::memset(&p, 0x5a, sizeof p);
    s->priority_spec_default_init(&p);
    return spec_text(p) + " default=" +
           std::to_string(s->priority_spec_check_default(&p));
  });
  for (int32_t id : {0, 1, 3, -1, 0x7fffffff})
    for (int32_t w : {0, 1, 16, 256, 257, -5})
      for (int ex : {0, 1, 2, -1}) {
        h.compare("priority_spec_init(" + std::to_string(id) + ", " +
                      std::to_string(w) + ", " + std::to_string(ex) + ")",
                  [&](const Side &s) {
                    nghttp2_priority_spec p;
                    std::memset(&p, 0x5a, sizeof p);
                    s->priority_spec_init(&p, id, w, ex);
                    return spec_text(p) + " default=" +
                           std::to_string(s->priority_spec_check_default(&p));
                  });
        ++*specs;
      }
}

void check_version(Harness &h) {
  auto &ck = h.check();
  if (!h.require(h.ours(), {"nghttp2_version"}))
    return;
  const std::string reported = h.deviations().version_of("version.reported");
  long reported_num = version_number(reported);
  ck.expect("deviations.txt gives version.reported", reported_num > 0, reported);
  const nghttp2_info *r = h.ref()->version(0);
  const nghttp2_info *o = h.ours()->version(0);
  ck.expect("version(0) non-NULL", r && o);
  if (!r || !o)
    return;
  ck.eq("nghttp2_info.age", r->age, o->age);
  ck.eq("nghttp2_info.proto_str", r->proto_str, o->proto_str);
  ck.eq("nghttp2_info.version_str", r->version_str, o->version_str,
        "version.reported");
  ck.eq("nghttp2_info.version_num", r->version_num, o->version_num,
        "version.reported");
  ck.eq("ours version_str", reported, std::string(o->version_str));
  ck.eq("ours version_num", reported_num, static_cast<long>(o->version_num));
  ck.expect("same object on every call", h.ours()->version(1) == o &&
                                             h.ours()->version(-5) == o);
  // NULL only when asked for something newer than the library.
  auto nulls = [](const Api &a, int own) {
    return std::vector<int>{a.version(own) != nullptr, a.version(own + 1) != nullptr,
                            a.version(-1) != nullptr, a.version(0x7fffffff) != nullptr};
  };
  ck.seq("version(own, own+1, -1, INT_MAX) non-NULL", nulls(*h.ref(), r->version_num),
         nulls(*h.ours(), o->version_num));
}

} // namespace

int main(int argc, char **argv) {
  Harness h("helpers-diff", argc, argv);
  long calls = 0, lists = 0, sets = 0, pairs = 0, specs = 0;
  check_validators(h, &calls);
  check_alpn(h, &lists);
  check_pack_settings(h, &sets);
  check_nv_compare(h, &pairs);
  check_priority_spec(h, &specs);
  check_version(h);
  auto &ck = h.check();
  ck.add_count("validator calls", calls);
  ck.add_count("ALPN lists", lists);
  ck.add_count("settings packings", sets);
  ck.add_count("name pairs", pairs);
  ck.add_count("priority specs", specs);
  return h.finish();
}

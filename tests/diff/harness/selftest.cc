// Proves the harness itself: the Api list matches the ABI symbol list, two
// independent instances of the reference compare equal through the same code
// paths the real tests use, and every comparison helper reports injected
// differences (so a green differential test means something).
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "harness.h"
#include "frames.h"
#include "trace.h"

using namespace h2diff;

namespace {

std::map<std::string, std::string> parse_args(int argc, char **argv) {
  std::map<std::string, std::string> m;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    size_t eq = a.find('=');
    if (a.rfind("--", 0) == 0 && eq != std::string::npos)
      m[a.substr(2, eq - 2)] = a.substr(eq + 1);
  }
  return m;
}

std::vector<uint8_t> deflate(const Api &api, const std::vector<nghttp2_nv> &nv) {
  nghttp2_hd_deflater *d = nullptr;
  if (api.hd_deflate_new(&d, 4096) != 0)
    return {};
  std::vector<uint8_t> out(api.hd_deflate_bound(d, nv.data(), nv.size()));
  ssize_t n = api.hd_deflate_hd(d, out.data(), out.size(), nv.data(), nv.size());
  api.hd_deflate_del(d);
  out.resize(n < 0 ? 0 : static_cast<size_t>(n));
  return out;
}

nghttp2_nv make_nv(const char *n, const char *v) {
  return nghttp2_nv{(uint8_t *)n, (uint8_t *)v, std::strlen(n), std::strlen(v),
                    NGHTTP2_NV_FLAG_NONE};
}

} // namespace

int main(int argc, char **argv) {
  auto args = parse_args(argc, argv);
  Checker ck("diff-harness-selftest");

  // 1. The Api table covers exactly the ABI's symbol list.
  std::vector<std::string> listed;
  {
    std::ifstream f(args["symbols"]);
    for (std::string line; std::getline(f, line);)
      if (!line.empty())
        listed.push_back(line);
  }
  ck.seq("api_list.h == upstream-symbols.txt", listed, api_symbol_names());
  ck.eq("Api member count", size_t(182), api_symbol_names().size());
  ck.eq("sizeof(Api)", size_t(182) * sizeof(void *), sizeof(Api));

  // 2. Deviations file parses; the parser rejects malformed text.
  Deviations dev;
  std::string err;
  ck.expect("deviations.txt loads", dev.load(args["deviations"], &err), err);
  Deviations bad;
  ck.expect("two columns rejected", !bad.parse("a.b\t1.2.3\n", &err));
  ck.expect("bad version rejected", !bad.parse("a.b\t1.2\tr\n", &err));
  ck.expect("duplicate key rejected",
            !bad.parse("a\t1.2.3\tr\na\t1.2.4\tr\n", &err));
  ck.expect("upper-case key rejected", !bad.parse("A\t1.2.3\tr\n", &err));
  ck.expect("comments and HEAD accepted",
            bad.parse("# c\n\nx.y\tHEAD\twhy\n", &err) && bad.has("x.y"), err);
  ck.eq("version_number(1.70.0)", 0x014600L, version_number("1.70.0"));
  ck.eq("version_number(1.7)", -1L, version_number("1.7"));

  // 3. The reference, loaded twice, is two independent instances.
  const std::string ref_path = args["ref"];
  if (access(ref_path.c_str(), R_OK) != 0) {
    std::printf("diff-harness-selftest: SKIP: reference %s missing\n",
                ref_path.c_str());
    return kExitSkip;
  }
  std::string copy = std::string(std::getenv("TMPDIR") ? std::getenv("TMPDIR")
                                                       : "/tmp") +
                     "/h2diff-selftest-XXXXXX";
  std::vector<char> name(copy.begin(), copy.end());
  name.push_back('\0');
  int fd = mkstemp(name.data());
  ck.expect("temp file", fd >= 0);
  close(fd);
  {
    std::ifstream in(ref_path, std::ios::binary);
    std::ofstream out(name.data(), std::ios::binary | std::ios::trunc);
    out << in.rdbuf();
  }
  auto a = Library::open(ref_path, "ref", &err);
  auto b = Library::open(name.data(), "ref-copy", &err);
  unlink(name.data());
  if (!a || !b) {
    std::printf("diff-harness-selftest: cannot load reference: %s\n",
                err.c_str());
    return 1;
  }
  const Api &A = a->api(), &B = b->api();
  ck.expect("two instances have distinct code",
            (void *)A.strerror != (void *)B.strerror);
  ck.eq("reference exports 162 of 182",
        size_t(20), api_missing(A).size());
  // Every function the reference lacks is declared absent in deviations.txt,
  // and every "absent." entry really is absent: the file stays honest.
  for (const auto &m : api_missing(A))
    ck.expect(m + " listed as absent", dev.has("absent." + m));
  for (const Deviation *d : dev.with_prefix("absent.")) {
    std::string sym = d->key.substr(7);
    ck.expect(d->key + " names an API function",
              api_slot(const_cast<Api &>(A), sym) != nullptr);
    ck.expect(d->key + " really absent in reference",
              api_pointer(A, sym) == nullptr);
  }

  // Same scenario through both instances: identical results.
  long compared = 0;
  for (int code = -1000; code <= 10; ++code, ++compared)
    ck.eq("strerror(" + std::to_string(code) + ")", A.strerror(code),
          B.strerror(code));
  std::vector<nghttp2_nv> nv = {make_nv(":method", "GET"),
                                make_nv(":path", "/index.html"),
                                make_nv("user-agent", "h2diff")};
  ck.bytes("deflate via two instances", deflate(A, nv), deflate(B, nv));

  // 4. Injected differences are caught, reported, and counted.
  Checker neg("selftest-negative (differences below are intended)", &dev, 50);
  neg.eq("int", 1, 2);
  neg.eq("strings", A.strerror(-501), B.strerror(-502));
  const uint8_t r[] = {0, 1, 2, 3, 4, 5, 6, 7};
  const uint8_t o[] = {0, 1, 2, 3, 4, 9, 6, 7};
  neg.bytes("bytes differ at 5", r, sizeof r, o, sizeof o);
  neg.bytes("bytes prefix", r, sizeof r, r, 6);
  neg.seq("sequence", std::vector<int>{1, 2, 3}, std::vector<int>{1, 2, 4});
  Trace t1, t2;
  t1.addf("on_frame_recv type=%d", 4);
  t2.addf("on_frame_recv type=%d", 1);
  neg.seq("trace", t1.events, t2.events);
  neg.eq("tolerated via listed key", 16, 200, "rfc7540-priority.stream_get_weight");
  neg.eq("unlisted key is no excuse", 1, 2, "no.such-key");
  neg.eq("equal passes", 7, 7);
  ck.eq("negative: checks", 9L, neg.checks());
  ck.eq("negative: mismatches", 7L, neg.mismatches());
  ck.eq("negative: tolerated", 1L, neg.tolerated());
  ck.eq("negative: exit status", 1, neg.finish());

  // 5. Frame splitting of a known client opening (INVENTORY 4.2 bytes).
  std::vector<uint8_t> wire(
      reinterpret_cast<const uint8_t *>(NGHTTP2_CLIENT_MAGIC),
      reinterpret_cast<const uint8_t *>(NGHTTP2_CLIENT_MAGIC) + 24);
  const uint8_t settings[] = {0, 0, 0, 4, 0, 0, 0, 0, 0};
  const uint8_t headers[] = {0, 0, 0x0d, 1, 5, 0, 0, 0, 1, 0x82, 0x87,
                             0x41, 0x88, 0x2f, 0x91, 0xd3, 0x5d, 0x05,
                             0x5c, 0xf6, 0x4d, 0x84, 0, 0};
  wire.insert(wire.end(), settings, settings + sizeof settings);
  wire.insert(wire.end(), headers, headers + sizeof headers);
  FrameStream fs = split_frames(wire, true);
  ck.expect("magic recognised", fs.client_magic);
  ck.eq("frame count", size_t(2), fs.frames.size());
  if (fs.frames.size() == 2) {
    ck.eq("frame 1", std::string("SETTINGS len=0 flags=0x00 stream=0"),
          fs.frames[0].text());
    ck.eq("frame 2 type", uint8_t(1), fs.frames[1].type);
    ck.eq("frame 2 stream", 1u, fs.frames[1].stream_id);
    ck.eq("frame 2 flags", std::string("END_STREAM|END_HEADERS"),
          frame_flags_text(1, fs.frames[1].flags));
    ck.eq("frame 2 payload", size_t(13), fs.frames[1].payload.size());
  }
  ck.eq("incomplete tail", size_t(2), fs.incomplete.size());
  FrameStream other = split_frames(wire.data(), wire.size() - 3, true);
  ck.seq("frames differ when HEADERS is cut", fs.frames, fs.frames);
  ck.expect("cut stream differs", !(other == fs));

  ck.add_count("instances compared on codes", compared);
  return ck.finish();
}

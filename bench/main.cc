// bench_h2pool: upstream libnghttp2 and h2pool loaded side by side, every
// benchmark run interleaved (upstream, h2pool, upstream, ...).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "suites.h"

#ifndef BENCH_REFERENCE_LIB
#define BENCH_REFERENCE_LIB "/lib/x86_64-linux-gnu/libnghttp2.so.14"
#endif
#ifndef BENCH_OURS_LIB
#define BENCH_OURS_LIB ""
#endif
#ifndef BENCH_CORPUS
#define BENCH_CORPUS ""
#endif

namespace {

void usage() {
  std::fprintf(stderr,
               "usage: bench_h2pool [--quick] [--reps=N] [--only=hpack|session]\n"
               "                    [--ref=LIB] [--ours=LIB] [--corpus=FILE]\n"
               "                    [--corrupt-corpus]   (self-test: must fail)\n");
}

bool starts(const char *arg, const char *prefix, std::string &val) {
  size_t n = std::strlen(prefix);
  if (std::strncmp(arg, prefix, n) != 0) return false;
  val = arg + n;
  return true;
}

// The interposer must see allocations made inside a dlopen()ed library,
// otherwise the malloc/<unit> columns would silently read zero.
bool hook_sees(const bench::Api &a) {
  bench::AllocStats before = bench::process_allocs();
  nghttp2_hd_inflater *inf = nullptr;
  if (a.nghttp2_hd_inflate_new2(&inf, nullptr) != 0) return false;
  a.nghttp2_hd_inflate_del(inf);
  return (bench::process_allocs() - before).calls > 0;
}

}  // namespace

int main(int argc, char **argv) {
  bench::Options opt;
  std::string only, val;
  std::string ref_path = BENCH_REFERENCE_LIB, ours_path = BENCH_OURS_LIB;
  std::string corpus_path = BENCH_CORPUS;
  bool reps_set = false, corrupt = false;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--quick")) {
      opt.quick = true;
    } else if (!std::strcmp(argv[i], "--corrupt-corpus")) {
      corrupt = true;
    } else if (starts(argv[i], "--reps=", val)) {
      opt.reps = std::max(1, std::atoi(val.c_str()));
      reps_set = true;
    } else if (starts(argv[i], "--only=", val)) {
      only = val;
    } else if (starts(argv[i], "--ref=", val)) {
      ref_path = val;
    } else if (starts(argv[i], "--ours=", val)) {
      ours_path = val;
    } else if (starts(argv[i], "--corpus=", val)) {
      corpus_path = val;
    } else {
      usage();
      return 2;
    }
  }
  if (opt.quick && !reps_set) opt.reps = 3;

  bench::Api ref, ours;
  std::string err;
  if (!bench::load(ref, "upstream", ref_path, err)) {
    std::fprintf(stderr, "bench: reference %s: %s\n", ref_path.c_str(),
                 err.c_str());
    return 1;
  }
  if (!ref.has_hpack || !ref.has_session) {
    std::fprintf(stderr, "bench: reference lacks %s\n", ref.missing.c_str());
    return 1;
  }
  if (!bench::load(ours, "h2pool", ours_path, err)) {
    std::fprintf(stderr, "bench: h2pool %s: %s\n", ours_path.c_str(),
                 err.c_str());
    return 1;
  }
  std::printf("upstream: %s\nh2pool:   %s\n", ref_path.c_str(),
              ours_path.c_str());
  if (!hook_sees(ref)) {
    std::fprintf(stderr, "bench: malloc interposer sees no library calls\n");
    return 1;
  }

  // While a group is missing from our library, its benchmarks run the
  // reference against itself so the code paths stay exercised.
  bench::Report hp_report, ss_report;
  const bench::Api &ours_hp = ours.has_hpack ? ours : ref;
  const bench::Api &ours_ss = ours.has_session ? ours : ref;
  if (!ours.has_hpack || !ours.has_session)
    std::printf("h2pool lacks %s: those benchmarks run upstream vs upstream\n",
                ours.missing.c_str());

  int rc = 0;
  if (only.empty() || only == "hpack") {
    bench::Corpus corpus;
    if (!bench::load_corpus(corpus_path, corpus, err)) {
      std::fprintf(stderr, "bench: %s\n", err.c_str());
      return 1;
    }
    // Proves the output check bites: one altered wire byte (a literal
    // character of the first story's last block) must be reported.
    if (corrupt) {
      std::vector<uint8_t> &w = corpus.stories[0].blocks.back().wire;
      w[w.size() - 1] ^= 0x01;
    }
    if (!bench::run_hpack(ref, ours_hp, corpus, opt, hp_report, err)) {
      std::fprintf(stderr, "bench: hpack: %s\n", err.c_str());
      rc = 1;
    }
    hp_report.print(ours.has_hpack ? "h2pool" : "upstream(2)");
  }
  if (only.empty() || only == "session") {
    if (!bench::run_session(ref, ours_ss, opt, ss_report, err)) {
      std::fprintf(stderr, "bench: session: %s\n", err.c_str());
      rc = 1;
    }
    ss_report.print(ours.has_session ? "h2pool" : "upstream(2)");
  }
  return rc;
}

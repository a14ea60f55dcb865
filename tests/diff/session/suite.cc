#include "suite.h"

#include "runner.h"
#include "tolerance.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace sdiff {

int run_suite(const char *label, const ScenarioSource &source, int argc,
              char **argv) {
  // Loading, the private copy for ref-vs-ref runs, SKIP when the reference
  // is missing and the deviations file all come from the shared harness.
  h2diff::Harness h(label, argc, argv);
  const bool flip = !h.option("flip").empty();
  const bool dump = !h.option("dump").empty();
  const bool list = !h.option("list").empty();
  const std::string show_mode = h.option("show");
  const bool show = !show_mode.empty();
  const std::string only = h.option("only");
  const Api &ref = *h.ref().api;
  const Api &ours = *h.ours().api;
  const h2diff::Deviations &devs = h.deviations();

  std::vector<Scenario> scenarios = source(&ref, h);
  if (scenarios.empty()) {
    printf("%s: no scenarios\n", label);
    return 1;
  }
  if (list) {
    for (auto &sc : scenarios) {
      printf("%s\n", sc.name.c_str());
    }
    return 0;
  }

  const Chunking chunkings[] = {{Chunking::Whole, 1},
                                {Chunking::Bytewise, 1},
                                {Chunking::Random, 20240607}};
  size_t runs = 0, mismatched_runs = 0, ran = 0, tolerated_runs = 0;
  for (auto &sc : scenarios) {
    if (!only.empty() && sc.name.find(only) == std::string::npos) {
      continue;
    }
    ++ran;
    if (show) {
      printf("=== %s\n%s", sc.name.c_str(),
             dump_trace(run_scenario(&ref, &ref, sc,
                                     chunkings[show_mode == "bytewise" ? 1
                                               : show_mode == "random" ? 2
                                                                       : 0]))
                 .c_str());
      continue;
    }
    for (const Chunking &ch : chunkings) {
      ++runs;
      RunHooks hooks;
      hooks.flip_output_byte = flip;
      Trace a = run_scenario(&ref, &ref, sc, ch);
      Trace b = run_scenario(&ours, &ref, sc, ch, hooks);
      if (flip && !b.flipped) {
        // Nothing was emitted, so there was no byte to flip.
        --runs;
        continue;
      }
      normalise(devs, &a);
      normalise(devs, &b);
      std::vector<Mismatch> ms = compare_traces(a, b);
      if (ms.empty()) {
        if (flip) {
          printf("FLIP NOT DETECTED %s [%s]\n", sc.name.c_str(), ch.name());
        }
        continue;
      }
      bool tolerated = !sc.deviations.empty() && !flip;
      std::string keys;
      for (const std::string &k : sc.deviations) {
        tolerated = tolerated && devs.has(k);
        keys += (keys.empty() ? "" : ", ") + k;
      }
      if (tolerated) {
        ++tolerated_runs;
        if (dump) {
          printf("TOLERATED %s [%s] (%s)\n", sc.name.c_str(), ch.name(),
                 keys.c_str());
        }
        continue;
      }
      ++mismatched_runs;
      if (flip && !dump) {
        continue;
      }
      printf("MISMATCH %s [%s]: %zu track(s)%s\n", sc.name.c_str(), ch.name(),
             ms.size(),
             keys.empty() ? ""
                          : (" (scenario names deviation(s) not listed: " +
                             keys + ")")
                                .c_str());
      for (auto &m : ms) {
        printf("  %s #%zu\n%s    ref:  %s\n    ours: %s\n", m.where.c_str(),
               m.index, m.context.c_str(), m.ref.c_str(), m.ours.c_str());
      }
      if (dump) {
        printf("--- ref trace\n%s--- ours trace\n%s", dump_trace(a).c_str(),
               dump_trace(b).c_str());
      }
    }
  }
  if (show) {
    return 0;
  }
  if (flip) {
    printf("%s (flip self-test): %zu scenarios x %zu chunkings, %zu of %zu "
           "runs detected the flipped byte\n",
           label, ran, std::size(chunkings), mismatched_runs, runs);
    return mismatched_runs == runs && runs > 0 ? 0 : 1;
  }
  printf("%s: %zu scenarios x %zu chunkings, %zu mismatches, %zu runs "
         "differing only as listed deviations\n",
         label, ran, std::size(chunkings), mismatched_runs, tolerated_runs);
  return mismatched_runs == 0 && runs > 0 ? 0 : 1;
}

} // namespace sdiff

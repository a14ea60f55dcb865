// The benchmark suites. Each returns false (with err) on a correctness
// failure, which is the only thing that fails the quick test run.
#pragma once

#include <string>

#include "api.h"
#include "corpus.h"
#include "report.h"

namespace bench {

struct Options {
  bool quick = false;
  int reps = 15;
};

bool run_hpack(const Api &ref, const Api &ours, const Corpus &corpus,
               const Options &opt, Report &report, std::string &err);

bool run_session(const Api &ref, const Api &ours, const Options &opt,
                 Report &report, std::string &err);

}  // namespace bench

// Command-line driver shared by the scripted and the replay tests: loads the
// two libraries, runs every scenario under every chunking against both,
// compares, prints mismatches and one summary line.
//
//   --ref PATH        reference library (default: the Debian 1.52 build)
//   --ours PATH       library under test
//   --ours-ref-copy   load a private copy of the reference as "ours"
//   --flip            self-test: flip one output byte of "ours" in every run
//                     and succeed only if every run is reported as different
//   --only SUBSTR     run only scenarios whose name contains SUBSTR
//   --dump            print both full traces of every mismatching run
//   --list            print scenario names
//   --show            print the reference trace of each scenario
#pragma once

#include "sdiff_api.h"
#include "scenario.h"

#include <functional>

namespace sdiff {

using ScenarioSource = std::function<std::vector<Scenario>(const Api *ref)>;

int run_suite(const char *label, const ScenarioSource &source, int argc,
              char **argv);

} // namespace sdiff

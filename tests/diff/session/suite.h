// Command-line driver shared by the scripted and the replay tests: loads the
// two libraries, runs every scenario under every chunking against both,
// compares, prints mismatches and one summary line.
//
// Options (the harness's --name=value form; see tests/diff/harness/harness.h
// for --ref, --ours, --deviations and the ref-vs-ref copy):
//   --flip            self-test: flip one output byte of "ours" in every run
//                     and succeed only if every run is reported as different
//   --only=SUBSTR     run only scenarios whose name contains SUBSTR
//   --dump            print both full traces of every mismatching run
//   --list            print scenario names
//   --show[=bytewise|random] print the reference trace of each scenario
//                     (whole-step feeding unless a chunking is named)
#pragma once

#include "sdiff_api.h"
#include "scenario.h"

#include <functional>

namespace sdiff {

// Builds the scenarios; may read test options (--name=value) from `h`.
using ScenarioSource = std::function<std::vector<Scenario>(
    const Api *ref, const h2diff::Harness &h)>;

int run_suite(const char *label, const ScenarioSource &source, int argc,
              char **argv);

} // namespace sdiff

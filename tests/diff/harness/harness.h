// Entry point of every differential test: loads the reference libnghttp2
// and h2pool side by side, reads deviations.txt, and runs one scenario
// against both.
//
// Command line (meson passes these): --ours=PATH --ref=PATH
// --deviations=PATH, plus test-specific --name=value options.
// Environment H2DIFF_OURS / H2DIFF_REF override the two library paths, so
// the same binary can pit the reference against a copy of itself (proving
// the harness passes) or against another build.
//
// Missing reference library: the test exits with 77 (meson's SKIP), since
// nothing about h2pool was measured; a missing or unloadable h2pool, or a
// malformed deviations file, is a failure (exit 1).
#pragma once

#include <initializer_list>
#include <map>
#include <memory>
#include <string>
#include <utility>

#include "api.h"
#include "check.h"
#include "deviations.h"
#include "library.h"

namespace h2diff {

constexpr int kExitSkip = 77;

struct Side {
  std::string label; // "ref" or "ours"
  const Api *api = nullptr;
  // An upstream build (the reference, or a copy of it run as "ours"): may
  // lack the functions listed as absent in deviations.txt.
  bool reference = false;
  const Api *operator->() const { return api; }
  const Api &operator*() const { return *api; }
};

template <class T> struct Both {
  T ref;
  T ours;
};

class Harness {
public:
  // Exits the process (77 or 1, with a message) when loading fails.
  Harness(std::string test_name, int argc, char **argv);
  ~Harness();

  const Side &ref() const { return ref_; }
  const Side &ours() const { return ours_; }
  const Deviations &deviations() const { return deviations_; }
  Checker &check() { return check_; }

  // Value of a --name=value option, or `fallback`.
  std::string option(const std::string &name,
                     const std::string &fallback = "") const;

  // True when `side` has every symbol; otherwise records one failure per
  // missing name, so a test never calls through a null pointer. A reference
  // side is excused for names deviations.txt lists as "absent.<name>"; the
  // test must then use the older twin (see Side::reference).
  bool require(const Side &side, std::initializer_list<const char *> symbols);

  // True when the reference lacks `symbol` and deviations.txt says it may
  // ("absent.<symbol>"); a test then compares ours against a stand-in.
  bool ref_lacks(const char *symbol) const;

  // Runs `fn(side)` for the reference, then for ours.
  template <class Fn> auto run(Fn &&fn) {
    using R = decltype(fn(ref_));
    return Both<R>{fn(ref_), fn(ours_)};
  }
  // Runs `fn` on both and compares the results with Checker::eq.
  template <class Fn>
  bool compare(const std::string &what, Fn &&fn,
               const char *deviation = nullptr) {
    auto r = run(fn);
    return check_.eq(what, r.ref, r.ours, deviation);
  }

  int finish() { return check_.finish(); }

private:
  std::string name_;
  std::map<std::string, std::string> options_;
  std::unique_ptr<Library> ref_lib_, ours_lib_;
  std::string temp_copy_;
  Side ref_, ours_;
  Deviations deviations_;
  Checker check_;
};

} // namespace h2diff

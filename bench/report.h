// Side-by-side results: every benchmark yields metrics measured for upstream
// and for h2pool; they print as one table plus one key=value line each.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "counters.h"

namespace bench {

struct Metric {
  std::string name;  // e.g. "ns/block", "allocs/block"
  double ref = 0, ours = 0;
};

struct Result {
  std::string name;
  std::vector<Metric> metrics;
  std::string note;
  void add(const std::string &metric, double ref, double ours) {
    metrics.push_back({metric, ref, ours});
  }
};

class Report {
 public:
  // ours_label says what stands in the "h2pool" column (the reference
  // itself while our library lacks the functions).
  void add(Result r) { results_.push_back(std::move(r)); }
  void print(const std::string &ours_label) const;

 private:
  std::vector<Result> results_;
};

inline uint64_t now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

double median(std::vector<double> v);

// One timed run of a benchmark for one library: elapsed time, how many
// units of work it did, and the allocation traffic seen during it.
struct Sample {
  double ns = 0;
  double units = 1;
  AllocStats mem, proc;
};

// Runs ref, ours, ref, ours ... reps times each and fills per-unit metrics
// (median time; allocation counts of the last run, which are steady).
struct Pair {
  std::vector<double> ref_ns, ours_ns;
  Sample ref_last, ours_last;
};
Pair interleave(int reps, const std::function<Sample(int side)> &run);

// Adds ns/<unit>, allocs/<unit>, bytes/<unit>, malloc/<unit> rows.
void add_standard(Result &r, const std::string &unit, const Pair &p);

}  // namespace bench

#include "report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace bench {

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

Pair interleave(int reps, const std::function<Sample(int side)> &run) {
  Pair p;
  for (int i = 0; i < reps; ++i) {
    p.ref_last = run(0);
    p.ref_ns.push_back(p.ref_last.ns / p.ref_last.units);
    p.ours_last = run(1);
    p.ours_ns.push_back(p.ours_last.ns / p.ours_last.units);
  }
  return p;
}

void add_standard(Result &r, const std::string &unit, const Pair &p) {
  const Sample &a = p.ref_last, &b = p.ours_last;
  r.add("ns/" + unit, median(p.ref_ns), median(p.ours_ns));
  r.add("allocs/" + unit, a.mem.calls / a.units, b.mem.calls / b.units);
  r.add("bytes/" + unit, a.mem.bytes / a.units, b.mem.bytes / b.units);
  r.add("malloc/" + unit, a.proc.calls / a.units, b.proc.calls / b.units);
  r.add("mbytes/" + unit, a.proc.bytes / a.units, b.proc.bytes / b.units);
}

namespace {

std::string fmt(double v) {
  char buf[32];
  if (v == 0 || std::fabs(v) >= 100)
    std::snprintf(buf, sizeof buf, "%.0f", v);
  else if (std::fabs(v) >= 1)
    std::snprintf(buf, sizeof buf, "%.2f", v);
  else
    std::snprintf(buf, sizeof buf, "%.4f", v);
  return buf;
}

std::string ratio(double ours, double ref) {
  if (ref == 0) return ours == 0 ? "=" : "inf";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", ours / ref);
  return buf;
}

std::string key(std::string m) {
  std::replace(m.begin(), m.end(), '/', '_');
  std::replace(m.begin(), m.end(), ' ', '_');
  return m;
}

}  // namespace

void Report::print(const std::string &ours_label) const {
  std::printf("\n%-22s %-20s %14s %14s %9s\n", "benchmark", "metric",
              "upstream", ours_label.c_str(), "ours/up");
  for (const Result &r : results_) {
    bool first = true;
    for (const Metric &m : r.metrics) {
      std::printf("%-22s %-20s %14s %14s %9s\n", first ? r.name.c_str() : "",
                  m.name.c_str(), fmt(m.ref).c_str(), fmt(m.ours).c_str(),
                  ratio(m.ours, m.ref).c_str());
      first = false;
    }
    if (!r.note.empty()) std::printf("%-22s (%s)\n", "", r.note.c_str());
  }
  std::printf("\n");
  // One line per benchmark for scripts: BENCH name=... <metric>.ref=...
  for (const Result &r : results_) {
    std::printf("BENCH name=%s ours=%s", r.name.c_str(), ours_label.c_str());
    for (const Metric &m : r.metrics)
      std::printf(" %s.ref=%.6g %s.ours=%.6g %s.ratio=%s", key(m.name).c_str(),
                  m.ref, key(m.name).c_str(), m.ours, key(m.name).c_str(),
                  ratio(m.ours, m.ref).c_str());
    std::printf("\n");
  }
  std::fflush(stdout);
}

}  // namespace bench

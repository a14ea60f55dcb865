// Counting comparisons between the reference and h2pool. Every check either
// passes, fails (printed, up to a limit, with the first difference), or is
// tolerated because its deviation key is listed in deviations.txt.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "deviations.h"
#include "text.h"

namespace h2diff {

class Checker {
public:
  explicit Checker(std::string name, const Deviations *deviations = nullptr,
                   int max_reports = 20)
      : name_(std::move(name)), deviations_(deviations),
        max_reports_(max_reports) {}

  // ref == ours. When they differ and `deviation` names a listed key, the
  // difference is tolerated instead of failing.
  template <class T>
  bool eq(const std::string &what, const T &ref, const T &ours,
          const char *deviation = nullptr) {
    ++checks_;
    if (ref == ours)
      return true;
    return differ(what, "ref  " + to_text(ref) + "\n      ours " + to_text(ours),
                  deviation);
  }
  bool eq(const std::string &what, const char *ref, const char *ours,
          const char *deviation = nullptr);

  // Byte strings: reports the first differing offset with context.
  bool bytes(const std::string &what, const void *ref, size_t ref_len,
             const void *ours, size_t ours_len, const char *deviation = nullptr);
  bool bytes(const std::string &what, const std::vector<uint8_t> &ref,
             const std::vector<uint8_t> &ours, const char *deviation = nullptr) {
    return bytes(what, ref.data(), ref.size(), ours.data(), ours.size(),
                 deviation);
  }

  // Sequences of records (frames, callback events, header fields): reports
  // the first differing index, both elements there, and the element before.
  template <class T>
  bool seq(const std::string &what, const std::vector<T> &ref,
           const std::vector<T> &ours, const char *deviation = nullptr) {
    ++checks_;
    size_t n = ref.size() < ours.size() ? ref.size() : ours.size();
    size_t i = 0;
    while (i < n && ref[i] == ours[i])
      ++i;
    if (i == n && ref.size() == ours.size())
      return true;
    std::string d = "lengths ref " + std::to_string(ref.size()) + ", ours " +
                    std::to_string(ours.size()) + "; first difference at #" +
                    std::to_string(i);
    if (i > 0)
      d += "\n      both [" + std::to_string(i - 1) + "] " + to_text(ref[i - 1]);
    d += "\n      ref  [" + std::to_string(i) + "] " +
         (i < ref.size() ? to_text(ref[i]) : std::string("(end)"));
    d += "\n      ours [" + std::to_string(i) + "] " +
         (i < ours.size() ? to_text(ours[i]) : std::string("(end)"));
    return differ(what, d, deviation);
  }

  // A plain assertion (not a comparison), e.g. "ours encodes no larger".
  bool expect(const std::string &what, bool ok, const std::string &detail = "");

  // A difference the caller detected itself.
  bool differ(const std::string &what, const std::string &detail,
              const char *deviation = nullptr);

  // Extra counts shown in the summary line, in insertion order.
  void add_count(const std::string &label, long n);

  long checks() const { return checks_; }
  long mismatches() const { return mismatches_; }
  long tolerated() const { return tolerated_; }

  // Prints "<name>: <counts>, N checks, M mismatches[, T tolerated]" and
  // returns the process exit status (0 only without mismatches).
  int finish();

private:
  std::string name_;
  const Deviations *deviations_;
  int max_reports_;
  long checks_ = 0, mismatches_ = 0, tolerated_ = 0;
  std::vector<std::pair<std::string, long>> counts_;
  std::set<std::string> announced_;
};

} // namespace h2diff

#include "check.h"

#include <cstdio>
#include <cstring>

namespace h2diff {

bool Checker::eq(const std::string &what, const char *ref, const char *ours,
                 const char *deviation) {
  ++checks_;
  bool same = (ref == nullptr && ours == nullptr) ||
              (ref && ours && std::strcmp(ref, ours) == 0);
  if (same)
    return true;
  return differ(what, "ref  " + quoted(ref) + "\n      ours " + quoted(ours),
                deviation);
}

bool Checker::bytes(const std::string &what, const void *ref, size_t ref_len,
                    const void *ours, size_t ours_len, const char *deviation) {
  ++checks_;
  const auto *r = static_cast<const uint8_t *>(ref);
  const auto *o = static_cast<const uint8_t *>(ours);
  size_t n = ref_len < ours_len ? ref_len : ours_len;
  size_t i = 0;
  while (i < n && r[i] == o[i])
    ++i;
  if (i == n && ref_len == ours_len)
    return true;
  // Show a window that starts a little before the difference so the reader
  // sees what both sides agreed on.
  size_t from = i > 8 ? i - 8 : 0;
  auto window = [&](const uint8_t *p, size_t len) {
    if (from >= len)
      return std::string("(end)");
    size_t w = len - from < 32 ? len - from : 32;
    return hex(p + from, w, 32) + (from + w < len ? " ..." : "");
  };
  std::string d = "lengths ref " + std::to_string(ref_len) + ", ours " +
                  std::to_string(ours_len) + "; first difference at offset " +
                  std::to_string(i) + "\n      ref  @" + std::to_string(from) +
                  ": " + window(r, ref_len) + "\n      ours @" +
                  std::to_string(from) + ": " + window(o, ours_len);
  return differ(what, d, deviation);
}

bool Checker::expect(const std::string &what, bool ok,
                     const std::string &detail) {
  ++checks_;
  if (ok)
    return true;
  return differ(what, detail.empty() ? "expectation failed" : detail, nullptr);
}

bool Checker::differ(const std::string &what, const std::string &detail,
                     const char *deviation) {
  if (deviation) {
    const Deviation *d = deviations_ ? deviations_->find(deviation) : nullptr;
    if (d) {
      ++tolerated_;
      if (announced_.insert(d->key).second)
        std::printf("tolerated %s (upstream %s): %s\n", d->key.c_str(),
                    d->version.c_str(), d->reason.c_str());
      return false;
    }
    ++mismatches_;
    if (mismatches_ <= max_reports_)
      std::printf("MISMATCH %s: %s\n      (deviation key '%s' is not listed "
                  "in deviations.txt)\n",
                  what.c_str(), detail.c_str(), deviation);
  } else {
    ++mismatches_;
    if (mismatches_ <= max_reports_)
      std::printf("MISMATCH %s: %s\n", what.c_str(), detail.c_str());
  }
  if (mismatches_ == max_reports_ + 1)
    std::printf("(further mismatches are counted but not printed)\n");
  return false;
}

void Checker::add_count(const std::string &label, long n) {
  for (auto &c : counts_)
    if (c.first == label) {
      c.second += n;
      return;
    }
  counts_.emplace_back(label, n);
}

int Checker::finish() {
  std::string line = name_ + ":";
  for (const auto &c : counts_)
    line += " " + std::to_string(c.second) + " " + c.first + ",";
  line += " " + std::to_string(checks_) + " checks, " +
          std::to_string(mismatches_) + " mismatches";
  if (tolerated_)
    line += ", " + std::to_string(tolerated_) + " tolerated";
  std::printf("%s\n", line.c_str());
  std::fflush(stdout);
  return mismatches_ == 0 ? 0 : 1;
}

} // namespace h2diff

// An ordered record of observable events (callbacks with their arguments,
// return values), one readable line each. Two runs of the same scenario are
// compared with Checker::seq(what, a.events, b.events).
#pragma once

#include <cstdarg>
#include <cstdio>
#include <string>
#include <vector>

namespace h2diff {

class Trace {
public:
  void add(std::string event) { events.push_back(std::move(event)); }
  __attribute__((format(printf, 2, 3))) void addf(const char *fmt, ...) {
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = std::vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0)
      n = 0;
    events.emplace_back(buf, static_cast<size_t>(n) < sizeof buf
                                 ? static_cast<size_t>(n)
                                 : sizeof buf - 1);
  }
  void clear() { events.clear(); }
  bool operator==(const Trace &) const = default;

  std::vector<std::string> events;
};

} // namespace h2diff

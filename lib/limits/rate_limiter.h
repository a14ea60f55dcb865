// Token bucket in whole seconds, with the semantics of upstream's session
// limiters (received RST_STREAM: burst 1000, 33/s; "glitches": burst
// 10000, 330/s): it starts full, refills rate tokens per elapsed second up
// to burst, and a clock that goes backwards counts as one second passing.
// Time is injected so the session decides the clock and tests can fake it.
#pragma once

#include <cstdint>

namespace h2pool::limits {

inline constexpr uint64_t kStreamResetBurst = 1000;
inline constexpr uint64_t kStreamResetRate = 33;
inline constexpr uint64_t kGlitchBurst = 10000;
inline constexpr uint64_t kGlitchRate = 330;

class RateLimiter {
 public:
  constexpr RateLimiter() = default;
  constexpr RateLimiter(uint64_t burst, uint64_t rate)
      : burst_(burst), rate_(rate), tokens_(burst) {}

  // Credits the time elapsed since the last update (now in seconds).
  void update(uint64_t now);
  // Takes n tokens; false (and nothing taken) when fewer are left.
  bool drain(uint64_t n = 1);
  // update(now) followed by drain(1): the usual "one more event" check.
  bool admit(uint64_t now) {
    update(now);
    return drain(1);
  }

  uint64_t tokens() const { return tokens_; }
  uint64_t burst() const { return burst_; }
  uint64_t rate() const { return rate_; }

 private:
  uint64_t burst_ = 0;
  uint64_t rate_ = 0;
  uint64_t tokens_ = 0;
  // Starts at 0, so the first update (any real clock reading) refills.
  uint64_t last_ = 0;
};

// Seconds on the monotonic clock, the time base the session feeds update().
uint64_t monotonic_seconds();

}  // namespace h2pool::limits

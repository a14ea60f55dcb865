#include "limits/rate_limiter.h"

#include <ctime>

namespace h2pool::limits {

void RateLimiter::update(uint64_t now) {
  if (now == last_) return;
  const uint64_t elapsed = now > last_ ? now - last_ : 1;
  last_ = now;
  // Saturate instead of overflowing: a long pause simply refills the bucket.
  if (rate_ != 0 && elapsed > UINT64_MAX / rate_) {
    tokens_ = burst_;
    return;
  }
  const uint64_t gain = rate_ * elapsed;
  if (gain > UINT64_MAX - tokens_) {
    tokens_ = burst_;
    return;
  }
  tokens_ += gain;
  if (tokens_ > burst_) tokens_ = burst_;
}

bool RateLimiter::drain(uint64_t n) {
  if (tokens_ < n) return false;
  tokens_ -= n;
  return true;
}

uint64_t monotonic_seconds() {
  timespec ts;
  if (clock_gettime(CLOCK_MONOTONIC, &ts) == 0) {
    return static_cast<uint64_t>(ts.tv_sec);
  }
  const time_t t = time(nullptr);
  return t == static_cast<time_t>(-1) ? 0 : static_cast<uint64_t>(t);
}

}  // namespace h2pool::limits

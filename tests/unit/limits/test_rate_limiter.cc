// lib/limits: token bucket with an injected clock (seconds).
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

extern "C" {
#include <cmocka.h>
}

#include "limits/rate_limiter.h"

namespace {

using h2pool::limits::RateLimiter;

void test_starts_full_and_drains(void **) {
  RateLimiter rl(3, 1);
  assert_int_equal(rl.tokens(), 3);
  assert_true(rl.drain());
  assert_true(rl.drain(2));
  assert_false(rl.drain());
  assert_int_equal(rl.tokens(), 0);
  // A failed drain takes nothing.
  RateLimiter r2(5, 1);
  assert_false(r2.drain(6));
  assert_int_equal(r2.tokens(), 5);
}

void test_refill_per_second_capped(void **) {
  RateLimiter rl(10, 3);
  rl.update(100);  // first reading: clock starts at 0, bucket stays full
  assert_int_equal(rl.tokens(), 10);
  assert_true(rl.drain(10));
  rl.update(100);  // same second: nothing
  assert_int_equal(rl.tokens(), 0);
  rl.update(101);
  assert_int_equal(rl.tokens(), 3);
  rl.update(103);
  assert_int_equal(rl.tokens(), 9);
  rl.update(104);
  assert_int_equal(rl.tokens(), 10);  // capped at burst
}

void test_clock_going_backwards_counts_one_second(void **) {
  RateLimiter rl(10, 2);
  rl.update(50);
  assert_true(rl.drain(10));
  rl.update(40);
  assert_int_equal(rl.tokens(), 2);
  rl.update(41);
  assert_int_equal(rl.tokens(), 4);
}

void test_overflow_saturates_to_burst(void **) {
  RateLimiter rl(UINT64_MAX, UINT64_MAX / 2 + 1);
  assert_true(rl.drain(UINT64_MAX));
  rl.update(2);  // rate * 2 overflows
  assert_int_equal(rl.tokens(), UINT64_MAX);
  assert_true(rl.drain(5));
  rl.update(3);  // gain + tokens overflows
  assert_int_equal(rl.tokens(), UINT64_MAX);
}

void test_session_defaults(void **) {
  // RST_STREAM guard: 1000 resets pass at once, the 1001st in the same
  // second does not, and 33 more are allowed a second later.
  RateLimiter rl(h2pool::limits::kStreamResetBurst,
                 h2pool::limits::kStreamResetRate);
  uint64_t now = 12345;
  int admitted = 0;
  while (rl.admit(now)) ++admitted;
  assert_int_equal(admitted, 1000);
  ++now;
  admitted = 0;
  while (rl.admit(now)) ++admitted;
  assert_int_equal(admitted, 33);

  RateLimiter glitch(h2pool::limits::kGlitchBurst, h2pool::limits::kGlitchRate);
  admitted = 0;
  while (glitch.admit(7)) ++admitted;
  assert_int_equal(admitted, 10000);
  assert_int_equal(glitch.burst(), 10000);
  assert_int_equal(glitch.rate(), 330);
}

void test_zero_rate_never_refills(void **) {
  RateLimiter rl(2, 0);
  assert_true(rl.admit(1));
  assert_true(rl.admit(5));
  assert_false(rl.admit(1000));
}

void test_monotonic_clock(void **) {
  const uint64_t a = h2pool::limits::monotonic_seconds();
  const uint64_t b = h2pool::limits::monotonic_seconds();
  assert_true(b >= a);
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_starts_full_and_drains),
      cmocka_unit_test(test_refill_per_second_capped),
      cmocka_unit_test(test_clock_going_backwards_counts_one_second),
      cmocka_unit_test(test_overflow_saturates_to_burst),
      cmocka_unit_test(test_session_defaults),
      cmocka_unit_test(test_zero_rate_never_refills),
      cmocka_unit_test(test_monotonic_clock),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}

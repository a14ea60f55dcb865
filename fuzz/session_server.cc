// Arbitrary client bytes into an h2pool server session.
#include "ours.h"
#include "session_driver.h"
#include "target.h"

const char *fuzz_unavailable() { return fuzz::missing_session(); }

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  fuzz::run_session(true, data, size);
  return 0;
}

// Recorded nghttp / curl / h2load conversations with nghttpd, replayed into
// both libraries from both ends and compared.
#include "replay.h"
#include "suite.h"

#include <cstdio>

int main(int argc, char **argv) {
  return sdiff::run_suite(
      "session-replay",
      [](const sdiff::Api *ref, const h2diff::Harness &h) {
        std::vector<std::string> errors;
        auto out = sdiff::scenarios_from_recordings(ref, h.option("recordings"),
                                                    &errors);
        for (auto &e : errors) {
          printf("session-replay: %s\n", e.c_str());
        }
        // A recording that cannot be read is a failure, not a smaller test.
        if (!errors.empty()) {
          out.clear();
        }
        return out;
      },
      argc, argv);
}

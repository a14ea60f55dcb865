// Scripted conversations, compared between the reference and our library.
#include "suite.h"

int main(int argc, char **argv) {
  return sdiff::run_suite(
      "session-diff",
      [](const sdiff::Api *ref, const h2diff::Harness &) {
        return sdiff::build_scenarios(ref);
      },
      argc, argv);
}

// Scripted conversations, compared between the reference and our library.
#include "suite.h"

int main(int argc, char **argv) {
  return sdiff::run_suite("session-diff", sdiff::build_scenarios, argc, argv);
}

// Runs one scenario against one library and records its trace.
#pragma once

#include "sdiff_api.h"
#include "scenario.h"
#include "trace.h"

namespace sdiff {

struct Chunking {
  enum Mode { Whole, Bytewise, Random } mode = Whole;
  uint32_t seed = 1;
  const char *name() const {
    return mode == Whole ? "whole" : mode == Bytewise ? "bytewise" : "random";
  }
};

struct RunHooks {
  // Flip the last byte of the first buffer mem_send returns, before it is
  // parsed: the self-test that proves a one-byte difference is caught.
  bool flip_output_byte = false;
};

// `lib` is driven; `ref` supplies the HPACK inflater used to read its output.
Trace run_scenario(const Api *lib, const Api *ref, const Scenario &sc,
                   const Chunking &ch, const RunHooks &hooks = RunHooks());

// Pieces shared with the replay test.
std::string describe_frame(const nghttp2_frame *f, bool sent);

} // namespace sdiff

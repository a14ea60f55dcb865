// Every fuzz target defines these; the libFuzzer build and the replay driver
// (replay_main.cc) call them the same way.
#pragma once

#include <cstddef>
#include <cstdint>

// nullptr when the target can run; otherwise why not (e.g. the library does
// not export a function the target needs yet).
const char *fuzz_unavailable();

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

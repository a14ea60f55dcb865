#pragma once

#include <cstddef>
#include <cstdint>

namespace fuzz {

// Runs one h2pool session (server or client) over the input; see
// session_script.h for the layout.
void run_session(bool server, const uint8_t *data, size_t size);

}  // namespace fuzz

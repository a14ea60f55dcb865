// The session tests drive both libraries through the shared harness's
// function table (tests/diff/harness/api.h); this names it locally.
#pragma once

#include "harness.h"

namespace sdiff {
using Api = h2diff::Api;
} // namespace sdiff

// How the session tests honour tests/diff/deviations.txt. Two mechanisms,
// both inert unless their key is listed there:
//  - normalisers rewrite one precise, listed effect identically in both
//    traces (e.g. a closed stream the reference still finds);
//  - a scenario may name keys whose listed behaviour change decides its
//    outcome; its differences are then reported as tolerated, not hidden.
#pragma once

#include "deviations.h"
#include "trace.h"

namespace sdiff {

void normalise(const h2diff::Deviations &devs, Trace *t);

} // namespace sdiff

#include "tolerance.h"

#include <algorithm>

namespace sdiff {

namespace {

bool starts_with(const std::string &s, const char *p) {
  return s.rfind(p, 0) == 0;
}

// 1.52 keeps closed streams in its priority tree, so find_stream still
// returns them (state CLOSED); newest upstream forgets them at close.
void closed_streams_not_retained(Trace *t) {
  for (std::string &r : t->api) {
    size_t at = r.find(": found state=7 ");
    if (starts_with(r, "  probe stream ") && at != std::string::npos) {
      r.replace(at, 16, ": absent state=0 ");
    }
  }
}

// Newest upstream drops a received PRIORITY frame after validating it,
// without on_frame_recv; 1.52 reports it.
void priority_frames_not_reported(Trace *t) {
  for (auto &kv : t->cb) {
    auto &v = kv.second;
    v.erase(std::remove_if(v.begin(), v.end(),
                           [](const std::string &r) {
                             return starts_with(r, "frame_recv PRIORITY ");
                           }),
            v.end());
  }
}

} // namespace

void normalise(const h2diff::Deviations &devs, Trace *t) {
  if (devs.has("option.no_closed_streams")) {
    closed_streams_not_retained(t);
  }
  if (devs.has("rfc7540-priority.recv_priority_ignored")) {
    priority_frames_not_reported(t);
  }
}

} // namespace sdiff

// Canonical, comparable description of one library's run of a conversation.
// Records are grouped per stream (0 = connection) because the only freedom an
// implementation has is how it interleaves streams and how it HPACK-encodes.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace sdiff {

struct Trace {
  // Return codes and state probes of calls made by the script, in order.
  std::vector<std::string> api;
  // Callback invocations (with arguments and what we returned), per stream.
  std::map<int32_t, std::vector<std::string>> cb;
  // Frames the library emitted, decoded, per stream.
  std::map<int32_t, std::vector<std::string>> frames;
  // True once the library returned a fatal error; later steps are skipped.
  bool dead = false;
  // The flip self-test altered one emitted byte of this run.
  bool flipped = false;
};

struct Mismatch {
  std::string where;  // "api", "cb[3]", "frames[0]"
  size_t index = 0;   // first differing record
  std::string ref, ours;
  std::string context; // a few preceding records shared by both
};

// Compares two traces; returns every track that differs (first difference
// of each).
std::vector<Mismatch> compare_traces(const Trace &ref, const Trace &ours);

std::string dump_trace(const Trace &t);

// Printable form of arbitrary bytes: ASCII kept, everything else \xNN; long
// runs are cut and summarised with their length and a checksum.
std::string printable(const uint8_t *p, size_t n, size_t keep = 64);
inline std::string printable(const std::string &s, size_t keep = 64) {
  return printable(reinterpret_cast<const uint8_t *>(s.data()), s.size(), keep);
}
std::string hex(const uint8_t *p, size_t n);

} // namespace sdiff

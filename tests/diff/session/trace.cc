#include "trace.h"

#include <cstdio>
#include <set>

namespace sdiff {

std::string hex(const uint8_t *p, size_t n) {
  static const char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(n * 2);
  for (size_t i = 0; i < n; ++i) {
    out += digits[p[i] >> 4];
    out += digits[p[i] & 0xf];
  }
  return out;
}

std::string printable(const uint8_t *p, size_t n, size_t keep) {
  std::string out;
  size_t shown = n < keep ? n : keep;
  for (size_t i = 0; i < shown; ++i) {
    uint8_t c = p[i];
    if (c >= 0x20 && c < 0x7f && c != '\\' && c != '"') {
      out += static_cast<char>(c);
    } else {
      char buf[8];
      snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    }
  }
  if (shown < n) {
    // FNV-1a over the whole run, so a difference past the cut still shows.
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; ++i) {
      h = (h ^ p[i]) * 16777619u;
    }
    char buf[64];
    snprintf(buf, sizeof buf, "...(%zu bytes, fnv %08x)", n, h);
    out += buf;
  }
  return out;
}

namespace {

void compare_track(const std::string &where, const std::vector<std::string> &a,
                   const std::vector<std::string> &b,
                   std::vector<Mismatch> *out) {
  size_t n = a.size() < b.size() ? a.size() : b.size();
  size_t i = 0;
  while (i < n && a[i] == b[i]) {
    ++i;
  }
  if (i == a.size() && i == b.size()) {
    return;
  }
  Mismatch m;
  m.where = where;
  m.index = i;
  m.ref = i < a.size() ? a[i] : "<end of trace>";
  m.ours = i < b.size() ? b[i] : "<end of trace>";
  for (size_t k = i >= 3 ? i - 3 : 0; k < i; ++k) {
    m.context += "      = " + a[k] + "\n";
  }
  out->push_back(std::move(m));
}

void compare_map(const char *name,
                 const std::map<int32_t, std::vector<std::string>> &a,
                 const std::map<int32_t, std::vector<std::string>> &b,
                 std::vector<Mismatch> *out) {
  static const std::vector<std::string> empty;
  std::set<int32_t> ids;
  for (auto &kv : a) {
    ids.insert(kv.first);
  }
  for (auto &kv : b) {
    ids.insert(kv.first);
  }
  for (int32_t id : ids) {
    auto ia = a.find(id);
    auto ib = b.find(id);
    compare_track(std::string(name) + "[" + std::to_string(id) + "]",
                  ia == a.end() ? empty : ia->second,
                  ib == b.end() ? empty : ib->second, out);
  }
}

} // namespace

std::vector<Mismatch> compare_traces(const Trace &ref, const Trace &ours) {
  std::vector<Mismatch> out;
  compare_track("api", ref.api, ours.api, &out);
  compare_map("cb", ref.cb, ours.cb, &out);
  compare_map("frames", ref.frames, ours.frames, &out);
  return out;
}

std::string dump_trace(const Trace &t) {
  std::string out = "  api:\n";
  for (auto &r : t.api) {
    out += "    " + r + "\n";
  }
  for (auto &kv : t.cb) {
    out += "  cb[" + std::to_string(kv.first) + "]:\n";
    for (auto &r : kv.second) {
      out += "    " + r + "\n";
    }
  }
  for (auto &kv : t.frames) {
    out += "  frames[" + std::to_string(kv.first) + "]:\n";
    for (auto &r : kv.second) {
      out += "    " + r + "\n";
    }
  }
  return out;
}

} // namespace sdiff

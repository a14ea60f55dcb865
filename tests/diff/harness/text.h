// Readable renderings of the values differential tests compare, so a
// mismatch report shows both sides in the same form.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace h2diff {

// Printable ASCII stays as is, everything else becomes \xNN, so headers and
// error strings can be told apart even when they differ in one byte.
std::string escape(const void *data, size_t len);
std::string quoted(const char *s); // "(null)" for nullptr
std::string hex(const void *data, size_t len, size_t max_bytes = 64);

inline std::string to_text(const std::string &s) {
  return "\"" + escape(s.data(), s.size()) + "\"";
}
inline std::string to_text(const char *s) { return quoted(s); }
inline std::string to_text(bool b) { return b ? "true" : "false"; }
template <std::integral T>
  requires(!std::same_as<T, bool>)
std::string to_text(T v) {
  std::string s = std::to_string(v);
  // Negative values are usually library error codes; large unsigned ones
  // are usually bit patterns: show those in hex as well.
  if constexpr (std::is_unsigned_v<T>)
    if (v > 9) {
      std::ostringstream o;
      o << std::hex << "0x" << static_cast<unsigned long long>(v);
      s += " (" + o.str() + ")";
    }
  return s;
}
inline std::string to_text(const std::vector<uint8_t> &v) {
  return "[" + std::to_string(v.size()) + " bytes] " + hex(v.data(), v.size());
}
template <class A, class B> std::string to_text(const std::pair<A, B> &p) {
  return "(" + to_text(p.first) + ", " + to_text(p.second) + ")";
}
template <class T>
  requires requires(const T &t) { t.text(); }
std::string to_text(const T &t) {
  return t.text();
}
template <class T> std::string to_text(const std::vector<T> &v) {
  std::string s = "[";
  for (size_t i = 0; i < v.size(); ++i) {
    if (i)
      s += ", ";
    if (i == 16) {
      s += "... " + std::to_string(v.size() - 16) + " more";
      break;
    }
    s += to_text(v[i]);
  }
  return s + "]";
}

} // namespace h2diff

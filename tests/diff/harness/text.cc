#include "text.h"

#include <cstdio>

namespace h2diff {

std::string escape(const void *data, size_t len) {
  const auto *p = static_cast<const unsigned char *>(data);
  std::string out;
  for (size_t i = 0; i < len; ++i) {
    unsigned char c = p[i];
    if (c >= 0x20 && c < 0x7f && c != '\\' && c != '"') {
      out += static_cast<char>(c);
    } else {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    }
  }
  return out;
}

std::string quoted(const char *s) {
  if (!s)
    return "(null)";
  std::string v(s);
  return "\"" + escape(v.data(), v.size()) + "\"";
}

std::string hex(const void *data, size_t len, size_t max_bytes) {
  const auto *p = static_cast<const unsigned char *>(data);
  std::string out;
  size_t n = len < max_bytes ? len : max_bytes;
  for (size_t i = 0; i < n; ++i) {
    char buf[4];
    std::snprintf(buf, sizeof buf, "%02x", p[i]);
    if (i)
      out += ' ';
    out += buf;
  }
  if (n < len)
    out += " ...";
  return out;
}

} // namespace h2diff

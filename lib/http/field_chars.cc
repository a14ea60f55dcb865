#include "http/field_chars.h"

#include <array>
#include <initializer_list>

namespace h2pool::http {
namespace {

struct Range {
  uint8_t lo, hi;
};

// The tables are built at compile time from ranges, which keeps the source
// readable against RFC 9110 / RFC 3986 and the measured byte sets.
constexpr void mark(std::array<uint8_t, 256> &t, uint8_t cls,
                    std::initializer_list<Range> ranges) {
  for (const Range &r : ranges) {
    for (unsigned c = r.lo; c <= r.hi; ++c) t[c] |= cls;
  }
}

constexpr std::array<uint8_t, 256> build() {
  std::array<uint8_t, 256> t{};
  // tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." /
  //         "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
  const auto tchar_no_upper = {Range{0x21, 0x21}, Range{0x23, 0x27},
                               Range{0x2a, 0x2b}, Range{0x2d, 0x2e},
                               Range{0x30, 0x39}, Range{0x5e, 0x7a},
                               Range{0x7c, 0x7c}, Range{0x7e, 0x7e}};
  mark(t, kNameLower, tchar_no_upper);
  mark(t, kNameUpper, {Range{'A', 'Z'}});
  mark(t, kMethodChar, tchar_no_upper);
  mark(t, kMethodChar, {Range{'A', 'Z'}});
  mark(t, kValueChar, {Range{0x09, 0x09}, Range{0x20, 0x7e}, Range{0x80, 0xff}});
  mark(t, kPathChar, {Range{0x21, 0x7e}, Range{0x80, 0xff}});
  const auto host = {Range{0x21, 0x21}, Range{0x24, 0x2e}, Range{0x30, 0x3b},
                     Range{0x3d, 0x3d}, Range{0x41, 0x5b}, Range{0x5d, 0x5d},
                     Range{0x5f, 0x5f}, Range{0x61, 0x7a}, Range{0x7e, 0x7e}};
  mark(t, kHostChar, host);
  mark(t, kAuthorityChar, host);
  mark(t, kAuthorityChar, {Range{'@', '@'}});
  return t;
}

constexpr bool is_alpha(uint8_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

}  // namespace

constinit const std::array<uint8_t, 256> kCharClasses = build();

bool valid_header_name(const uint8_t *name, size_t len) {
  if (len == 0) return false;
  if (name[0] == ':') {
    if (len == 1) return false;
    ++name;
    --len;
  }
  return all_in_class(name, len, kNameLower);
}

NameClass classify_regular_name(const uint8_t *name, size_t len) {
  for (size_t i = 0; i < len; ++i) {
    const uint8_t c = kCharClasses[name[i]];
    if (c & kNameLower) continue;
    return (c & kNameUpper) ? NameClass::kUpperCase : NameClass::kInvalid;
  }
  return NameClass::kValid;
}

bool valid_header_value_rfc9113(const uint8_t *v, size_t n) {
  if (n == 0) return true;
  auto blank = [](uint8_t c) { return c == ' ' || c == '\t'; };
  if (blank(v[0]) || blank(v[n - 1])) return false;
  return valid_header_value(v, n);
}

bool valid_scheme(const uint8_t *v, size_t n) {
  if (n == 0 || !is_alpha(v[0])) return false;
  for (size_t i = 1; i < n; ++i) {
    const uint8_t c = v[i];
    if (!(is_alpha(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' ||
          c == '.')) {
      return false;
    }
  }
  return true;
}

}  // namespace h2pool::http

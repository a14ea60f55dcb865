// Byte classes for header names and values. The public validators
// (nghttp2_check_*) and the session's HTTP checks both read these, so a
// byte accepted by one is accepted by the other.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace h2pool::http {

// One bit per character class in a 256-entry table.
enum CharClass : uint8_t {
  kNameLower = 1u << 0,     // tchar except A-Z (header names must be lower case)
  kNameUpper = 1u << 1,     // A-Z: valid tchar but forbidden in HTTP/2 names
  kValueChar = 1u << 2,     // HTAB, SP, VCHAR, obs-text
  kMethodChar = 1u << 3,    // tchar, any case
  kPathChar = 1u << 4,      // VCHAR and obs-text
  kAuthorityChar = 1u << 5, // URI authority chars, '@' included
  kHostChar = 1u << 6,      // the same without '@' (:authority / host fields)
};

extern const std::array<uint8_t, 256> kCharClasses;

inline bool all_in_class(const uint8_t *p, size_t n, uint8_t cls) {
  for (size_t i = 0; i < n; ++i) {
    if (!(kCharClasses[p[i]] & cls)) return false;
  }
  return true;
}

// nghttp2_check_header_name: non-empty lower-case token, optionally with one
// leading ':' that must be followed by at least one byte.
bool valid_header_name(const uint8_t *name, size_t len);

// Verdict for a regular (not ':'-prefixed) name, decided by the first byte
// that is not a lower-case token char: an upper-case letter there makes the
// name kUpperCase, anything else kInvalid.
enum class NameClass : uint8_t { kValid, kInvalid, kUpperCase };
NameClass classify_regular_name(const uint8_t *name, size_t len);

inline bool valid_header_value(const uint8_t *v, size_t n) {
  return all_in_class(v, n, kValueChar);
}
// RFC 9113 8.2.1: additionally no leading or trailing SP / HTAB.
bool valid_header_value_rfc9113(const uint8_t *v, size_t n);
inline bool valid_method(const uint8_t *v, size_t n) {
  return n != 0 && all_in_class(v, n, kMethodChar);
}
inline bool valid_path(const uint8_t *v, size_t n) {
  return all_in_class(v, n, kPathChar);
}
inline bool valid_authority(const uint8_t *v, size_t n) {
  return all_in_class(v, n, kAuthorityChar);
}
// What the HTTP checks accept in :authority and host (no userinfo).
inline bool valid_host(const uint8_t *v, size_t n) {
  return all_in_class(v, n, kHostChar);
}
// RFC 3986 scheme: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ).
bool valid_scheme(const uint8_t *v, size_t n);

}  // namespace h2pool::http

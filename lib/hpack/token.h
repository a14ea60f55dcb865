// Header-name tokens: a small integer per header name the engine has to
// recognise, so that HTTP message checks and the encoder compare integers
// instead of strings on the hot path.
//
// For names in the RFC 7541 static table the token is the 1-based index of
// the first static entry with that name; the extra names the HTTP layer
// needs (connection-specific fields, :protocol, priority, ...) follow after
// the static table. kNone means "not a name we know".
#pragma once

#include <cstddef>
#include <cstdint>

namespace h2pool::hpack {

enum Token : int16_t {
  kNone = -1,
  kAuthority = 1,        // ":authority"
  kMethod = 2,           // ":method"
  kPath = 4,             // ":path"
  kScheme = 6,           // ":scheme"
  kStatus = 8,           // ":status"
  kAcceptCharset = 15,
  kAcceptEncoding = 16,
  kAcceptLanguage = 17,
  kAcceptRanges = 18,
  kAccept = 19,
  kAccessControlAllowOrigin = 20,
  kAge = 21,
  kAllow = 22,
  kAuthorization = 23,
  kCacheControl = 24,
  kContentDisposition = 25,
  kContentEncoding = 26,
  kContentLanguage = 27,
  kContentLength = 28,
  kContentLocation = 29,
  kContentRange = 30,
  kContentType = 31,
  kCookie = 32,
  kDate = 33,
  kEtag = 34,
  kExpect = 35,
  kExpires = 36,
  kFrom = 37,
  kHost = 38,
  kIfMatch = 39,
  kIfModifiedSince = 40,
  kIfNoneMatch = 41,
  kIfRange = 42,
  kIfUnmodifiedSince = 43,
  kLastModified = 44,
  kLink = 45,
  kLocation = 46,
  kMaxForwards = 47,
  kProxyAuthenticate = 48,
  kProxyAuthorization = 49,
  kRange = 50,
  kReferer = 51,
  kRefresh = 52,
  kRetryAfter = 53,
  kServer = 54,
  kSetCookie = 55,
  kStrictTransportSecurity = 56,
  kTransferEncoding = 57,
  kUserAgent = 58,
  kVary = 59,
  kVia = 60,
  kWwwAuthenticate = 61,
  // Names outside the static table that the engine must recognise.
  kTe = 62,
  kConnection,
  kKeepAlive,
  kProxyConnection,
  kUpgrade,
  kProtocol,  // ":protocol" (RFC 8441 extended CONNECT)
  kPriority,  // "priority" (RFC 9218)
  kHttp2Settings,
  kTokenEnd
};

// Token of a header name given as raw bytes (names are compared exactly, so
// an upper-case name has no token). kNone if the name is not one we track.
Token lookup_token(const uint8_t *name, size_t len);

}  // namespace h2pool::hpack

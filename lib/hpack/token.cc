#include "hpack/token.h"

#include "hpack/bytes_eq.h"

#include <array>
#include <cstring>
#include <string_view>

namespace h2pool::hpack {
namespace {

struct Named {
  std::string_view name;
  Token token;
};

// Every tracked name once (static-table names under their first index).
constexpr Named kNames[] = {
    {":authority", kAuthority},
    {":method", kMethod},
    {":path", kPath},
    {":scheme", kScheme},
    {":status", kStatus},
    {"accept-charset", kAcceptCharset},
    {"accept-encoding", kAcceptEncoding},
    {"accept-language", kAcceptLanguage},
    {"accept-ranges", kAcceptRanges},
    {"accept", kAccept},
    {"access-control-allow-origin", kAccessControlAllowOrigin},
    {"age", kAge},
    {"allow", kAllow},
    {"authorization", kAuthorization},
    {"cache-control", kCacheControl},
    {"content-disposition", kContentDisposition},
    {"content-encoding", kContentEncoding},
    {"content-language", kContentLanguage},
    {"content-length", kContentLength},
    {"content-location", kContentLocation},
    {"content-range", kContentRange},
    {"content-type", kContentType},
    {"cookie", kCookie},
    {"date", kDate},
    {"etag", kEtag},
    {"expect", kExpect},
    {"expires", kExpires},
    {"from", kFrom},
    {"host", kHost},
    {"if-match", kIfMatch},
    {"if-modified-since", kIfModifiedSince},
    {"if-none-match", kIfNoneMatch},
    {"if-range", kIfRange},
    {"if-unmodified-since", kIfUnmodifiedSince},
    {"last-modified", kLastModified},
    {"link", kLink},
    {"location", kLocation},
    {"max-forwards", kMaxForwards},
    {"proxy-authenticate", kProxyAuthenticate},
    {"proxy-authorization", kProxyAuthorization},
    {"range", kRange},
    {"referer", kReferer},
    {"refresh", kRefresh},
    {"retry-after", kRetryAfter},
    {"server", kServer},
    {"set-cookie", kSetCookie},
    {"strict-transport-security", kStrictTransportSecurity},
    {"transfer-encoding", kTransferEncoding},
    {"user-agent", kUserAgent},
    {"vary", kVary},
    {"via", kVia},
    {"www-authenticate", kWwwAuthenticate},
    {"te", kTe},
    {"connection", kConnection},
    {"keep-alive", kKeepAlive},
    {"proxy-connection", kProxyConnection},
    {"upgrade", kUpgrade},
    {":protocol", kProtocol},
    {"priority", kPriority},
    {"http2-settings", kHttp2Settings},
};

// Length plus last byte separates the names into short candidate lists, so a
// lookup is one bucket probe and usually a single memcmp.
constexpr size_t kSlots = 256;
constexpr size_t kWays = 4;

constexpr size_t slot_of(size_t len, uint8_t last) {
  return (len * 7 + last * 13) & (kSlots - 1);
}

struct Buckets {
  std::array<std::array<int8_t, kWays>, kSlots> idx;
};

constexpr Buckets make_buckets() {
  Buckets b{};
  for (auto &s : b.idx) s.fill(-1);
  for (size_t i = 0; i < std::size(kNames); ++i) {
    const auto &n = kNames[i].name;
    auto &s = b.idx[slot_of(n.size(), uint8_t(n.back()))];
    size_t w = 0;
    while (s[w] >= 0) ++w;  // overflowing kWays fails constant evaluation
    s[w] = int8_t(i);
  }
  return b;
}

constexpr Buckets kBuckets = make_buckets();

}  // namespace

Token lookup_token(const uint8_t *name, size_t len) {
  if (len == 0 || len > 27) return kNone;
  const auto &s = kBuckets.idx[slot_of(len, name[len - 1])];
  for (int8_t i : s) {
    if (i < 0) break;
    const Named &n = kNames[i];
    if (n.name.size() == len &&
        bytes_eq(reinterpret_cast<const uint8_t *>(n.name.data()), name, len))
      return n.token;
  }
  return kNone;
}

}  // namespace h2pool::hpack

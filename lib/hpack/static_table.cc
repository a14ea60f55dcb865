#include "hpack/table.h"

#include <cstring>

namespace h2pool::hpack {
namespace {

struct Pair {
  const char *name;
  const char *value;
};

// RFC 7541 Appendix A.
constexpr Pair kPairs[kStaticTableLength] = {
    {":authority", ""},
    {":method", "GET"},
    {":method", "POST"},
    {":path", "/"},
    {":path", "/index.html"},
    {":scheme", "http"},
    {":scheme", "https"},
    {":status", "200"},
    {":status", "204"},
    {":status", "206"},
    {":status", "304"},
    {":status", "400"},
    {":status", "404"},
    {":status", "500"},
    {"accept-charset", ""},
    {"accept-encoding", "gzip, deflate"},
    {"accept-language", ""},
    {"accept-ranges", ""},
    {"accept", ""},
    {"access-control-allow-origin", ""},
    {"age", ""},
    {"allow", ""},
    {"authorization", ""},
    {"cache-control", ""},
    {"content-disposition", ""},
    {"content-encoding", ""},
    {"content-language", ""},
    {"content-length", ""},
    {"content-location", ""},
    {"content-range", ""},
    {"content-type", ""},
    {"cookie", ""},
    {"date", ""},
    {"etag", ""},
    {"expect", ""},
    {"expires", ""},
    {"from", ""},
    {"host", ""},
    {"if-match", ""},
    {"if-modified-since", ""},
    {"if-none-match", ""},
    {"if-range", ""},
    {"if-unmodified-since", ""},
    {"last-modified", ""},
    {"link", ""},
    {"location", ""},
    {"max-forwards", ""},
    {"proxy-authenticate", ""},
    {"proxy-authorization", ""},
    {"range", ""},
    {"referer", ""},
    {"refresh", ""},
    {"retry-after", ""},
    {"server", ""},
    {"set-cookie", ""},
    {"strict-transport-security", ""},
    {"transfer-encoding", ""},
    {"user-agent", ""},
    {"vary", ""},
    {"via", ""},
    {"www-authenticate", ""},
};

nghttp2_rcbuf static_rcbuf(const char *s) {
  nghttp2_rcbuf rc{};
  rc.base = reinterpret_cast<uint8_t *>(const_cast<char *>(s));
  rc.len = std::strlen(s);
  rc.ref = -1;
  rc.kind = kRcStatic;
  return rc;
}

struct StaticTable {
  StaticEntry e[kStaticTableLength];
  StaticTable() {
    // Entries sharing a name share its token: the token is the 1-based
    // index of the first entry with that name.
    int16_t token = 0;
    for (size_t i = 0; i < kStaticTableLength; ++i) {
      if (i == 0 || std::strcmp(kPairs[i].name, kPairs[i - 1].name) != 0)
        token = int16_t(i + 1);
      StaticEntry &s = e[i];
      s.name = static_rcbuf(kPairs[i].name);
      s.value = static_rcbuf(kPairs[i].value);
      s.nv.name = s.name.base;
      s.nv.value = s.value.base;
      s.nv.namelen = s.name.len;
      s.nv.valuelen = s.value.len;
      s.nv.flags = NGHTTP2_NV_FLAG_NONE;
      s.token = Token(token);
      s.name_hash = name_hash(s.token, s.name.base, s.name.len);
    }
  }
};

// rcbuf.base is a non-const pointer, so the table cannot be constexpr; it
// is built once at load time (no allocation).
const StaticTable kTable;

}  // namespace

const StaticEntry &static_entry(size_t i) { return kTable.e[i]; }

}  // namespace h2pool::hpack

#include "http/message_checks.h"

#include <cstring>

#include "http/field_chars.h"

namespace h2pool::http {
namespace {

using hpack::Token;

bool equals(const char *lit, const uint8_t *p, size_t n) {
  return std::strlen(lit) == n && std::memcmp(lit, p, n) == 0;
}

// lit is lower case; p may be any case.
bool equals_nocase(const char *lit, const uint8_t *p, size_t n) {
  if (std::strlen(lit) != n) return false;
  for (size_t i = 0; i < n; ++i) {
    uint8_t c = p[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<uint8_t>(c + ('a' - 'A'));
    if (c != static_cast<uint8_t>(lit[i])) return false;
  }
  return true;
}

// Three digits, the first non-zero; -1 otherwise.
int32_t parse_status(const uint8_t *s, size_t n) {
  if (n != 3 || s[0] < '1' || s[0] > '9') return -1;
  for (size_t i = 1; i < 3; ++i) {
    if (s[i] < '0' || s[i] > '9') return -1;
  }
  return (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
}

// Non-empty decimal digits fitting in int64_t; -1 otherwise.
int64_t parse_length(const uint8_t *s, size_t n) {
  if (n == 0) return -1;
  int64_t v = 0;
  for (size_t i = 0; i < n; ++i) {
    if (s[i] < '0' || s[i] > '9') return -1;
    const int d = s[i] - '0';
    if (v > (INT64_MAX - d) / 10) return -1;
    v = v * 10 + d;
  }
  return v;
}

// A pseudo-header may appear once and must not be empty.
bool claim_once(MessageState &st, const HeaderView &hv, uint32_t flag) {
  if ((st.flags & flag) || hv.valuelen == 0) return false;
  st.flags |= flag;
  return true;
}

bool regular_value_ok(const HeaderView &hv, const HeaderContext &ctx) {
  return ctx.lenient_whitespace ? valid_header_value(hv.value, hv.valuelen)
                                : valid_header_value_rfc9113(hv.value,
                                                             hv.valuelen);
}

bool all_blank(const uint8_t *p, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (p[i] != ' ' && p[i] != '\t') return false;
  }
  return true;
}

// Fields RFC 9113 8.2.2 forbids outright, in either direction.
bool connection_specific(Token t) {
  switch (t) {
    case hpack::kConnection:
    case hpack::kKeepAlive:
    case hpack::kProxyConnection:
    case hpack::kTransferEncoding:
    case hpack::kUpgrade:
      return true;
    default:
      return false;
  }
}

HeaderVerdict generic_field(const HeaderView &hv, const HeaderContext &ctx) {
  // Unknown pseudo-headers are never tolerated.
  if (hv.name[0] == ':') return HeaderVerdict::kStreamError;
  return regular_value_ok(hv, ctx) ? HeaderVerdict::kOk
                                   : HeaderVerdict::kIgnore;
}

void note_method(MessageState &st, const uint8_t *v, size_t n) {
  if (equals("HEAD", v, n)) {
    st.flags |= kMethodHead;
  } else if (equals("OPTIONS", v, n)) {
    st.flags |= kMethodOptions;
  }
}

HeaderVerdict request_field(MessageState &st, const HeaderView &hv,
                            const HeaderContext &ctx) {
  const uint8_t *v = hv.value;
  const size_t n = hv.valuelen;
  switch (hv.token) {
    case hpack::kAuthority:
      if (!valid_host(v, n) || !claim_once(st, hv, kSeenAuthority)) {
        return HeaderVerdict::kStreamError;
      }
      return HeaderVerdict::kOk;
    case hpack::kMethod:
      if (!valid_method(v, n) || !claim_once(st, hv, kSeenMethod)) {
        return HeaderVerdict::kStreamError;
      }
      if (equals("CONNECT", v, n)) {
        // A pushed request cannot be a CONNECT.
        if (ctx.stream_id % 2 == 0) return HeaderVerdict::kStreamError;
        st.flags |= kMethodConnect;
      } else {
        note_method(st, v, n);
      }
      return HeaderVerdict::kOk;
    case hpack::kPath:
      if (!valid_path(v, n) || !claim_once(st, hv, kSeenPath)) {
        return HeaderVerdict::kStreamError;
      }
      if (v[0] == '/') {
        st.flags |= kPathRegular;
      } else if (n == 1 && v[0] == '*') {
        st.flags |= kPathAsterisk;
      }
      return HeaderVerdict::kOk;
    case hpack::kScheme:
      if (!valid_scheme(v, n) || !claim_once(st, hv, kSeenScheme)) {
        return HeaderVerdict::kStreamError;
      }
      if (equals_nocase("http", v, n) || equals_nocase("https", v, n)) {
        st.flags |= kSchemeHttp;
      }
      return HeaderVerdict::kOk;
    case hpack::kProtocol:
      if (!ctx.connect_protocol || !claim_once(st, hv, kSeenProtocol)) {
        return HeaderVerdict::kStreamError;
      }
      if (ctx.lenient_whitespace) {
        // Without the RFC 9113 rule, a value of only blanks still counts
        // as empty.
        if (all_blank(v, n) || !valid_header_value(v, n)) {
          return HeaderVerdict::kStreamError;
        }
      } else if (!valid_header_value_rfc9113(v, n)) {
        return HeaderVerdict::kStreamError;
      }
      return HeaderVerdict::kOk;
    case hpack::kHost:
      if (!valid_host(v, n)) return HeaderVerdict::kIgnore;
      if (!claim_once(st, hv, kSeenHost)) return HeaderVerdict::kStreamError;
      return HeaderVerdict::kOk;
    case hpack::kContentLength:
      if (st.content_length != -1) return HeaderVerdict::kStreamError;
      st.content_length = parse_length(v, n);
      return st.content_length == -1 ? HeaderVerdict::kStreamError
                                     : HeaderVerdict::kOk;
    case hpack::kTe:
      return equals_nocase("trailers", v, n) ? HeaderVerdict::kOk
                                             : HeaderVerdict::kStreamError;
    case hpack::kPriority: {
      if (!regular_value_ok(hv, ctx)) {
        st.flags = (st.flags & ~kPriority) | kBadPriority;
        return HeaderVerdict::kIgnore;
      }
      // Priorities of pushed requests (even ids) and trailers are not
      // ours to honour; once one field was bad, later ones are ignored.
      if (ctx.trailer || (ctx.stream_id & 1) == 0 ||
          (st.flags & kBadPriority)) {
        return HeaderVerdict::kOk;
      }
      nghttp2_extpri pri = unpack_extpri(st.extpri);
      if (parse_priority(&pri, v, n) == 0) {
        st.extpri = pack_extpri(pri);
        st.flags |= kPriority;
      } else {
        st.flags = (st.flags & ~kPriority) | kBadPriority;
      }
      return HeaderVerdict::kOk;
    }
    default:
      if (connection_specific(hv.token)) return HeaderVerdict::kStreamError;
      return generic_field(hv, ctx);
  }
}

HeaderVerdict response_field(MessageState &st, const HeaderView &hv,
                             const HeaderContext &ctx) {
  const uint8_t *v = hv.value;
  const size_t n = hv.valuelen;
  switch (hv.token) {
    case hpack::kStatus:
      if (!claim_once(st, hv, kSeenStatus)) return HeaderVerdict::kStreamError;
      st.status_code = parse_status(v, n);
      // 101 is meaningless in HTTP/2 (RFC 9113 8.6).
      if (st.status_code == -1 || st.status_code == 101) {
        return HeaderVerdict::kStreamError;
      }
      return HeaderVerdict::kOk;
    case hpack::kContentLength:
      if (st.status_code == 204) {
        // Forbidden in 204, but "0" is common enough in the wild to be
        // tolerated (and then dropped); a second one is still an error.
        if (st.content_length != -1 || !equals("0", v, n)) {
          return HeaderVerdict::kStreamError;
        }
        st.content_length = 0;
        return HeaderVerdict::kDrop;
      }
      if (st.status_code / 100 == 1) return HeaderVerdict::kStreamError;
      // A 2xx to CONNECT has no body framing (RFC 9110 9.3.6).
      if (st.status_code / 100 == 2 && (st.flags & kMethodConnect)) {
        return HeaderVerdict::kDrop;
      }
      if (st.content_length != -1) return HeaderVerdict::kStreamError;
      st.content_length = parse_length(v, n);
      return st.content_length == -1 ? HeaderVerdict::kStreamError
                                     : HeaderVerdict::kOk;
    case hpack::kTe:
      return equals_nocase("trailers", v, n) ? HeaderVerdict::kOk
                                             : HeaderVerdict::kStreamError;
    default:
      if (connection_specific(hv.token)) return HeaderVerdict::kStreamError;
      return generic_field(hv, ctx);
  }
}

bool expect_response_body(const MessageState &st) {
  return !(st.flags & kMethodHead) && st.status_code / 100 != 1 &&
         st.status_code != 304 && st.status_code != 204;
}

// For http(s) the path must be origin-form, or "*" for OPTIONS.
bool path_acceptable(const MessageState &st) {
  if (!(st.flags & kSchemeHttp)) return true;
  if (st.flags & kPathRegular) return true;
  return (st.flags & kMethodOptions) && (st.flags & kPathAsterisk);
}

}  // namespace

HeaderVerdict on_header(MessageState &st, const HeaderView &hv,
                        const HeaderContext &ctx) {
  // Pseudo-headers are judged strictly; a bad regular field is only
  // ignored, because plenty of deployed peers send some.
  if (hv.namelen == 0) {
    st.flags |= kPseudoClosed;
    return HeaderVerdict::kIgnore;
  }
  if (hv.name[0] == ':') {
    if (hv.token == hpack::kNone || ctx.trailer || (st.flags & kPseudoClosed)) {
      return HeaderVerdict::kStreamError;
    }
  } else {
    st.flags |= kPseudoClosed;
    switch (classify_regular_name(hv.name, hv.namelen)) {
      case NameClass::kValid:
        break;
      case NameClass::kInvalid:
        return HeaderVerdict::kIgnore;
      case NameClass::kUpperCase:
        return HeaderVerdict::kStreamError;
    }
  }
  return ctx.request ? request_field(st, hv, ctx) : response_field(st, hv, ctx);
}

bool on_request_headers(MessageState &st, bool push_promise) {
  const uint32_t f = st.flags;
  if ((f & kMethodConnect) && !(f & kSeenProtocol)) {
    // Classic CONNECT: authority only (RFC 9113 8.5).
    if ((f & (kSeenScheme | kSeenPath)) || !(f & kSeenAuthority)) return false;
    st.content_length = -1;
  } else {
    if ((f & kRequiredRequestPseudo) != kRequiredRequestPseudo ||
        !(f & (kSeenAuthority | kSeenHost))) {
      return false;
    }
    // Extended CONNECT (RFC 8441) needs CONNECT and :authority.
    if ((f & kSeenProtocol) &&
        (!(f & kMethodConnect) || !(f & kSeenAuthority))) {
      return false;
    }
    if (!path_acceptable(st)) return false;
  }
  if (push_promise) {
    // The promised stream's state now describes the coming response; only
    // the request method matters for judging it.
    st.flags &= kMethodAll;
    st.content_length = -1;
  }
  return true;
}

bool on_response_headers(MessageState &st) {
  if (!(st.flags & kSeenStatus)) return false;
  if (st.status_code / 100 == 1) {
    st.flags = (st.flags & kMethodAll) | kExpectFinalResponse;
    st.content_length = -1;
    st.status_code = -1;
    return true;
  }
  st.flags &= ~kExpectFinalResponse;
  if (!expect_response_body(st)) {
    st.content_length = 0;
  } else if (st.flags & (kMethodConnect | kMethodUpgradeWorkaround)) {
    st.content_length = -1;
  }
  return true;
}

bool on_trailer_headers(bool end_stream) { return end_stream; }

bool on_remote_end_stream(const MessageState &st) {
  if (st.flags & kExpectFinalResponse) return false;
  return st.content_length == -1 ||
         st.content_length == st.recv_content_length;
}

bool on_data_chunk(MessageState &st, size_t n) {
  st.recv_content_length += static_cast<int64_t>(n);
  if (st.flags & kExpectFinalResponse) return false;
  return st.content_length == -1 ||
         st.recv_content_length <= st.content_length;
}

void record_request_method(MessageState &st, const nghttp2_nv *nva,
                           size_t nvlen) {
  for (size_t i = 0; i < nvlen; ++i) {
    if (!equals(":method", nva[i].name, nva[i].namelen)) continue;
    if (equals("CONNECT", nva[i].value, nva[i].valuelen)) {
      st.flags |= kMethodConnect;
    } else if (equals("HEAD", nva[i].value, nva[i].valuelen)) {
      st.flags |= kMethodHead;
    }
    return;
  }
}

}  // namespace h2pool::http

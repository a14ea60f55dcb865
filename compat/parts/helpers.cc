// Stateless helpers: field validators, ALPN selection, SETTINGS packing,
// RFC 7540 priority-spec initialisers and the RFC 9218 priority parser.
#include <cstring>

#include <nghttp2/nghttp2.h>

#include "http/field_chars.h"
#include "http/message_checks.h"
#include "http/settings_check.h"

namespace {

namespace http = h2pool::http;

// Finds the length-prefixed protocol id key (e.g. "\x02h2") among the
// entries of a wire-format ALPN list. Only whole entries starting at an
// entry boundary match, and a key never reads past the list.
bool find_alpn(const unsigned char **out, unsigned char *outlen,
               const unsigned char *in, unsigned int inlen,
               const unsigned char *key, unsigned int keylen) {
  for (unsigned int i = 0; keylen <= inlen && i <= inlen - keylen;
       i += static_cast<unsigned int>(in[i]) + 1) {
    if (std::memcmp(in + i, key, keylen) == 0) {
      *out = in + i + 1;
      *outlen = in[i];
      return true;
    }
  }
  return false;
}

int select_protocol(const unsigned char **out, unsigned char *outlen,
                    const unsigned char *in, unsigned int inlen) {
  static const unsigned char kH2[] = "\x02h2";
  static const unsigned char kHttp11[] = "\x08http/1.1";
  if (find_alpn(out, outlen, in, inlen, kH2, sizeof(kH2) - 1)) return 1;
  if (find_alpn(out, outlen, in, inlen, kHttp11, sizeof(kHttp11) - 1)) {
    return 0;
  }
  return -1;
}

}  // namespace

extern "C" {

NGHTTP2_EXTERN int nghttp2_check_header_name(const uint8_t *name,
                                             size_t len) {
  return http::valid_header_name(name, len);
}

NGHTTP2_EXTERN int nghttp2_check_header_value(const uint8_t *value,
                                              size_t len) {
  return http::valid_header_value(value, len);
}

NGHTTP2_EXTERN int nghttp2_check_header_value_rfc9113(const uint8_t *value,
                                                      size_t len) {
  return http::valid_header_value_rfc9113(value, len);
}

NGHTTP2_EXTERN int nghttp2_check_method(const uint8_t *value, size_t len) {
  return http::valid_method(value, len);
}

NGHTTP2_EXTERN int nghttp2_check_path(const uint8_t *value, size_t len) {
  return http::valid_path(value, len);
}

NGHTTP2_EXTERN int nghttp2_check_authority(const uint8_t *value, size_t len) {
  return http::valid_authority(value, len);
}

// Byte order, a proper prefix first. The memcmp result is returned as is
// (its magnitude is whatever libc gives), as the reference library does.
NGHTTP2_EXTERN int nghttp2_nv_compare_name(const nghttp2_nv *lhs,
                                           const nghttp2_nv *rhs) {
  const size_t common = lhs->namelen < rhs->namelen ? lhs->namelen
                                                    : rhs->namelen;
  const int rv = common ? std::memcmp(lhs->name, rhs->name, common) : 0;
  if (rv != 0 || lhs->namelen == rhs->namelen) return rv;
  return lhs->namelen < rhs->namelen ? -1 : 1;
}

NGHTTP2_EXTERN int nghttp2_select_next_protocol(unsigned char **out,
                                                unsigned char *outlen,
                                                const unsigned char *in,
                                                unsigned int inlen) {
  const unsigned char *found = nullptr;
  const int rv = select_protocol(&found, outlen, in, inlen);
  // The old API hands out a mutable pointer into the caller's own buffer.
  if (rv >= 0) *out = const_cast<unsigned char *>(found);
  return rv;
}

NGHTTP2_EXTERN int nghttp2_select_alpn(const unsigned char **out,
                                       unsigned char *outlen,
                                       const unsigned char *in,
                                       unsigned int inlen) {
  return select_protocol(out, outlen, in, inlen);
}

NGHTTP2_EXTERN ssize_t nghttp2_pack_settings_payload(
    uint8_t *buf, size_t buflen, const nghttp2_settings_entry *iv,
    size_t niv) {
  return http::pack_settings_payload(buf, buflen, iv, niv);
}

NGHTTP2_EXTERN nghttp2_ssize nghttp2_pack_settings_payload2(
    uint8_t *buf, size_t buflen, const nghttp2_settings_entry *iv,
    size_t niv) {
  return http::pack_settings_payload(buf, buflen, iv, niv);
}

// The weight is stored as given (no clamping), like the reference.
NGHTTP2_EXTERN void nghttp2_priority_spec_init(nghttp2_priority_spec *pri_spec,
                                               int32_t stream_id,
                                               int32_t weight, int exclusive) {
  pri_spec->stream_id = stream_id;
  pri_spec->weight = weight;
  pri_spec->exclusive = exclusive != 0;
}

NGHTTP2_EXTERN void nghttp2_priority_spec_default_init(
    nghttp2_priority_spec *pri_spec) {
  nghttp2_priority_spec_init(pri_spec, 0, NGHTTP2_DEFAULT_WEIGHT, 0);
}

NGHTTP2_EXTERN int nghttp2_priority_spec_check_default(
    const nghttp2_priority_spec *pri_spec) {
  return pri_spec->stream_id == 0 &&
         pri_spec->weight == NGHTTP2_DEFAULT_WEIGHT &&
         pri_spec->exclusive == 0;
}

NGHTTP2_EXTERN int nghttp2_extpri_parse_priority(nghttp2_extpri *extpri,
                                                 const uint8_t *value,
                                                 size_t len) {
  return http::parse_priority(extpri, value, len);
}

}  // extern "C"

// nghttp2_rcbuf_*: the public face of h2pool::hpack rcbufs.
#include <nghttp2/nghttp2.h>

#include "hpack/rcbuf.h"

extern "C" {

NGHTTP2_EXTERN void nghttp2_rcbuf_incref(nghttp2_rcbuf *rcbuf) {
  h2pool::hpack::rcbuf_incref(rcbuf);
}

NGHTTP2_EXTERN void nghttp2_rcbuf_decref(nghttp2_rcbuf *rcbuf) {
  if (rcbuf) h2pool::hpack::rcbuf_decref(rcbuf);
}

NGHTTP2_EXTERN nghttp2_vec nghttp2_rcbuf_get_buf(nghttp2_rcbuf *rcbuf) {
  return nghttp2_vec{rcbuf->base, rcbuf->len};
}

NGHTTP2_EXTERN int nghttp2_rcbuf_is_static(const nghttp2_rcbuf *rcbuf) {
  return rcbuf->kind == h2pool::hpack::kRcStatic;
}

}  // extern "C"

// nghttp2_stream accessors. The RFC 7540 dependency tree no longer exists
// (newest upstream removed it), so the tree walkers report an empty tree
// and every stream has the default weight.
#include <nghttp2/nghttp2.h>

#include "session/session.h"

using h2pool::Stream;

namespace {
Stream *St(nghttp2_stream *s) { return reinterpret_cast<Stream *>(s); }
}  // namespace

extern "C" {

nghttp2_stream_proto_state nghttp2_stream_get_state(nghttp2_stream *stream) {
  return h2pool::public_state(St(stream), St(stream) == h2pool::root_stream());
}

int32_t nghttp2_stream_get_stream_id(nghttp2_stream *stream) {
  return St(stream)->stream_id;
}

nghttp2_stream *nghttp2_stream_get_parent(nghttp2_stream *stream) {
  (void)stream;
  return nullptr;
}

nghttp2_stream *nghttp2_stream_get_next_sibling(nghttp2_stream *stream) {
  (void)stream;
  return nullptr;
}

nghttp2_stream *nghttp2_stream_get_previous_sibling(nghttp2_stream *stream) {
  (void)stream;
  return nullptr;
}

nghttp2_stream *nghttp2_stream_get_first_child(nghttp2_stream *stream) {
  (void)stream;
  return nullptr;
}

int32_t nghttp2_stream_get_weight(nghttp2_stream *stream) {
  (void)stream;
  return NGHTTP2_DEFAULT_WEIGHT;
}

int32_t nghttp2_stream_get_sum_dependency_weight(nghttp2_stream *stream) {
  (void)stream;
  return 0;
}

}  // extern "C"

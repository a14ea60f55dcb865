// nghttp2_session_callbacks: allocation and one setter per slot. The table
// is plain data (h2pool::Callbacks); sessions copy it at creation.
#include <cstdlib>
#include <new>

#include <nghttp2/nghttp2.h>

#include "session/callbacks.h"
#include "util/mem.h"

using h2pool::Callbacks;

namespace {
Callbacks *cbs_of(nghttp2_session_callbacks *p) {
  return reinterpret_cast<Callbacks *>(p);
}
}  // namespace

extern "C" {

int nghttp2_session_callbacks_new(nghttp2_session_callbacks **callbacks_ptr) {
  const h2pool::Mem mem;
  Callbacks *cb = mem.create<Callbacks>();
  if (!cb) return NGHTTP2_ERR_NOMEM;
  *callbacks_ptr = reinterpret_cast<nghttp2_session_callbacks *>(cb);
  return 0;
}

void nghttp2_session_callbacks_del(nghttp2_session_callbacks *callbacks) {
  h2pool::Mem().destroy(cbs_of(callbacks));
}

#define H2_SETTER(name, type, field)                                      \
  void nghttp2_session_callbacks_set_##name(nghttp2_session_callbacks *cbs, \
                                            type cb) {                    \
    cbs_of(cbs)->field = cb;                                              \
  }

H2_SETTER(send_callback, nghttp2_send_callback, send_callback)
H2_SETTER(send_callback2, nghttp2_send_callback2, send_callback2)
H2_SETTER(recv_callback, nghttp2_recv_callback, recv_callback)
H2_SETTER(recv_callback2, nghttp2_recv_callback2, recv_callback2)
H2_SETTER(on_frame_recv_callback, nghttp2_on_frame_recv_callback,
          on_frame_recv_callback)
H2_SETTER(on_invalid_frame_recv_callback,
          nghttp2_on_invalid_frame_recv_callback,
          on_invalid_frame_recv_callback)
H2_SETTER(on_data_chunk_recv_callback, nghttp2_on_data_chunk_recv_callback,
          on_data_chunk_recv_callback)
H2_SETTER(before_frame_send_callback, nghttp2_before_frame_send_callback,
          before_frame_send_callback)
H2_SETTER(on_frame_send_callback, nghttp2_on_frame_send_callback,
          on_frame_send_callback)
H2_SETTER(on_frame_not_send_callback, nghttp2_on_frame_not_send_callback,
          on_frame_not_send_callback)
H2_SETTER(on_stream_close_callback, nghttp2_on_stream_close_callback,
          on_stream_close_callback)
H2_SETTER(on_begin_headers_callback, nghttp2_on_begin_headers_callback,
          on_begin_headers_callback)
H2_SETTER(on_header_callback, nghttp2_on_header_callback, on_header_callback)
H2_SETTER(on_header_callback2, nghttp2_on_header_callback2,
          on_header_callback2)
H2_SETTER(on_invalid_header_callback, nghttp2_on_invalid_header_callback,
          on_invalid_header_callback)
H2_SETTER(on_invalid_header_callback2, nghttp2_on_invalid_header_callback2,
          on_invalid_header_callback2)
H2_SETTER(select_padding_callback, nghttp2_select_padding_callback,
          select_padding_callback)
H2_SETTER(select_padding_callback2, nghttp2_select_padding_callback2,
          select_padding_callback2)
H2_SETTER(data_source_read_length_callback,
          nghttp2_data_source_read_length_callback, read_length_callback)
H2_SETTER(data_source_read_length_callback2,
          nghttp2_data_source_read_length_callback2, read_length_callback2)
H2_SETTER(on_begin_frame_callback, nghttp2_on_begin_frame_callback,
          on_begin_frame_callback)
H2_SETTER(send_data_callback, nghttp2_send_data_callback, send_data_callback)
H2_SETTER(pack_extension_callback, nghttp2_pack_extension_callback,
          pack_extension_callback)
H2_SETTER(pack_extension_callback2, nghttp2_pack_extension_callback2,
          pack_extension_callback2)
H2_SETTER(unpack_extension_callback, nghttp2_unpack_extension_callback,
          unpack_extension_callback)
H2_SETTER(on_extension_chunk_recv_callback,
          nghttp2_on_extension_chunk_recv_callback,
          on_extension_chunk_recv_callback)
H2_SETTER(error_callback, nghttp2_error_callback, error_callback)
H2_SETTER(error_callback2, nghttp2_error_callback2, error_callback2)
H2_SETTER(rand_callback, nghttp2_rand_callback, rand_callback)

#undef H2_SETTER

}  // extern "C"

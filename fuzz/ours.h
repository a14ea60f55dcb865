// h2pool's functions as the fuzz targets see them: linked in whole from the
// static library, but declared weak, so a target still links (and reports
// itself unavailable) while an API area has not landed in the library yet.
#pragma once

#define NGHTTP2_NO_DEPRECATION_WARNINGS
#include <nghttp2/nghttp2.h>

#define FUZZ_HPACK_API(X)                                                    \
  X(nghttp2_hd_inflate_new2) X(nghttp2_hd_inflate_del)                       \
  X(nghttp2_hd_inflate_hd2) X(nghttp2_hd_inflate_end_headers)                \
  X(nghttp2_hd_inflate_change_table_size)                                    \
  X(nghttp2_hd_inflate_get_dynamic_table_size)                               \
  X(nghttp2_hd_inflate_get_max_dynamic_table_size)                           \
  X(nghttp2_hd_inflate_get_num_table_entries)                                \
  X(nghttp2_hd_inflate_get_table_entry) X(nghttp2_hd_deflate_new2)          \
  X(nghttp2_hd_deflate_del) X(nghttp2_hd_deflate_hd)                         \
  X(nghttp2_hd_deflate_bound) X(nghttp2_hd_deflate_change_table_size)        \
  X(nghttp2_hd_deflate_get_dynamic_table_size)                               \
  X(nghttp2_hd_deflate_get_max_dynamic_table_size)

#define FUZZ_SESSION_API(X)                                                  \
  X(nghttp2_session_callbacks_new) X(nghttp2_session_callbacks_del)          \
  X(nghttp2_session_callbacks_set_on_frame_recv_callback)                    \
  X(nghttp2_session_callbacks_set_on_invalid_frame_recv_callback)            \
  X(nghttp2_session_callbacks_set_on_data_chunk_recv_callback)               \
  X(nghttp2_session_callbacks_set_on_stream_close_callback)                  \
  X(nghttp2_session_callbacks_set_on_begin_headers_callback)                 \
  X(nghttp2_session_callbacks_set_on_header_callback2)                       \
  X(nghttp2_session_callbacks_set_on_begin_frame_callback)                   \
  X(nghttp2_session_callbacks_set_error_callback2)                           \
  X(nghttp2_option_new) X(nghttp2_option_del)                                \
  X(nghttp2_option_set_no_recv_client_magic)                                 \
  X(nghttp2_option_set_no_http_messaging)                                    \
  X(nghttp2_option_set_no_auto_window_update)                                \
  X(nghttp2_option_set_builtin_recv_extension_type)                          \
  X(nghttp2_option_set_no_auto_ping_ack)                                     \
  X(nghttp2_option_set_max_continuations)                                    \
  X(nghttp2_session_server_new3) X(nghttp2_session_client_new3)              \
  X(nghttp2_session_del) X(nghttp2_session_mem_recv2)                        \
  X(nghttp2_session_mem_send2) X(nghttp2_session_mem_recv)                   \
  X(nghttp2_session_mem_send) X(nghttp2_session_consume)                     \
  X(nghttp2_session_want_read) X(nghttp2_session_want_write)                 \
  X(nghttp2_submit_settings) X(nghttp2_submit_response2)                     \
  X(nghttp2_submit_request) X(nghttp2_submit_ping)                           \
  X(nghttp2_submit_rst_stream) X(nghttp2_rcbuf_get_buf)                     \
  X(nghttp2_session_callbacks_set_on_header_callback)                        \
  X(nghttp2_session_callbacks_set_on_frame_send_callback)                    \
  X(nghttp2_session_callbacks_set_on_frame_not_send_callback)                \
  X(nghttp2_session_server_new2) X(nghttp2_submit_response) X(nghttp2_is_fatal)

#define FUZZ_STR(x) #x
#define FUZZ_WEAK(name) _Pragma(FUZZ_STR(weak name))
FUZZ_HPACK_API(FUZZ_WEAK)
FUZZ_SESSION_API(FUZZ_WEAK)

namespace fuzz {

// Name of the first function of the group our library does not define, or
// nullptr when the whole group is there.
inline const char *missing_hpack() {
#define FUZZ_CHECK(name) \
  if (!&::name) return #name;
  FUZZ_HPACK_API(FUZZ_CHECK)
  return nullptr;
}
inline const char *missing_session() {
  FUZZ_SESSION_API(FUZZ_CHECK)
#undef FUZZ_CHECK
  return nullptr;
}

}  // namespace fuzz

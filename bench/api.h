// One nghttp2 implementation loaded with dlopen(RTLD_LOCAL), so upstream and
// h2pool can live side by side in one process. Function pointer types come
// from our public header, which is ABI-identical to upstream's for every
// function used here.
#pragma once

#define NGHTTP2_NO_DEPRECATION_WARNINGS
#include <nghttp2/nghttp2.h>

#include <string>

namespace bench {

// X(name) for the functions a group needs; a group is usable only when
// every one of its symbols resolved.
#define BENCH_HPACK_API(X)                                                   \
  X(nghttp2_hd_inflate_new2) X(nghttp2_hd_inflate_del)                       \
  X(nghttp2_hd_inflate_hd2) X(nghttp2_hd_inflate_end_headers)                \
  X(nghttp2_hd_inflate_change_table_size) X(nghttp2_hd_deflate_new2)         \
  X(nghttp2_hd_deflate_del) X(nghttp2_hd_deflate_hd)                         \
  X(nghttp2_hd_deflate_bound)

#define BENCH_SESSION_API(X)                                                 \
  X(nghttp2_session_callbacks_new) X(nghttp2_session_callbacks_del)          \
  X(nghttp2_session_callbacks_set_on_frame_recv_callback)                    \
  X(nghttp2_session_callbacks_set_on_data_chunk_recv_callback)               \
  X(nghttp2_session_callbacks_set_on_stream_close_callback)                  \
  X(nghttp2_session_callbacks_set_on_header_callback)                        \
  X(nghttp2_option_new) X(nghttp2_option_del)                                \
  X(nghttp2_session_client_new3) X(nghttp2_session_server_new3)              \
  X(nghttp2_session_del) X(nghttp2_session_mem_send)                         \
  X(nghttp2_session_mem_recv) X(nghttp2_session_want_read)                   \
  X(nghttp2_session_want_write) X(nghttp2_submit_request)                    \
  X(nghttp2_submit_response) X(nghttp2_submit_settings)                      \
  X(nghttp2_submit_rst_stream) X(nghttp2_session_set_local_window_size)

struct Api {
#define BENCH_MEMBER(name) decltype(&::name) name = nullptr;
  BENCH_HPACK_API(BENCH_MEMBER)
  BENCH_SESSION_API(BENCH_MEMBER)
#undef BENCH_MEMBER

  std::string label;    // "upstream" or "h2pool"
  std::string path;
  void *handle = nullptr;
  bool has_hpack = false;
  bool has_session = false;
  std::string missing;  // first unresolved symbol per group, for the report
};

// Loads path; returns false (with err set) only when dlopen itself fails.
// Missing symbols just clear has_hpack / has_session.
bool load(Api &api, const std::string &label, const std::string &path,
          std::string &err);

}  // namespace bench

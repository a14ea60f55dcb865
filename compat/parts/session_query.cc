// Read-only session queries and the few simple setters.
#include <cstdlib>

#include <nghttp2/nghttp2.h>

#include "session/session.h"

using h2pool::Session;
using h2pool::Stream;

namespace {
Session *S(nghttp2_session *s) { return Session::from(s); }
}  // namespace

extern "C" {

nghttp2_stream *nghttp2_session_find_stream(nghttp2_session *session,
                                            int32_t stream_id) {
  Stream *s = stream_id == 0 ? h2pool::root_stream()
                             : S(session)->get_stream_raw(stream_id);
  return reinterpret_cast<nghttp2_stream *>(s);
}

nghttp2_stream *nghttp2_session_get_root_stream(nghttp2_session *session) {
  (void)session;
  return reinterpret_cast<nghttp2_stream *>(h2pool::root_stream());
}

int nghttp2_session_check_server_session(nghttp2_session *session) {
  return S(session)->server_;
}

int nghttp2_session_check_request_allowed(nghttp2_session *session) {
  return S(session)->check_request_allowed();
}

int32_t nghttp2_session_get_last_proc_stream_id(nghttp2_session *session) {
  return S(session)->last_proc_stream_id_;
}

uint32_t nghttp2_session_get_next_stream_id(nghttp2_session *session) {
  return S(session)->next_stream_id_;
}

int nghttp2_session_set_next_stream_id(nghttp2_session *session,
                                       int32_t next_stream_id) {
  return S(session)->set_next_stream_id(next_stream_id);
}

size_t nghttp2_session_get_outbound_queue_size(nghttp2_session *session) {
  return S(session)->outbound_queue_size();
}

void *nghttp2_session_get_stream_user_data(nghttp2_session *session,
                                           int32_t stream_id) {
  Stream *s = S(session)->get_stream(stream_id);
  return s ? s->stream_user_data : nullptr;
}

int nghttp2_session_set_stream_user_data(nghttp2_session *session,
                                         int32_t stream_id,
                                         void *stream_user_data) {
  return S(session)->set_stream_user_data(stream_id, stream_user_data);
}

int32_t nghttp2_session_get_stream_effective_recv_data_length(
    nghttp2_session *session, int32_t stream_id) {
  Stream *s = S(session)->get_stream(stream_id);
  if (!s) return -1;
  return s->recv_window_size < 0 ? 0 : s->recv_window_size;
}

int32_t nghttp2_session_get_stream_effective_local_window_size(
    nghttp2_session *session, int32_t stream_id) {
  Stream *s = S(session)->get_stream(stream_id);
  return s ? s->local_window_size : -1;
}

int32_t nghttp2_session_get_stream_local_window_size(nghttp2_session *session,
                                                     int32_t stream_id) {
  Stream *s = S(session)->get_stream(stream_id);
  if (!s) return -1;
  // Negative after the local initial window was lowered.
  const int32_t size = s->local_window_size - s->recv_window_size;
  return size < 0 ? 0 : size;
}

int32_t nghttp2_session_get_effective_recv_data_length(
    nghttp2_session *session) {
  const int32_t v = S(session)->recv_window_size_;
  return v < 0 ? 0 : v;
}

int32_t nghttp2_session_get_effective_local_window_size(
    nghttp2_session *session) {
  return S(session)->local_window_size_;
}

int32_t nghttp2_session_get_local_window_size(nghttp2_session *session) {
  return S(session)->local_window_size_ - S(session)->recv_window_size_;
}

int32_t nghttp2_session_get_stream_remote_window_size(nghttp2_session *session,
                                                      int32_t stream_id) {
  Stream *s = S(session)->get_stream(stream_id);
  if (!s) return -1;
  return s->remote_window_size < 0 ? 0 : s->remote_window_size;
}

int32_t nghttp2_session_get_remote_window_size(nghttp2_session *session) {
  return S(session)->remote_window_size_;
}

uint32_t nghttp2_session_get_remote_settings(nghttp2_session *session,
                                             nghttp2_settings_id id) {
  const uint32_t *v = S(session)->remote_settings_.slot(id);
  // Upstream asserts on an unknown id; so do we.
  if (!v) abort();
  return *v;
}

uint32_t nghttp2_session_get_local_settings(nghttp2_session *session,
                                            nghttp2_settings_id id) {
  const uint32_t *v = S(session)->local_settings_.slot(id);
  if (!v) abort();
  return *v;
}

int nghttp2_session_get_stream_local_close(nghttp2_session *session,
                                           int32_t stream_id) {
  Stream *s = S(session)->get_stream(stream_id);
  if (!s) return -1;
  return (s->shut_flags & h2pool::kShutWr) != 0;
}

int nghttp2_session_get_stream_remote_close(nghttp2_session *session,
                                            int32_t stream_id) {
  Stream *s = S(session)->get_stream(stream_id);
  if (!s) return -1;
  return (s->shut_flags & h2pool::kShutRd) != 0;
}

size_t nghttp2_session_get_hd_inflate_dynamic_table_size(
    nghttp2_session *session) {
  return S(session)->inflater_.dynamic_table_size();
}

size_t nghttp2_session_get_hd_deflate_dynamic_table_size(
    nghttp2_session *session) {
  return S(session)->deflater_.dynamic_table_size();
}

}  // extern "C"

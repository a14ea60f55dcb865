// Session lifecycle and I/O entry points.
#include <nghttp2/nghttp2.h>

#include "session/session.h"

using h2pool::Session;

namespace {

Session *S(nghttp2_session *s) { return Session::from(s); }

int new_session(nghttp2_session **out, const nghttp2_session_callbacks *cbs,
                void *user_data, bool server, const nghttp2_option *opt,
                nghttp2_mem *mem) {
  Session *s = nullptr;
  const int rv = Session::create(
      &s, reinterpret_cast<const h2pool::Callbacks *>(cbs), user_data, server,
      reinterpret_cast<const h2pool::Options *>(opt), mem);
  if (rv != 0) return rv;
  *out = s->handle();
  return 0;
}

}  // namespace

extern "C" {

int nghttp2_session_client_new(nghttp2_session **session_ptr,
                               const nghttp2_session_callbacks *callbacks,
                               void *user_data) {
  return new_session(session_ptr, callbacks, user_data, false, nullptr,
                     nullptr);
}

int nghttp2_session_client_new2(nghttp2_session **session_ptr,
                                const nghttp2_session_callbacks *callbacks,
                                void *user_data, const nghttp2_option *option) {
  return new_session(session_ptr, callbacks, user_data, false, option, nullptr);
}

int nghttp2_session_client_new3(nghttp2_session **session_ptr,
                                const nghttp2_session_callbacks *callbacks,
                                void *user_data, const nghttp2_option *option,
                                nghttp2_mem *mem) {
  return new_session(session_ptr, callbacks, user_data, false, option, mem);
}

int nghttp2_session_server_new(nghttp2_session **session_ptr,
                               const nghttp2_session_callbacks *callbacks,
                               void *user_data) {
  return new_session(session_ptr, callbacks, user_data, true, nullptr,
                     nullptr);
}

int nghttp2_session_server_new2(nghttp2_session **session_ptr,
                                const nghttp2_session_callbacks *callbacks,
                                void *user_data, const nghttp2_option *option) {
  return new_session(session_ptr, callbacks, user_data, true, option, nullptr);
}

int nghttp2_session_server_new3(nghttp2_session **session_ptr,
                                const nghttp2_session_callbacks *callbacks,
                                void *user_data, const nghttp2_option *option,
                                nghttp2_mem *mem) {
  return new_session(session_ptr, callbacks, user_data, true, option, mem);
}

void nghttp2_session_del(nghttp2_session *session) {
  Session::destroy(S(session));
}

void nghttp2_session_set_user_data(nghttp2_session *session, void *user_data) {
  S(session)->user_data_ = user_data;
}

int nghttp2_session_send(nghttp2_session *session) { return S(session)->send(); }

ssize_t nghttp2_session_mem_send(nghttp2_session *session,
                                 const uint8_t **data_ptr) {
  return S(session)->mem_send(data_ptr);
}

nghttp2_ssize nghttp2_session_mem_send2(nghttp2_session *session,
                                        const uint8_t **data_ptr) {
  return S(session)->mem_send(data_ptr);
}

int nghttp2_session_recv(nghttp2_session *session) { return S(session)->recv(); }

ssize_t nghttp2_session_mem_recv(nghttp2_session *session, const uint8_t *in,
                                 size_t inlen) {
  return S(session)->mem_recv(in, inlen);
}

nghttp2_ssize nghttp2_session_mem_recv2(nghttp2_session *session,
                                        const uint8_t *in, size_t inlen) {
  return S(session)->mem_recv(in, inlen);
}

int nghttp2_session_resume_data(nghttp2_session *session, int32_t stream_id) {
  return S(session)->resume_data(stream_id);
}

int nghttp2_session_want_read(nghttp2_session *session) {
  return S(session)->want_read();
}

int nghttp2_session_want_write(nghttp2_session *session) {
  return S(session)->want_write();
}

int nghttp2_session_terminate_session(nghttp2_session *session,
                                      uint32_t error_code) {
  return S(session)->terminate(S(session)->last_proc_stream_id_, error_code,
                               nullptr);
}

int nghttp2_session_terminate_session2(nghttp2_session *session,
                                       int32_t last_stream_id,
                                       uint32_t error_code) {
  return S(session)->terminate(last_stream_id, error_code, nullptr);
}

int nghttp2_session_upgrade(nghttp2_session *session,
                            const uint8_t *settings_payload,
                            size_t settings_payloadlen,
                            void *stream_user_data) {
  return S(session)->upgrade(settings_payload, settings_payloadlen, false,
                             true, stream_user_data);
}

int nghttp2_session_upgrade2(nghttp2_session *session,
                             const uint8_t *settings_payload,
                             size_t settings_payloadlen, int head_request,
                             void *stream_user_data) {
  return S(session)->upgrade(settings_payload, settings_payloadlen,
                             head_request != 0, false, stream_user_data);
}

int nghttp2_session_consume(nghttp2_session *session, int32_t stream_id,
                            size_t size) {
  return S(session)->consume(stream_id, size);
}

int nghttp2_session_consume_connection(nghttp2_session *session, size_t size) {
  return S(session)->consume_connection(size);
}

int nghttp2_session_consume_stream(nghttp2_session *session, int32_t stream_id,
                                   size_t size) {
  return S(session)->consume_stream(stream_id, size);
}

int nghttp2_session_set_local_window_size(nghttp2_session *session,
                                          uint8_t flags, int32_t stream_id,
                                          int32_t window_size) {
  (void)flags;
  return S(session)->set_local_window_size(stream_id, window_size);
}

}  // extern "C"

// Priority entry points: RFC 7540 calls are accepted and ignored, as in
// newest upstream; RFC 9218 calls reach the scheduler.
#include <nghttp2/nghttp2.h>

#include "session/session.h"

using h2pool::Session;

extern "C" {

int nghttp2_submit_priority(nghttp2_session *session, uint8_t flags,
                            int32_t stream_id,
                            const nghttp2_priority_spec *pri_spec) {
  (void)session;
  (void)flags;
  (void)stream_id;
  (void)pri_spec;
  return 0;
}

int nghttp2_session_change_stream_priority(
    nghttp2_session *session, int32_t stream_id,
    const nghttp2_priority_spec *pri_spec) {
  (void)session;
  (void)stream_id;
  (void)pri_spec;
  return 0;
}

int nghttp2_session_create_idle_stream(nghttp2_session *session,
                                       int32_t stream_id,
                                       const nghttp2_priority_spec *pri_spec) {
  (void)session;
  (void)stream_id;
  (void)pri_spec;
  return 0;
}

int nghttp2_submit_priority_update(nghttp2_session *session, uint8_t flags,
                                   int32_t stream_id,
                                   const uint8_t *field_value,
                                   size_t field_value_len) {
  (void)flags;
  return Session::from(session)->submit_priority_update(stream_id, field_value,
                                                        field_value_len);
}

int nghttp2_session_change_extpri_stream_priority(
    nghttp2_session *session, int32_t stream_id, const nghttp2_extpri *extpri,
    int ignore_client_signal) {
  return Session::from(session)->change_extpri(stream_id, extpri,
                                               ignore_client_signal != 0);
}

int nghttp2_session_get_extpri_stream_priority(nghttp2_session *session,
                                               nghttp2_extpri *extpri,
                                               int32_t stream_id) {
  return Session::from(session)->get_extpri(extpri, stream_id);
}

}  // extern "C"

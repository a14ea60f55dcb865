// Extension frames: user-defined ones and the built-in ALTSVC / ORIGIN.
#include <nghttp2/nghttp2.h>

#include "session/session.h"

using h2pool::Session;

extern "C" {

int nghttp2_submit_extension(nghttp2_session *session, uint8_t type,
                             uint8_t flags, int32_t stream_id, void *payload) {
  return Session::from(session)->submit_extension(type, flags, stream_id,
                                                  payload);
}

int nghttp2_submit_altsvc(nghttp2_session *session, uint8_t flags,
                          int32_t stream_id, const uint8_t *origin,
                          size_t origin_len, const uint8_t *field_value,
                          size_t field_value_len) {
  (void)flags;
  return Session::from(session)->submit_altsvc(stream_id, origin, origin_len,
                                               field_value, field_value_len);
}

int nghttp2_submit_origin(nghttp2_session *session, uint8_t flags,
                          const nghttp2_origin_entry *ov, size_t nov) {
  (void)flags;
  return Session::from(session)->submit_origin(ov, nov);
}

}  // extern "C"

// Frame submission entry points. The two data-provider flavours are folded
// into one engine type here.
#include <nghttp2/nghttp2.h>

#include "session/session.h"

using h2pool::DataSource;
using h2pool::Session;

namespace {

Session *S(nghttp2_session *s) { return Session::from(s); }

// A provider without a read callback counts as no body at all.
const DataSource *wrap(DataSource &ds, const nghttp2_data_provider *p) {
  if (!p) return nullptr;
  ds.source = p->source;
  ds.read_v1 = p->read_callback;
  return &ds;
}

const DataSource *wrap(DataSource &ds, const nghttp2_data_provider2 *p) {
  if (!p) return nullptr;
  ds.source = p->source;
  ds.read_v2 = p->read_callback;
  return &ds;
}

}  // namespace

extern "C" {

int32_t nghttp2_submit_request(nghttp2_session *session,
                               const nghttp2_priority_spec *pri_spec,
                               const nghttp2_nv *nva, size_t nvlen,
                               const nghttp2_data_provider *data_prd,
                               void *stream_user_data) {
  (void)pri_spec;
  DataSource ds;
  return S(session)->submit_request(nva, nvlen, wrap(ds, data_prd),
                                    stream_user_data);
}

int32_t nghttp2_submit_request2(nghttp2_session *session,
                                const nghttp2_priority_spec *pri_spec,
                                const nghttp2_nv *nva, size_t nvlen,
                                const nghttp2_data_provider2 *data_prd,
                                void *stream_user_data) {
  (void)pri_spec;
  DataSource ds;
  return S(session)->submit_request(nva, nvlen, wrap(ds, data_prd),
                                    stream_user_data);
}

int nghttp2_submit_response(nghttp2_session *session, int32_t stream_id,
                            const nghttp2_nv *nva, size_t nvlen,
                            const nghttp2_data_provider *data_prd) {
  DataSource ds;
  return S(session)->submit_response(stream_id, nva, nvlen, wrap(ds, data_prd));
}

int nghttp2_submit_response2(nghttp2_session *session, int32_t stream_id,
                             const nghttp2_nv *nva, size_t nvlen,
                             const nghttp2_data_provider2 *data_prd) {
  DataSource ds;
  return S(session)->submit_response(stream_id, nva, nvlen, wrap(ds, data_prd));
}

int nghttp2_submit_trailer(nghttp2_session *session, int32_t stream_id,
                           const nghttp2_nv *nva, size_t nvlen) {
  return S(session)->submit_trailer(stream_id, nva, nvlen);
}

int32_t nghttp2_submit_headers(nghttp2_session *session, uint8_t flags,
                               int32_t stream_id,
                               const nghttp2_priority_spec *pri_spec,
                               const nghttp2_nv *nva, size_t nvlen,
                               void *stream_user_data) {
  (void)pri_spec;
  return S(session)->submit_headers(flags, stream_id, nva, nvlen,
                                    stream_user_data);
}

int nghttp2_submit_data(nghttp2_session *session, uint8_t flags,
                        int32_t stream_id,
                        const nghttp2_data_provider *data_prd) {
  DataSource ds;
  return S(session)->submit_data(flags, stream_id, *wrap(ds, data_prd));
}

int nghttp2_submit_data2(nghttp2_session *session, uint8_t flags,
                         int32_t stream_id,
                         const nghttp2_data_provider2 *data_prd) {
  DataSource ds;
  return S(session)->submit_data(flags, stream_id, *wrap(ds, data_prd));
}

int nghttp2_submit_rst_stream(nghttp2_session *session, uint8_t flags,
                              int32_t stream_id, uint32_t error_code) {
  (void)flags;
  return S(session)->submit_rst_stream(stream_id, error_code);
}

int nghttp2_submit_ping(nghttp2_session *session, uint8_t flags,
                        const uint8_t *opaque_data) {
  return S(session)->submit_ping(flags, opaque_data);
}

int nghttp2_submit_goaway(nghttp2_session *session, uint8_t flags,
                          int32_t last_stream_id, uint32_t error_code,
                          const uint8_t *opaque_data, size_t opaque_data_len) {
  (void)flags;
  return S(session)->submit_goaway(last_stream_id, error_code, opaque_data,
                                   opaque_data_len);
}

int nghttp2_submit_shutdown_notice(nghttp2_session *session) {
  return S(session)->submit_shutdown_notice();
}

int nghttp2_submit_settings(nghttp2_session *session, uint8_t flags,
                            const nghttp2_settings_entry *iv, size_t niv) {
  (void)flags;
  return S(session)->submit_settings(iv, niv);
}

int32_t nghttp2_submit_push_promise(nghttp2_session *session, uint8_t flags,
                                    int32_t stream_id, const nghttp2_nv *nva,
                                    size_t nvlen,
                                    void *promised_stream_user_data) {
  (void)flags;
  return S(session)->submit_push_promise(stream_id, nva, nvlen,
                                         promised_stream_user_data);
}

int nghttp2_submit_window_update(nghttp2_session *session, uint8_t flags,
                                 int32_t stream_id,
                                 int32_t window_size_increment) {
  (void)flags;
  return S(session)->submit_window_update(stream_id, window_size_increment);
}

}  // extern "C"

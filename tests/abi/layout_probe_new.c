/* ABI test (b), second half: names only the newest header declares, so no
 * reference header can vouch for them. Checked against the numbers measured
 * on upstream (INVENTORY 1.0, 2.1, 2.4, 2.5, 3.12) instead; prints one line
 * per check and exits 1 if any is wrong.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <nghttp2/nghttp2.h>

static int failures;

static void check(const char *what, long long got, long long want) {
  printf("%s %s: %lld (want %lld)\n", got == want ? "ok  " : "FAIL", what, got,
         want);
  if (got != want)
    ++failures;
}

#define PROTO(fn, ptr_type)                                                    \
  check("prototype " #fn, _Generic(&fn, ptr_type: 1, default: 0), 1)
#define CALLBACK(t, ptr_type)                                                  \
  check("callback type " #t, _Generic((t)0, ptr_type: 1, default: 0), 1)

int main(void) {
  check("sizeof(nghttp2_ssize)", sizeof(nghttp2_ssize), 8);
  check("nghttp2_ssize is ptrdiff_t",
        _Generic((nghttp2_ssize)0, ptrdiff_t: 1, default: 0), 1);
  check("sizeof(nghttp2_data_provider2)", sizeof(nghttp2_data_provider2), 16);
  check("alignof(nghttp2_data_provider2)", _Alignof(nghttp2_data_provider2), 8);
  check("offsetof(nghttp2_data_provider2, source)",
        offsetof(nghttp2_data_provider2, source), 0);
  check("offsetof(nghttp2_data_provider2, read_callback)",
        offsetof(nghttp2_data_provider2, read_callback), 8);
  check("sizeof(nghttp2_data_provider2.source)",
        sizeof(((nghttp2_data_provider2 *)0)->source), 8);
  /* The version h2pool reports is the API level it implements; the same
   * value is recorded as version.reported in tests/diff/deviations.txt. */
  check("NGHTTP2_VERSION is \"1.70.0\"", strcmp(NGHTTP2_VERSION, "1.70.0"), 0);
  check("NGHTTP2_VERSION_NUM", NGHTTP2_VERSION_NUM, 0x014600);

  CALLBACK(nghttp2_data_source_read_callback2,
           nghttp2_ssize (*)(nghttp2_session *, int32_t, uint8_t *, size_t,
                             uint32_t *, nghttp2_data_source *, void *));
  CALLBACK(nghttp2_send_callback2,
           nghttp2_ssize (*)(nghttp2_session *, const uint8_t *, size_t, int,
                             void *));
  CALLBACK(nghttp2_recv_callback2,
           nghttp2_ssize (*)(nghttp2_session *, uint8_t *, size_t, int, void *));
  CALLBACK(nghttp2_select_padding_callback2,
           nghttp2_ssize (*)(nghttp2_session *, const nghttp2_frame *, size_t,
                             void *));
  CALLBACK(nghttp2_data_source_read_length_callback2,
           nghttp2_ssize (*)(nghttp2_session *, uint8_t, int32_t, int32_t,
                             int32_t, uint32_t, void *));
  CALLBACK(nghttp2_pack_extension_callback2,
           nghttp2_ssize (*)(nghttp2_session *, uint8_t *, size_t,
                             const nghttp2_frame *, void *));
  CALLBACK(nghttp2_rand_callback, void (*)(uint8_t *, size_t));

  PROTO(nghttp2_extpri_parse_priority, int (*)(nghttp2_extpri *extpri, const uint8_t *value, size_t len));
  PROTO(nghttp2_hd_deflate_hd2, nghttp2_ssize (*)(nghttp2_hd_deflater *deflater, uint8_t *buf, size_t buflen, const nghttp2_nv *nva, size_t nvlen));
  PROTO(nghttp2_hd_deflate_hd_vec2, nghttp2_ssize (*)(nghttp2_hd_deflater *deflater, const nghttp2_vec *vec, size_t veclen, const nghttp2_nv *nva, size_t nvlen));
  PROTO(nghttp2_hd_inflate_hd3, nghttp2_ssize (*)(nghttp2_hd_inflater *inflater, nghttp2_nv *nv_out, int *inflate_flags, const uint8_t *in, size_t inlen, int in_final));
  PROTO(nghttp2_option_set_glitch_rate_limit, void (*)(nghttp2_option *option, uint64_t burst, uint64_t rate));
  PROTO(nghttp2_option_set_max_outbound_queue_size, void (*)(nghttp2_option *option, size_t val));
  PROTO(nghttp2_pack_settings_payload2, nghttp2_ssize (*)(uint8_t *buf, size_t buflen, const nghttp2_settings_entry *iv, size_t niv));
  PROTO(nghttp2_select_alpn, int (*)(const unsigned char **out, unsigned char *outlen, const unsigned char *in, unsigned int inlen));
  PROTO(nghttp2_session_callbacks_set_data_source_read_length_callback2, void (*)(nghttp2_session_callbacks *cbs, nghttp2_data_source_read_length_callback2 data_source_read_length_callback));
  PROTO(nghttp2_session_callbacks_set_pack_extension_callback2, void (*)(nghttp2_session_callbacks *cbs, nghttp2_pack_extension_callback2 pack_extension_callback));
  PROTO(nghttp2_session_callbacks_set_rand_callback, void (*)(nghttp2_session_callbacks *cbs, nghttp2_rand_callback rand_callback));
  PROTO(nghttp2_session_callbacks_set_recv_callback2, void (*)(nghttp2_session_callbacks *cbs, nghttp2_recv_callback2 recv_callback));
  PROTO(nghttp2_session_callbacks_set_select_padding_callback2, void (*)(nghttp2_session_callbacks *cbs, nghttp2_select_padding_callback2 select_padding_callback));
  PROTO(nghttp2_session_callbacks_set_send_callback2, void (*)(nghttp2_session_callbacks *cbs, nghttp2_send_callback2 send_callback));
  PROTO(nghttp2_session_get_extpri_stream_priority, int (*)(nghttp2_session *session, nghttp2_extpri *extpri, int32_t stream_id));
  PROTO(nghttp2_session_mem_recv2, nghttp2_ssize (*)(nghttp2_session *session, const uint8_t *in, size_t inlen));
  PROTO(nghttp2_session_mem_send2, nghttp2_ssize (*)(nghttp2_session *session, const uint8_t **data_ptr));
  PROTO(nghttp2_submit_data2, int (*)(nghttp2_session *session, uint8_t flags, int32_t stream_id, const nghttp2_data_provider2 *data_prd));
  PROTO(nghttp2_submit_request2, int32_t (*)(nghttp2_session *session, const nghttp2_priority_spec *pri_spec, const nghttp2_nv *nva, size_t nvlen, const nghttp2_data_provider2 *data_prd, void *stream_user_data));
  PROTO(nghttp2_submit_response2, int (*)(nghttp2_session *session, int32_t stream_id, const nghttp2_nv *nva, size_t nvlen, const nghttp2_data_provider2 *data_prd));

  printf("%s\n", failures ? "newest-only ABI: FAILED" : "newest-only ABI: all ok");
  return failures ? 1 : 0;
}

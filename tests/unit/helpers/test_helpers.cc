// Public helper functions through the C API: every byte value through every
// validator against the byte sets measured on the reference library
// (INVENTORY 4.7), error strings, version, ALPN, SETTINGS packing,
// priority-spec initialisers and the RFC 9218 parser entry point.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

extern "C" {
#include <cmocka.h>
}
#include <nghttp2/nghttp2.h>

#include <initializer_list>
#include <string>

namespace {

struct R {
  int lo, hi;
};

bool in(int c, std::initializer_list<R> rs) {
  for (const R &r : rs) {
    if (c >= r.lo && c <= r.hi) return true;
  }
  return false;
}

const std::initializer_list<R> kNameSet = {{0x21, 0x21}, {0x23, 0x27},
                                           {0x2a, 0x2b}, {0x2d, 0x2e},
                                           {0x30, 0x39}, {0x5e, 0x7a},
                                           {0x7c, 0x7c}, {0x7e, 0x7e}};
const std::initializer_list<R> kValueSet = {{0x09, 0x09}, {0x20, 0x7e},
                                            {0x80, 0xff}};
const std::initializer_list<R> kValueEdgeSet = {{0x21, 0x7e}, {0x80, 0xff}};
const std::initializer_list<R> kAuthoritySet = {
    {0x21, 0x21}, {0x24, 0x2e}, {0x30, 0x3b}, {0x3d, 0x3d}, {0x40, 0x5b},
    {0x5d, 0x5d}, {0x5f, 0x5f}, {0x61, 0x7a}, {0x7e, 0x7e}};
const std::initializer_list<R> kPathSet = {{0x21, 0x7e}, {0x80, 0xff}};
const std::initializer_list<R> kMethodSet = {
    {0x21, 0x21}, {0x23, 0x27}, {0x2a, 0x2b}, {0x2d, 0x2e}, {0x30, 0x39},
    {0x41, 0x5a}, {0x5e, 0x7a}, {0x7c, 0x7c}, {0x7e, 0x7e}};

const uint8_t *u8(const std::string &s) {
  return reinterpret_cast<const uint8_t *>(s.data());
}

void test_header_name_all_bytes(void **) {
  for (int c = 0; c < 256; ++c) {
    const bool ok = in(c, kNameSet);
    const uint8_t one[1] = {static_cast<uint8_t>(c)};
    // Alone, in the middle of a name, and after a leading ':'.
    if (c == ':') {
      assert_int_equal(nghttp2_check_header_name(one, 1), 0);
    } else {
      assert_int_equal(nghttp2_check_header_name(one, 1), ok ? 1 : 0);
    }
    const uint8_t mid[3] = {'a', static_cast<uint8_t>(c), 'b'};
    assert_int_equal(nghttp2_check_header_name(mid, 3), ok ? 1 : 0);
    const uint8_t pseudo[2] = {':', static_cast<uint8_t>(c)};
    assert_int_equal(nghttp2_check_header_name(pseudo, 2), ok ? 1 : 0);
  }
  assert_int_equal(nghttp2_check_header_name(u8(""), 0), 0);
  assert_int_equal(nghttp2_check_header_name(u8("::a"), 3), 0);
  assert_int_equal(nghttp2_check_header_name(u8(":path"), 5), 1);
  assert_int_equal(nghttp2_check_header_name(u8("a:b"), 3), 0);
  assert_int_equal(nghttp2_check_header_name(u8("Content-Type"), 12), 0);
}

void test_header_value_all_bytes(void **) {
  for (int c = 0; c < 256; ++c) {
    const uint8_t one[1] = {static_cast<uint8_t>(c)};
    const uint8_t mid[3] = {'a', static_cast<uint8_t>(c), 'b'};
    assert_int_equal(nghttp2_check_header_value(one, 1),
                     in(c, kValueSet) ? 1 : 0);
    assert_int_equal(nghttp2_check_header_value(mid, 3),
                     in(c, kValueSet) ? 1 : 0);
    // rfc9113: inner bytes like the plain check, edge bytes without SP/HTAB.
    assert_int_equal(nghttp2_check_header_value_rfc9113(mid, 3),
                     in(c, kValueSet) ? 1 : 0);
    assert_int_equal(nghttp2_check_header_value_rfc9113(one, 1),
                     in(c, kValueEdgeSet) ? 1 : 0);
    const uint8_t first[2] = {static_cast<uint8_t>(c), 'x'};
    const uint8_t last[2] = {'x', static_cast<uint8_t>(c)};
    assert_int_equal(nghttp2_check_header_value_rfc9113(first, 2),
                     in(c, kValueEdgeSet) ? 1 : 0);
    assert_int_equal(nghttp2_check_header_value_rfc9113(last, 2),
                     in(c, kValueEdgeSet) ? 1 : 0);
  }
  assert_int_equal(nghttp2_check_header_value(u8(""), 0), 1);
  assert_int_equal(nghttp2_check_header_value_rfc9113(u8(""), 0), 1);
  assert_int_equal(nghttp2_check_header_value(u8(" a\t"), 3), 1);
  assert_int_equal(nghttp2_check_header_value_rfc9113(u8(" a"), 2), 0);
  assert_int_equal(nghttp2_check_header_value_rfc9113(u8("a b"), 3), 1);
}

void test_authority_path_method_all_bytes(void **) {
  for (int c = 0; c < 256; ++c) {
    const uint8_t one[1] = {static_cast<uint8_t>(c)};
    const uint8_t mid[3] = {'a', static_cast<uint8_t>(c), 'b'};
    assert_int_equal(nghttp2_check_authority(one, 1),
                     in(c, kAuthoritySet) ? 1 : 0);
    assert_int_equal(nghttp2_check_authority(mid, 3),
                     in(c, kAuthoritySet) ? 1 : 0);
    assert_int_equal(nghttp2_check_path(one, 1), in(c, kPathSet) ? 1 : 0);
    assert_int_equal(nghttp2_check_path(mid, 3), in(c, kPathSet) ? 1 : 0);
    assert_int_equal(nghttp2_check_method(one, 1), in(c, kMethodSet) ? 1 : 0);
    assert_int_equal(nghttp2_check_method(mid, 3), in(c, kMethodSet) ? 1 : 0);
  }
  assert_int_equal(nghttp2_check_authority(u8(""), 0), 1);
  assert_int_equal(nghttp2_check_path(u8(""), 0), 1);
  assert_int_equal(nghttp2_check_method(u8(""), 0), 0);
  assert_int_equal(nghttp2_check_authority(u8("user@Example.COM:443"), 20), 1);
  assert_int_equal(nghttp2_check_authority(u8("[::1]:80"), 8), 1);
}

void test_strerror(void **) {
  struct {
    int code;
    const char *text;
  } cases[] = {
      {0, "Success"},
      {NGHTTP2_ERR_INVALID_ARGUMENT, "Invalid argument"},
      {NGHTTP2_ERR_UNSUPPORTED_VERSION, "Unsupported SPDY version"},
      {NGHTTP2_ERR_START_STREAM_NOT_ALLOWED, "request HEADERS is not allowed"},
      {NGHTTP2_ERR_DATA_EXIST,
       "DATA or HEADERS frame has already been submitted for the stream"},
      {NGHTTP2_ERR_SETTINGS_EXPECTED,
       "When a local endpoint expects to receive SETTINGS frame, it receives "
       "an other type of frame"},
      {NGHTTP2_ERR_TOO_MANY_SETTINGS,
       "SETTINGS frame contained more than the maximum allowed entries"},
      {NGHTTP2_ERR_FLOODED,
       "Flooding was detected in this HTTP/2 session, and it must be closed"},
      {NGHTTP2_ERR_TOO_MANY_CONTINUATIONS,
       "Too many CONTINUATION frames following a HEADER frame"},
      {NGHTTP2_ERR_HTTP_HEADER, "Invalid HTTP header field was received"},
      {NGHTTP2_ERR_FATAL, "Unknown error code"},
      {-520, "Unknown error code"},
      {-538, "Unknown error code"},
      {-906, "Unknown error code"},
      {1, "Unknown error code"},
  };
  for (const auto &c : cases) {
    assert_string_equal(nghttp2_strerror(c.code), c.text);
  }
  // Every code from -501 to -537 except -520 has its own text.
  for (int code = -537; code <= -501; ++code) {
    const bool known = code != -520;
    assert_int_equal(strcmp(nghttp2_strerror(code), "Unknown error code") != 0,
                     known);
  }
  assert_string_equal(nghttp2_http2_strerror(NGHTTP2_NO_ERROR), "NO_ERROR");
  assert_string_equal(nghttp2_http2_strerror(NGHTTP2_HTTP_1_1_REQUIRED),
                      "HTTP_1_1_REQUIRED");
  assert_string_equal(nghttp2_http2_strerror(0x0e), "unknown");
  assert_string_equal(nghttp2_http2_strerror(0xffffffffu), "unknown");
  assert_int_equal(nghttp2_is_fatal(NGHTTP2_ERR_FATAL), 0);
  assert_int_equal(nghttp2_is_fatal(NGHTTP2_ERR_NOMEM), 1);
  assert_int_equal(nghttp2_is_fatal(-906), 1);
  assert_int_equal(nghttp2_is_fatal(NGHTTP2_ERR_PROTO), 0);
  assert_int_equal(nghttp2_is_fatal(0), 0);
}

void debug_cb(const char *, va_list) {}

void test_version(void **) {
  nghttp2_info *a = nghttp2_version(0);
  assert_non_null(a);
  assert_ptr_equal(a, nghttp2_version(-1));
  assert_ptr_equal(a, nghttp2_version(NGHTTP2_VERSION_NUM));
  assert_null(nghttp2_version(NGHTTP2_VERSION_NUM + 1));
  assert_int_equal(a->age, 1);
  assert_int_equal(a->version_num, NGHTTP2_VERSION_NUM);
  assert_string_equal(a->version_str, NGHTTP2_VERSION);
  assert_string_equal(a->proto_str, "h2");
  nghttp2_set_debug_vprintf_callback(debug_cb);
  nghttp2_set_debug_vprintf_callback(nullptr);
}

void test_alpn(void **) {
  const unsigned char *out = nullptr;
  unsigned char outlen = 0;
  const unsigned char both[] = "\x08http/1.1\x02h2";
  assert_int_equal(nghttp2_select_alpn(&out, &outlen, both, sizeof(both) - 1),
                   1);
  assert_int_equal(outlen, 2);
  assert_memory_equal(out, "h2", 2);
  assert_ptr_equal(out, both + 10);

  const unsigned char h1[] = "\x06spdy/3\x08http/1.1";
  assert_int_equal(nghttp2_select_alpn(&out, &outlen, h1, sizeof(h1) - 1), 0);
  assert_int_equal(outlen, 8);
  assert_ptr_equal(out, h1 + 8);

  const unsigned char none[] = "\x03h2c\x05h2-14";
  out = nullptr;
  outlen = 77;
  assert_int_equal(nghttp2_select_alpn(&out, &outlen, none, sizeof(none) - 1),
                   -1);
  assert_null(out);
  assert_int_equal(outlen, 77);
  // Truncated list: the key would run past the end.
  const unsigned char cut[] = "\x02h";
  assert_int_equal(nghttp2_select_alpn(&out, &outlen, cut, 2), -1);
  assert_int_equal(nghttp2_select_alpn(&out, &outlen, cut, 0), -1);

  unsigned char *mout = nullptr;
  unsigned char buf[] = "\x02h2";
  assert_int_equal(nghttp2_select_next_protocol(&mout, &outlen, buf, 3), 1);
  assert_ptr_equal(mout, buf + 1);
}

void test_pack_settings(void **) {
  nghttp2_settings_entry iv[] = {
      {NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, 100},
      {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, 0x7fffffff},
  };
  uint8_t buf[12];
  assert_int_equal(nghttp2_pack_settings_payload2(buf, sizeof(buf), iv, 2), 12);
  const uint8_t want[12] = {0, 3, 0, 0, 0, 100, 0, 4, 0x7f, 0xff, 0xff, 0xff};
  assert_memory_equal(buf, want, 12);
  assert_int_equal(nghttp2_pack_settings_payload2(buf, 11, iv, 2),
                   NGHTTP2_ERR_INSUFF_BUFSIZE);
  assert_int_equal(nghttp2_pack_settings_payload2(buf, 0, iv, 0), 0);

  struct {
    int32_t id;
    uint32_t value;
    bool ok;
  } cases[] = {
      {NGHTTP2_SETTINGS_ENABLE_PUSH, 0, true},
      {NGHTTP2_SETTINGS_ENABLE_PUSH, 1, true},
      {NGHTTP2_SETTINGS_ENABLE_PUSH, 2, false},
      {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, 0x80000000u, false},
      {NGHTTP2_SETTINGS_MAX_FRAME_SIZE, 16383, false},
      {NGHTTP2_SETTINGS_MAX_FRAME_SIZE, 16384, true},
      {NGHTTP2_SETTINGS_MAX_FRAME_SIZE, 16777215, true},
      {NGHTTP2_SETTINGS_MAX_FRAME_SIZE, 16777216, false},
      {NGHTTP2_SETTINGS_ENABLE_CONNECT_PROTOCOL, 1, true},
      {NGHTTP2_SETTINGS_ENABLE_CONNECT_PROTOCOL, 2, false},
      {NGHTTP2_SETTINGS_NO_RFC7540_PRIORITIES, 1, true},
      {NGHTTP2_SETTINGS_NO_RFC7540_PRIORITIES, 5, false},
      {NGHTTP2_SETTINGS_HEADER_TABLE_SIZE, 0xffffffffu, true},
      {NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE, 0xffffffffu, true},
      {0x7, 0xffffffffu, true},
      {0x1234, 9, true},
  };
  for (const auto &c : cases) {
    nghttp2_settings_entry e = {c.id, c.value};
    // Validation wins over buffer size: an invalid value in a too-small
    // buffer still reports INVALID_ARGUMENT.
    assert_int_equal(nghttp2_pack_settings_payload2(buf, 6, &e, 1),
                     c.ok ? 6 : NGHTTP2_ERR_INVALID_ARGUMENT);
    assert_int_equal(nghttp2_pack_settings_payload2(buf, 5, &e, 1),
                     c.ok ? NGHTTP2_ERR_INSUFF_BUFSIZE
                          : NGHTTP2_ERR_INVALID_ARGUMENT);
  }
}

void test_priority_spec(void **) {
  nghttp2_priority_spec p;
  nghttp2_priority_spec_init(&p, 5, 300, 7);
  assert_int_equal(p.stream_id, 5);
  assert_int_equal(p.weight, 300);
  assert_int_equal(p.exclusive, 1);
  assert_int_equal(nghttp2_priority_spec_check_default(&p), 0);
  nghttp2_priority_spec_default_init(&p);
  assert_int_equal(p.stream_id, 0);
  assert_int_equal(p.weight, 16);
  assert_int_equal(p.exclusive, 0);
  assert_int_equal(nghttp2_priority_spec_check_default(&p), 1);
  p.exclusive = 1;
  assert_int_equal(nghttp2_priority_spec_check_default(&p), 0);
}

void test_nv_compare_name(void **) {
  auto nv = [](const char *n) {
    nghttp2_nv v{};
    v.name = reinterpret_cast<uint8_t *>(const_cast<char *>(n));
    v.namelen = strlen(n);
    return v;
  };
  nghttp2_nv a = nv("alpha"), b = nv("alphabet"), c = nv("beta"),
             a2 = nv("alpha"), e = nv("");
  assert_int_equal(nghttp2_nv_compare_name(&a, &a2), 0);
  assert_true(nghttp2_nv_compare_name(&a, &b) < 0);
  assert_true(nghttp2_nv_compare_name(&b, &a) > 0);
  assert_true(nghttp2_nv_compare_name(&b, &c) < 0);
  assert_true(nghttp2_nv_compare_name(&c, &a) > 0);
  assert_true(nghttp2_nv_compare_name(&e, &a) < 0);
  assert_int_equal(nghttp2_nv_compare_name(&e, &e), 0);
}

void test_extpri_parse(void **) {
  struct {
    const char *in;
    int rv;
    uint32_t urgency;
    int inc;
  } cases[] = {
      {"", 0, 5, 0},
      {"u=0", 0, 0, 0},
      {"u=7, i", 0, 7, 1},
      {"i=?0, u=2", 0, 2, 0},
      {"u=1, u=6", 0, 6, 0},
      {"x=foo, u=4;p=1, zz=(a b)", 0, 4, 0},
      {"u=8", NGHTTP2_ERR_INVALID_ARGUMENT, 5, 0},
      {"u=-1", NGHTTP2_ERR_INVALID_ARGUMENT, 5, 0},
      {"u=1.0", NGHTTP2_ERR_INVALID_ARGUMENT, 5, 0},
      {"i=1", NGHTTP2_ERR_INVALID_ARGUMENT, 5, 0},
      {"u=1,", NGHTTP2_ERR_INVALID_ARGUMENT, 5, 0},
      {"U=1", NGHTTP2_ERR_INVALID_ARGUMENT, 5, 0},
      {"u=1, x=\"", NGHTTP2_ERR_INVALID_ARGUMENT, 5, 0},
  };
  for (const auto &c : cases) {
    nghttp2_extpri p = {5, 0};
    assert_int_equal(nghttp2_extpri_parse_priority(&p, u8(c.in), strlen(c.in)),
                     c.rv);
    assert_int_equal(p.urgency, c.urgency);
    assert_int_equal(p.inc, c.inc);
  }
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_header_name_all_bytes),
      cmocka_unit_test(test_header_value_all_bytes),
      cmocka_unit_test(test_authority_path_method_all_bytes),
      cmocka_unit_test(test_strerror),
      cmocka_unit_test(test_version),
      cmocka_unit_test(test_alpn),
      cmocka_unit_test(test_pack_settings),
      cmocka_unit_test(test_priority_spec),
      cmocka_unit_test(test_nv_compare_name),
      cmocka_unit_test(test_extpri_parse),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}

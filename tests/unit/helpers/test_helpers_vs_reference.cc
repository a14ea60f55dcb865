// The helper API against the reference library loaded with dlopen: every
// byte value through every validator (alone, inside a value, after ':'),
// every error code through the strerror functions and is_fatal, SETTINGS
// packing over ids x values x buffer sizes, ALPN selection and name
// comparison. Our functions are compiled into this executable; the
// reference's are reached only through dlsym on its private handle.
#include <dlfcn.h>
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

namespace {

void *g_ref = nullptr;

template <class F>
F ref(const char *name) {
  void *p = dlsym(g_ref, name);
  if (!p) fail_msg("reference lacks %s", name);
  return reinterpret_cast<F>(p);
}

int setup(void **) {
  g_ref = dlopen(REFERENCE_LIB, RTLD_NOW | RTLD_LOCAL);
  return g_ref ? 0 : -1;
}

int teardown(void **) {
  if (g_ref) dlclose(g_ref);
  return 0;
}

using Check = int (*)(const uint8_t *, size_t);

void test_validators(void **) {
  const struct {
    const char *name;
    Check ours;
  } fns[] = {
      {"nghttp2_check_header_name", nghttp2_check_header_name},
      {"nghttp2_check_header_value", nghttp2_check_header_value},
      {"nghttp2_check_header_value_rfc9113", nghttp2_check_header_value_rfc9113},
      {"nghttp2_check_method", nghttp2_check_method},
      {"nghttp2_check_path", nghttp2_check_path},
      {"nghttp2_check_authority", nghttp2_check_authority},
  };
  for (const auto &f : fns) {
    Check theirs = ref<Check>(f.name);
    for (int c = 0; c < 256; ++c) {
      const uint8_t b = static_cast<uint8_t>(c);
      const uint8_t shapes[][3] = {{b, 0, 0}, {'a', b, 'c'}, {b, 'x', 'y'},
                                   {'x', 'y', b}, {':', b, 0}};
      const size_t lens[] = {1, 3, 3, 3, 2};
      for (size_t s = 0; s < 5; ++s) {
        if (f.ours(shapes[s], lens[s]) != theirs(shapes[s], lens[s])) {
          fail_msg("%s byte 0x%02x shape %zu", f.name, c, s);
        }
      }
    }
    const uint8_t colon[] = {':'};
    assert_int_equal(f.ours(colon, 0), theirs(colon, 0));
    assert_int_equal(f.ours(colon, 1), theirs(colon, 1));
  }
}

void test_error_strings(void **) {
  auto strerror_ref = ref<const char *(*)(int)>("nghttp2_strerror");
  auto fatal_ref = ref<int (*)(int)>("nghttp2_is_fatal");
  auto h2_ref = ref<const char *(*)(uint32_t)>("nghttp2_http2_strerror");
  for (int code = -1000; code <= 10; ++code) {
    assert_string_equal(nghttp2_strerror(code), strerror_ref(code));
    assert_int_equal(nghttp2_is_fatal(code), fatal_ref(code));
  }
  for (uint32_t code = 0; code < 32; ++code) {
    assert_string_equal(nghttp2_http2_strerror(code), h2_ref(code));
  }
  assert_string_equal(nghttp2_http2_strerror(0xffffffffu),
                      h2_ref(0xffffffffu));
}

void test_pack_settings(void **) {
  using Pack = ssize_t (*)(uint8_t *, size_t, const nghttp2_settings_entry *,
                           size_t);
  Pack theirs = ref<Pack>("nghttp2_pack_settings_payload");
  const uint32_t values[] = {0,        1,          2,          16383,
                             16384,    16777215,   16777216,   0x7fffffff,
                             0x80000000u, 0xffffffffu};
  for (int32_t id = 0; id <= 12; ++id) {
    for (uint32_t v : values) {
      for (size_t buflen : {size_t{0}, size_t{5}, size_t{6}, size_t{12}}) {
        const nghttp2_settings_entry iv[2] = {{id, v}, {3, 7}};
        for (size_t niv = 1; niv <= 2; ++niv) {
          uint8_t a[12] = {0}, b[12] = {0};
          const ssize_t ra = nghttp2_pack_settings_payload2(a, buflen, iv, niv);
          const ssize_t rb = theirs(b, buflen, iv, niv);
          if (ra != rb || memcmp(a, b, sizeof(a)) != 0) {
            fail_msg("id %d value %u buflen %zu niv %zu: %zd vs %zd", id, v,
                     buflen, niv, ra, rb);
          }
        }
      }
    }
  }
}

void test_alpn(void **) {
  using Select = int (*)(unsigned char **, unsigned char *,
                         const unsigned char *, unsigned int);
  Select theirs = ref<Select>("nghttp2_select_next_protocol");
  const struct {
    const char *list;
    unsigned int len;
  } lists[] = {
      {"\x02h2", 3},
      {"\x08http/1.1", 9},
      {"\x03h2c\x02h2", 7},
      {"\x05h2-14", 6},
      {"\x02h3\x08http/1.1\x02h2", 15},
      {"", 0},
      {"\x02h", 2},
      {"\x09http/1.1x", 10},
      {"\x01h\x02h2", 5},
      {"\x08http/1.1\x03h2", 13},
  };
  for (const auto &l : lists) {
    const auto *in = reinterpret_cast<const unsigned char *>(l.list);
    unsigned char *oa = nullptr, *ob = nullptr;
    unsigned char la = 99, lb = 99;
    const int ra = nghttp2_select_next_protocol(&oa, &la, in, l.len);
    const int rb = theirs(&ob, &lb, in, l.len);
    assert_int_equal(ra, rb);
    assert_ptr_equal(oa, ob);
    assert_int_equal(la, lb);
  }
}

void test_nv_compare_name(void **) {
  auto theirs =
      ref<int (*)(const nghttp2_nv *, const nghttp2_nv *)>("nghttp2_nv_compare_name");
  const char *names[] = {"", "a", "ab", "b", "abc", "zz", "A", "\xff", ":path"};
  for (const char *x : names) {
    for (const char *y : names) {
      nghttp2_nv p{}, q{};
      p.name = reinterpret_cast<uint8_t *>(const_cast<char *>(x));
      p.namelen = strlen(x);
      q.name = reinterpret_cast<uint8_t *>(const_cast<char *>(y));
      q.namelen = strlen(y);
      assert_int_equal(nghttp2_nv_compare_name(&p, &q), theirs(&p, &q));
    }
  }
}

void test_priority_spec(void **) {
  auto init_ref = ref<void (*)(nghttp2_priority_spec *, int32_t, int32_t, int)>(
      "nghttp2_priority_spec_init");
  auto check_ref = ref<int (*)(const nghttp2_priority_spec *)>(
      "nghttp2_priority_spec_check_default");
  const int32_t weights[] = {-5, 0, 1, 16, 256, 257, 1 << 30};
  for (int32_t id : {0, 1, 3, -1}) {
    for (int32_t w : weights) {
      for (int ex : {0, 1, 7, -1}) {
        nghttp2_priority_spec a, b;
        nghttp2_priority_spec_init(&a, id, w, ex);
        init_ref(&b, id, w, ex);
        // Fields, not bytes: the padding after exclusive is unspecified.
        assert_int_equal(a.stream_id, b.stream_id);
        assert_int_equal(a.weight, b.weight);
        assert_int_equal(a.exclusive, b.exclusive);
        assert_int_equal(nghttp2_priority_spec_check_default(&a),
                         check_ref(&b));
      }
    }
  }
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_validators),
      cmocka_unit_test(test_error_strings),
      cmocka_unit_test(test_pack_settings),
      cmocka_unit_test(test_alpn),
      cmocka_unit_test(test_nv_compare_name),
      cmocka_unit_test(test_priority_spec),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}

// lib/http message checks: each RFC 9113 section 8 rule with the verdict
// upstream's reaction depends on, plus the end-of-block, DATA and
// END_STREAM checks and the RFC 9218 priority field.
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

extern "C" {
#include <cmocka.h>
}

#include <string>

#include "http/message_checks.h"

namespace {

namespace http = h2pool::http;
namespace hpack = h2pool::hpack;
using http::HeaderContext;
using http::HeaderVerdict;
using http::MessageState;

// Tokens are passed explicitly so this test does not depend on the HPACK
// component's lookup table.
hpack::Token token_of(const std::string &name) {
  static const struct {
    const char *name;
    hpack::Token token;
  } known[] = {
      {":authority", hpack::kAuthority}, {":method", hpack::kMethod},
      {":path", hpack::kPath},           {":scheme", hpack::kScheme},
      {":status", hpack::kStatus},       {":protocol", hpack::kProtocol},
      {"host", hpack::kHost},            {"content-length", hpack::kContentLength},
      {"te", hpack::kTe},                {"connection", hpack::kConnection},
      {"keep-alive", hpack::kKeepAlive}, {"proxy-connection", hpack::kProxyConnection},
      {"transfer-encoding", hpack::kTransferEncoding},
      {"upgrade", hpack::kUpgrade},      {"priority", hpack::kPriority},
      {"accept", hpack::kAccept},
  };
  for (const auto &k : known) {
    if (name == k.name) return k.token;
  }
  return hpack::kNone;
}

HeaderVerdict feed(MessageState &st, const std::string &name,
                   const std::string &value, const HeaderContext &ctx) {
  http::HeaderView hv;
  hv.name = reinterpret_cast<const uint8_t *>(name.data());
  hv.namelen = name.size();
  hv.value = reinterpret_cast<const uint8_t *>(value.data());
  hv.valuelen = value.size();
  hv.token = token_of(name);
  return http::on_header(st, hv, ctx);
}

HeaderContext server_ctx(int32_t stream_id = 1) {
  HeaderContext c;
  c.stream_id = stream_id;
  c.request = true;
  return c;
}

HeaderContext client_ctx(int32_t stream_id = 1) {
  HeaderContext c;
  c.stream_id = stream_id;
  c.request = false;
  return c;
}

#define EXPECT_VERDICT(got, want) \
  assert_int_equal(static_cast<int>(got), static_cast<int>(want))

constexpr HeaderVerdict kOk = HeaderVerdict::kOk;
constexpr HeaderVerdict kErr = HeaderVerdict::kStreamError;
constexpr HeaderVerdict kIgn = HeaderVerdict::kIgnore;
constexpr HeaderVerdict kDrop = HeaderVerdict::kDrop;

void feed_basic_request(MessageState &st, const HeaderContext &ctx,
                        const char *method = "GET", const char *path = "/") {
  EXPECT_VERDICT(feed(st, ":method", method, ctx), kOk);
  EXPECT_VERDICT(feed(st, ":scheme", "https", ctx), kOk);
  EXPECT_VERDICT(feed(st, ":path", path, ctx), kOk);
  EXPECT_VERDICT(feed(st, ":authority", "example.org", ctx), kOk);
}

void test_valid_request(void **) {
  MessageState st;
  const auto ctx = server_ctx();
  feed_basic_request(st, ctx);
  EXPECT_VERDICT(feed(st, "accept", "*/*", ctx), kOk);
  EXPECT_VERDICT(feed(st, "x-custom", "v", ctx), kOk);
  assert_true(http::on_request_headers(st, false));
  assert_int_equal(st.content_length, -1);
  assert_true(http::on_remote_end_stream(st));
}

void test_required_pseudo_headers(void **) {
  const char *all[] = {":method", ":scheme", ":path"};
  const char *vals[] = {"GET", "https", "/"};
  for (int skip = 0; skip < 3; ++skip) {
    MessageState st;
    const auto ctx = server_ctx();
    for (int i = 0; i < 3; ++i) {
      if (i != skip) EXPECT_VERDICT(feed(st, all[i], vals[i], ctx), kOk);
    }
    EXPECT_VERDICT(feed(st, ":authority", "a", ctx), kOk);
    assert_false(http::on_request_headers(st, false));
  }
  // Neither :authority nor host.
  MessageState st;
  const auto ctx = server_ctx();
  for (int i = 0; i < 3; ++i) EXPECT_VERDICT(feed(st, all[i], vals[i], ctx), kOk);
  assert_false(http::on_request_headers(st, false));
  // host stands in for :authority.
  EXPECT_VERDICT(feed(st, "host", "example.org:8443", ctx), kOk);
  assert_true(http::on_request_headers(st, false));
}

void test_pseudo_header_rules(void **) {
  const auto ctx = server_ctx();
  {
    MessageState st;
    EXPECT_VERDICT(feed(st, ":path", "/a", ctx), kOk);
    EXPECT_VERDICT(feed(st, ":path", "/b", ctx), kErr);  // duplicate
  }
  {
    MessageState st;
    EXPECT_VERDICT(feed(st, ":path", "", ctx), kErr);  // empty
    EXPECT_VERDICT(feed(st, ":method", "", ctx), kErr);
    EXPECT_VERDICT(feed(st, ":authority", "", ctx), kErr);
  }
  {
    MessageState st;
    EXPECT_VERDICT(feed(st, "accept", "x", ctx), kOk);
    EXPECT_VERDICT(feed(st, ":path", "/", ctx), kErr);  // after a regular field
  }
  {
    MessageState st;
    EXPECT_VERDICT(feed(st, ":foo", "x", ctx), kErr);     // unknown pseudo
    EXPECT_VERDICT(feed(st, ":status", "200", ctx), kErr);  // response-only
    EXPECT_VERDICT(feed(st, ":Path", "/", ctx), kErr);
  }
  {
    MessageState st;
    auto trailer = ctx;
    trailer.trailer = true;
    EXPECT_VERDICT(feed(st, ":path", "/", trailer), kErr);
  }
  {
    // An empty name is ignored, but closes the pseudo-header section.
    MessageState st;
    EXPECT_VERDICT(feed(st, "", "x", ctx), kIgn);
    EXPECT_VERDICT(feed(st, ":method", "GET", ctx), kErr);
  }
  {
    MessageState st;
    EXPECT_VERDICT(feed(st, ":method", "G ET", ctx), kErr);
    EXPECT_VERDICT(feed(st, ":path", "/a b", ctx), kErr);
    EXPECT_VERDICT(feed(st, ":authority", "user@host", ctx), kErr);
    EXPECT_VERDICT(feed(st, ":scheme", "1http", ctx), kErr);
    EXPECT_VERDICT(feed(st, ":scheme", "web+x-1.0", ctx), kOk);
  }
}

void test_regular_field_rules(void **) {
  auto ctx = server_ctx();
  MessageState st;
  EXPECT_VERDICT(feed(st, "Accept", "x", ctx), kErr);  // upper case
  EXPECT_VERDICT(feed(st, "a-B", "x", ctx), kErr);
  EXPECT_VERDICT(feed(st, "a b", "x", ctx), kIgn);     // bad char first
  EXPECT_VERDICT(feed(st, "a\x01" "B", "x", ctx), kIgn);
  EXPECT_VERDICT(feed(st, "x", std::string("a\0b", 3), ctx), kIgn);
  EXPECT_VERDICT(feed(st, "x", "a\r\nb", ctx), kIgn);
  EXPECT_VERDICT(feed(st, "x", " padded", ctx), kIgn);
  EXPECT_VERDICT(feed(st, "x", "padded\t", ctx), kIgn);
  EXPECT_VERDICT(feed(st, "x", "in side", ctx), kOk);
  EXPECT_VERDICT(feed(st, "x", "", ctx), kOk);
  ctx.lenient_whitespace = true;
  EXPECT_VERDICT(feed(st, "x", " padded ", ctx), kOk);
  EXPECT_VERDICT(feed(st, "x", "a\x7f", ctx), kIgn);
  for (const char *name : {"connection", "keep-alive", "proxy-connection",
                           "transfer-encoding", "upgrade"}) {
    MessageState s2;
    EXPECT_VERDICT(feed(s2, name, "x", server_ctx()), kErr);
    MessageState s3;
    EXPECT_VERDICT(feed(s3, name, "x", client_ctx()), kErr);
  }
  MessageState s4;
  EXPECT_VERDICT(feed(s4, "te", "trailers", server_ctx()), kOk);
  EXPECT_VERDICT(feed(s4, "te", "TrAiLeRs", server_ctx()), kOk);
  EXPECT_VERDICT(feed(s4, "te", "gzip", server_ctx()), kErr);
  EXPECT_VERDICT(feed(s4, "te", "trailers", client_ctx()), kOk);
  EXPECT_VERDICT(feed(s4, "te", "trailers, gzip", client_ctx()), kErr);
}

void test_host_field(void **) {
  const auto ctx = server_ctx();
  MessageState st;
  EXPECT_VERDICT(feed(st, "host", "user@host", ctx), kIgn);
  EXPECT_VERDICT(feed(st, "host", "a b", ctx), kIgn);
  EXPECT_VERDICT(feed(st, "host", "", ctx), kErr);
  EXPECT_VERDICT(feed(st, "host", "[::1]:80", ctx), kOk);
  EXPECT_VERDICT(feed(st, "host", "other", ctx), kErr);  // second host
}

void test_content_length(void **) {
  const auto ctx = server_ctx();
  {
    MessageState st;
    EXPECT_VERDICT(feed(st, "content-length", "10", ctx), kOk);
    assert_int_equal(st.content_length, 10);
    EXPECT_VERDICT(feed(st, "content-length", "10", ctx), kErr);
  }
  for (const char *bad : {"", "-1", "1a", " 1", "9223372036854775808",
                          "99999999999999999999"}) {
    MessageState st;
    EXPECT_VERDICT(feed(st, "content-length", bad, ctx), kErr);
  }
  MessageState st;
  EXPECT_VERDICT(feed(st, "content-length", "9223372036854775807", ctx), kOk);
  assert_int_equal(st.content_length, INT64_MAX);
}

void test_body_length_enforcement(void **) {
  MessageState st;
  const auto ctx = server_ctx();
  feed_basic_request(st, ctx, "POST");
  EXPECT_VERDICT(feed(st, "content-length", "5", ctx), kOk);
  assert_true(http::on_request_headers(st, false));
  assert_true(http::on_data_chunk(st, 3));
  assert_false(http::on_remote_end_stream(st));  // 3 of 5
  assert_true(http::on_data_chunk(st, 2));
  assert_true(http::on_remote_end_stream(st));
  assert_false(http::on_data_chunk(st, 1));  // 6 > 5
  assert_int_equal(st.recv_content_length, 6);
}

void test_connect(void **) {
  const auto ctx = server_ctx();
  {
    MessageState st;
    EXPECT_VERDICT(feed(st, ":method", "CONNECT", ctx), kOk);
    EXPECT_VERDICT(feed(st, ":authority", "proxy:443", ctx), kOk);
    EXPECT_VERDICT(feed(st, "content-length", "3", ctx), kOk);
    assert_true(http::on_request_headers(st, false));
    assert_int_equal(st.content_length, -1);  // ignored for CONNECT
  }
  {
    MessageState st;
    EXPECT_VERDICT(feed(st, ":method", "CONNECT", ctx), kOk);
    EXPECT_VERDICT(feed(st, ":authority", "proxy:443", ctx), kOk);
    EXPECT_VERDICT(feed(st, ":path", "/", ctx), kOk);
    assert_false(http::on_request_headers(st, false));
  }
  {
    MessageState st;
    EXPECT_VERDICT(feed(st, ":method", "CONNECT", ctx), kOk);
    assert_false(http::on_request_headers(st, false));  // no :authority
  }
  {
    // A pushed request (even stream) may not be CONNECT.
    MessageState st;
    EXPECT_VERDICT(feed(st, ":method", "CONNECT", server_ctx(2)), kErr);
  }
}

void test_extended_connect(void **) {
  auto ctx = server_ctx();
  {
    MessageState st;
    EXPECT_VERDICT(feed(st, ":protocol", "websocket", ctx), kErr);  // not enabled
  }
  ctx.connect_protocol = true;
  {
    MessageState st;
    EXPECT_VERDICT(feed(st, ":method", "CONNECT", ctx), kOk);
    EXPECT_VERDICT(feed(st, ":protocol", "websocket", ctx), kOk);
    EXPECT_VERDICT(feed(st, ":scheme", "https", ctx), kOk);
    EXPECT_VERDICT(feed(st, ":path", "/chat", ctx), kOk);
    EXPECT_VERDICT(feed(st, ":authority", "example.org", ctx), kOk);
    assert_true(http::on_request_headers(st, false));
    EXPECT_VERDICT(feed(st, ":protocol", "again", ctx), kErr);
  }
  {
    MessageState st;  // :protocol with GET
    feed_basic_request(st, ctx);
    EXPECT_VERDICT(feed(st, ":protocol", "websocket", ctx), kOk);
    assert_false(http::on_request_headers(st, false));
  }
  {
    MessageState st;
    EXPECT_VERDICT(feed(st, ":protocol", "websocket", ctx), kOk);
    feed_basic_request(st, ctx);
    assert_false(http::on_request_headers(st, false));
  }
  {
    MessageState st;  // extended CONNECT with host instead of :authority
    EXPECT_VERDICT(feed(st, ":method", "CONNECT", ctx), kOk);
    EXPECT_VERDICT(feed(st, ":protocol", "websocket", ctx), kOk);
    EXPECT_VERDICT(feed(st, ":scheme", "https", ctx), kOk);
    EXPECT_VERDICT(feed(st, ":path", "/chat", ctx), kOk);
    EXPECT_VERDICT(feed(st, "host", "example.org", ctx), kOk);
    assert_false(http::on_request_headers(st, false));
  }
  {
    MessageState st;
    EXPECT_VERDICT(feed(st, ":protocol", " websocket", ctx), kErr);
    MessageState s2;
    EXPECT_VERDICT(feed(s2, ":protocol", "", ctx), kErr);
  }
  ctx.lenient_whitespace = true;
  {
    MessageState st;
    EXPECT_VERDICT(feed(st, ":protocol", " websocket", ctx), kOk);
    MessageState s2;
    EXPECT_VERDICT(feed(s2, ":protocol", " \t ", ctx), kErr);
  }
}

void test_path_forms(void **) {
  const auto ctx = server_ctx();
  {
    MessageState st;
    feed_basic_request(st, ctx, "OPTIONS", "*");
    assert_true(http::on_request_headers(st, false));
  }
  {
    MessageState st;
    feed_basic_request(st, ctx, "GET", "*");
    assert_false(http::on_request_headers(st, false));
  }
  {
    MessageState st;
    feed_basic_request(st, ctx, "GET", "relative");
    assert_false(http::on_request_headers(st, false));
  }
  {
    // Only http/https (any case) demand origin-form.
    MessageState st;
    EXPECT_VERDICT(feed(st, ":method", "GET", ctx), kOk);
    EXPECT_VERDICT(feed(st, ":scheme", "HTTPS", ctx), kOk);
    EXPECT_VERDICT(feed(st, ":path", "x", ctx), kOk);
    EXPECT_VERDICT(feed(st, ":authority", "a", ctx), kOk);
    assert_false(http::on_request_headers(st, false));
    MessageState s2;
    EXPECT_VERDICT(feed(s2, ":method", "GET", ctx), kOk);
    EXPECT_VERDICT(feed(s2, ":scheme", "urn", ctx), kOk);
    EXPECT_VERDICT(feed(s2, ":path", "x", ctx), kOk);
    EXPECT_VERDICT(feed(s2, ":authority", "a", ctx), kOk);
    assert_true(http::on_request_headers(s2, false));
  }
}

void test_response(void **) {
  const auto ctx = client_ctx();
  {
    MessageState st;
    EXPECT_VERDICT(feed(st, ":status", "200", ctx), kOk);
    assert_int_equal(st.status_code, 200);
    EXPECT_VERDICT(feed(st, ":status", "200", ctx), kErr);
    EXPECT_VERDICT(feed(st, "content-length", "2", ctx), kOk);
    assert_true(http::on_response_headers(st));
    assert_int_equal(st.content_length, 2);
    EXPECT_VERDICT(feed(st, ":method", "GET", ctx), kErr);
  }
  for (const char *bad : {"20", "2000", "099", "abc", "", "101", "-20"}) {
    MessageState st;
    EXPECT_VERDICT(feed(st, ":status", bad, ctx), kErr);
  }
  {
    MessageState st;
    assert_false(http::on_response_headers(st));  // no :status
  }
}

void test_response_content_length_special(void **) {
  const auto ctx = client_ctx();
  {
    MessageState st;
    EXPECT_VERDICT(feed(st, ":status", "204", ctx), kOk);
    EXPECT_VERDICT(feed(st, "content-length", "0", ctx), kDrop);
    EXPECT_VERDICT(feed(st, "content-length", "0", ctx), kErr);
  }
  {
    MessageState st;
    EXPECT_VERDICT(feed(st, ":status", "204", ctx), kOk);
    EXPECT_VERDICT(feed(st, "content-length", "1", ctx), kErr);
  }
  {
    MessageState st;
    EXPECT_VERDICT(feed(st, ":status", "103", ctx), kOk);
    EXPECT_VERDICT(feed(st, "content-length", "0", ctx), kErr);
  }
  {
    MessageState st;
    st.flags |= http::kMethodConnect;
    EXPECT_VERDICT(feed(st, ":status", "200", ctx), kOk);
    EXPECT_VERDICT(feed(st, "content-length", "10", ctx), kDrop);
    assert_true(http::on_response_headers(st));
    assert_int_equal(st.content_length, -1);
  }
  {
    // Content-length before :status is judged with no status yet.
    MessageState st;
    EXPECT_VERDICT(feed(st, "content-length", "7", ctx), kOk);
    assert_int_equal(st.content_length, 7);
  }
}

void test_interim_and_final_response(void **) {
  const auto ctx = client_ctx();
  MessageState st;
  st.flags |= http::kMethodHead;
  EXPECT_VERDICT(feed(st, ":status", "100", ctx), kOk);
  assert_true(http::on_response_headers(st));
  assert_true(st.expects_final_response());
  assert_int_equal(st.status_code, -1);
  assert_int_equal(st.flags & http::kMethodHead, http::kMethodHead);
  assert_false(http::on_data_chunk(st, 1));  // DATA before the final response
  assert_false(http::on_remote_end_stream(st));
  // The final response may carry its pseudo-headers afresh.
  EXPECT_VERDICT(feed(st, ":status", "200", ctx), kOk);
  EXPECT_VERDICT(feed(st, "content-length", "100", ctx), kOk);
  assert_true(http::on_response_headers(st));
  assert_false(st.expects_final_response());
  assert_int_equal(st.content_length, 0);  // HEAD: no body whatever it says
}

void test_bodyless_statuses(void **) {
  for (const char *status : {"204", "304"}) {
    MessageState st;
    EXPECT_VERDICT(feed(st, ":status", status, client_ctx()), kOk);
    assert_true(http::on_response_headers(st));
    assert_int_equal(st.content_length, 0);
    assert_false(http::on_data_chunk(st, 1));
  }
  MessageState st;
  st.flags |= http::kMethodUpgradeWorkaround;
  EXPECT_VERDICT(feed(st, ":status", "200", client_ctx()), kOk);
  EXPECT_VERDICT(feed(st, "content-length", "4", client_ctx()), kOk);
  assert_true(http::on_response_headers(st));
  assert_int_equal(st.content_length, -1);
}

void test_push_promise_request(void **) {
  // The client checks a PUSH_PROMISE with request rules on the promised
  // (even) stream; afterwards only the method survives.
  auto ctx = client_ctx(2);
  ctx.request = true;
  MessageState st;
  feed_basic_request(st, ctx, "HEAD");
  EXPECT_VERDICT(feed(st, "content-length", "3", ctx), kOk);
  assert_true(http::on_request_headers(st, true));
  assert_int_equal(st.flags, http::kMethodHead);
  assert_int_equal(st.content_length, -1);
  // The pushed response now reuses the state.
  EXPECT_VERDICT(feed(st, ":status", "200", client_ctx(2)), kOk);
  assert_true(http::on_response_headers(st));
  assert_int_equal(st.content_length, 0);
}

void test_trailers(void **) {
  assert_true(http::on_trailer_headers(true));
  assert_false(http::on_trailer_headers(false));
  auto ctx = server_ctx();
  ctx.trailer = true;
  MessageState st;
  EXPECT_VERDICT(feed(st, "grpc-status", "0", ctx), kOk);
  EXPECT_VERDICT(feed(st, ":path", "/", ctx), kErr);
}

void test_record_request_method(void **) {
  auto nv = [](const char *n, const char *v) {
    nghttp2_nv x{};
    x.name = reinterpret_cast<uint8_t *>(const_cast<char *>(n));
    x.namelen = strlen(n);
    x.value = reinterpret_cast<uint8_t *>(const_cast<char *>(v));
    x.valuelen = strlen(v);
    return x;
  };
  {
    nghttp2_nv nva[] = {nv(":scheme", "https"), nv(":method", "HEAD")};
    MessageState st;
    http::record_request_method(st, nva, 2);
    assert_int_equal(st.flags, http::kMethodHead);
  }
  {
    nghttp2_nv nva[] = {nv(":method", "CONNECT"), nv(":method", "HEAD")};
    MessageState st;
    http::record_request_method(st, nva, 2);
    assert_int_equal(st.flags, http::kMethodConnect);
  }
  {
    nghttp2_nv nva[] = {nv(":method", "GET"), nv(":method", "HEAD")};
    MessageState st;
    http::record_request_method(st, nva, 2);
    assert_int_equal(st.flags, 0);
  }
}

void test_priority_field(void **) {
  {
    MessageState st;
    EXPECT_VERDICT(feed(st, "priority", "u=1, i", server_ctx(1)), kOk);
    assert_true(st.has_priority());
    const nghttp2_extpri p = http::unpack_extpri(st.extpri);
    assert_int_equal(p.urgency, 1);
    assert_int_equal(p.inc, 1);
    // A later field refines the earlier result.
    EXPECT_VERDICT(feed(st, "priority", "u=6", server_ctx(1)), kOk);
    assert_int_equal(http::unpack_extpri(st.extpri).urgency, 6);
    assert_int_equal(http::unpack_extpri(st.extpri).inc, 1);
  }
  {
    MessageState st;  // pushed request: not parsed
    EXPECT_VERDICT(feed(st, "priority", "u=1", server_ctx(2)), kOk);
    assert_false(st.has_priority());
    assert_int_equal(st.extpri, NGHTTP2_EXTPRI_DEFAULT_URGENCY);
  }
  {
    MessageState st;  // trailers: not parsed
    auto ctx = server_ctx(1);
    ctx.trailer = true;
    EXPECT_VERDICT(feed(st, "priority", "u=1", ctx), kOk);
    assert_false(st.has_priority());
  }
  {
    MessageState st;  // bad value poisons later ones
    EXPECT_VERDICT(feed(st, "priority", "u=9", server_ctx(1)), kOk);
    assert_false(st.has_priority());
    assert_true(st.flags & http::kBadPriority);
    EXPECT_VERDICT(feed(st, "priority", "u=1", server_ctx(1)), kOk);
    assert_false(st.has_priority());
  }
  {
    MessageState st;  // invalid field value: ignored and poisons
    EXPECT_VERDICT(feed(st, "priority", "u=1 ", server_ctx(1)), kIgn);
    assert_true(st.flags & http::kBadPriority);
    EXPECT_VERDICT(feed(st, "priority", "u=2", server_ctx(1)), kOk);
    assert_false(st.has_priority());
  }
  {
    MessageState st;  // responses do not interpret it
    EXPECT_VERDICT(feed(st, "priority", "u=1", client_ctx()), kOk);
    assert_false(st.has_priority());
  }
}

void test_parse_priority(void **) {
  struct {
    const char *in;
    int rv;
    uint32_t u;
    int inc;
  } cases[] = {
      {"", 0, 3, 0},
      {"   ", 0, 3, 0},
      {"u=0", 0, 0, 0},
      {"u=7", 0, 7, 0},
      {"i", 0, 3, 1},
      {"i=?0", 0, 3, 0},
      {"i;foo=1", 0, 3, 1},
      {"u=5;x, i", 0, 5, 1},
      {"uu=1, ii=?1", 0, 3, 0},
      {"u=(1 2)", NGHTTP2_ERR_INVALID_ARGUMENT, 3, 0},
      {"u=\"1\"", NGHTTP2_ERR_INVALID_ARGUMENT, 3, 0},
      {"u=?1", NGHTTP2_ERR_INVALID_ARGUMENT, 3, 0},
      {"u=8", NGHTTP2_ERR_INVALID_ARGUMENT, 3, 0},
      {"i=tok", NGHTTP2_ERR_INVALID_ARGUMENT, 3, 0},
      {"u=1, i=?1, garbage ^", NGHTTP2_ERR_INVALID_ARGUMENT, 3, 0},
      {"\tu=1", NGHTTP2_ERR_INVALID_ARGUMENT, 3, 0},
      {"u=1\t", 0, 1, 0},
      {"x=@123, y=%\"%c3%a9\", u=2", 0, 2, 0},
  };
  for (const auto &c : cases) {
    nghttp2_extpri p = {3, 0};
    const int rv = http::parse_priority(
        &p, reinterpret_cast<const uint8_t *>(c.in), strlen(c.in));
    if (rv != c.rv || p.urgency != c.u || p.inc != c.inc) {
      fail_msg("[%s]: rv %d u %u i %d", c.in, rv, p.urgency, p.inc);
    }
  }
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_valid_request),
      cmocka_unit_test(test_required_pseudo_headers),
      cmocka_unit_test(test_pseudo_header_rules),
      cmocka_unit_test(test_regular_field_rules),
      cmocka_unit_test(test_host_field),
      cmocka_unit_test(test_content_length),
      cmocka_unit_test(test_body_length_enforcement),
      cmocka_unit_test(test_connect),
      cmocka_unit_test(test_extended_connect),
      cmocka_unit_test(test_path_forms),
      cmocka_unit_test(test_response),
      cmocka_unit_test(test_response_content_length_special),
      cmocka_unit_test(test_interim_and_final_response),
      cmocka_unit_test(test_bodyless_statuses),
      cmocka_unit_test(test_push_promise_request),
      cmocka_unit_test(test_trailers),
      cmocka_unit_test(test_record_request_method),
      cmocka_unit_test(test_priority_field),
      cmocka_unit_test(test_parse_priority),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}

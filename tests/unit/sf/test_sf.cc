// lib/sf: RFC 8941 / RFC 9651 structured fields, read through the pull
// parser and rendered into a compact text form so each case states the
// exact structure it must produce (or that it must be rejected).
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

extern "C" {
#include <cmocka.h>
}

#include <string>

#include "sf/parser.h"

namespace {

using h2pool::sf::Parser;
using h2pool::sf::Span;
using h2pool::sf::Status;
using h2pool::sf::Type;
using h2pool::sf::Value;

std::string text(const Span &s) {
  return std::string(reinterpret_cast<const char *>(s.data), s.len);
}

std::string render(const Value &v) {
  switch (v.type) {
    case Type::kBoolean: return v.boolean ? "?1" : "?0";
    case Type::kInteger: return "I" + std::to_string(v.integer);
    case Type::kDecimal:
      return "D" + std::to_string(v.numer) + "/" + std::to_string(v.denom);
    case Type::kString: return std::string(v.escaped ? "S\\" : "S") + "'" +
                               text(v.text) + "'";
    case Type::kToken: return "T'" + text(v.text) + "'";
    case Type::kByteSeq: return "B'" + text(v.text) + "'";
    case Type::kInnerList: return "(";
    case Type::kDate: return "@" + std::to_string(v.integer);
    case Type::kDisplayString: return "%'" + text(v.text) + "'";
  }
  return "?";
}

// Renders parameters, returning false on a parse error.
bool params(Parser &p, std::string &out) {
  Span k;
  Value v;
  for (;;) {
    const Status s = p.param(&k, &v);
    if (s == Status::kEnd) return true;
    if (s == Status::kError) return false;
    out += ";" + text(k) + "=" + render(v);
  }
}

bool member(Parser &p, const Value &first, std::string &out) {
  out += render(first);
  if (first.type == Type::kInnerList) {
    Value v;
    bool any = false;
    for (;;) {
      const Status s = p.inner_list(&v);
      if (s == Status::kEnd) break;
      if (s == Status::kError) return false;
      out += (any ? " " : "") + render(v);
      any = true;
      if (!params(p, out)) return false;
    }
    out += ")";
  }
  return params(p, out);
}

std::string parse_list(const char *in) {
  Parser p(reinterpret_cast<const uint8_t *>(in), strlen(in));
  std::string out;
  Value v;
  for (;;) {
    const Status s = p.list(&v);
    if (s == Status::kEnd) return out;
    if (s == Status::kError) return "ERR";
    if (!out.empty()) out += ",";
    if (!member(p, v, out)) return "ERR";
  }
}

std::string parse_dict(const char *in) {
  Parser p(reinterpret_cast<const uint8_t *>(in), strlen(in));
  std::string out;
  Span k;
  Value v;
  for (;;) {
    const Status s = p.dict(&k, &v);
    if (s == Status::kEnd) return out;
    if (s == Status::kError) return "ERR";
    if (!out.empty()) out += ",";
    out += text(k) + "=";
    if (!member(p, v, out)) return "ERR";
  }
}

std::string parse_item(const char *in) {
  Parser p(reinterpret_cast<const uint8_t *>(in), strlen(in));
  std::string out;
  Value v;
  if (p.item(&v) != Status::kOk) return "ERR";
  if (!member(p, v, out)) return "ERR";
  return p.item(nullptr) == Status::kEnd ? out : "ERR";
}

struct Case {
  const char *in;
  const char *want;
};

void run_list(const Case *cases, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    const std::string got = parse_list(cases[i].in);
    if (got != cases[i].want) {
      fail_msg("list [%s]: got [%s], want [%s]", cases[i].in, got.c_str(),
               cases[i].want);
    }
  }
}

void test_numbers(void **) {
  const Case cases[] = {
      {"0", "I0"},
      {"-0", "I0"},
      {"42", "I42"},
      {"-999999999999999", "I-999999999999999"},
      {"999999999999999", "I999999999999999"},
      {"1000000000000000", "ERR"},  // 16 digits
      {"-", "ERR"},
      {"--1", "ERR"},
      {"1.5", "D15/10"},
      {"-1.25", "D-125/100"},
      {"123456789012.123", "D123456789012123/1000"},
      {"1234567890123.1", "ERR"},  // 13 integer digits
      {"1.1234", "ERR"},
      {"1.", "ERR"},
      {"1.a", "ERR"},
      {"007", "I7"},
  };
  run_list(cases, sizeof(cases) / sizeof(cases[0]));
}

void test_strings_tokens(void **) {
  const Case cases[] = {
      {"\"\"", "S''"},
      {"\"hello world\"", "S'hello world'"},
      {"\"a\\\"b\\\\c\"", "S\\'a\\\"b\\\\c'"},
      {"\"\\x\"", "ERR"},
      {"\"open", "ERR"},
      {"\"tab\there\"", "ERR"},
      {"\"\x7f\"", "ERR"},
      {"\"caf\xc3\xa9\"", "ERR"},
      {"*", "T'*'"},
      {"foo/bar:baz", "T'foo/bar:baz'"},
      {"Tok%!#'", "T'Tok%!#''"},
      {"a=b", "ERR"},
      {"_x", "ERR"},
  };
  run_list(cases, sizeof(cases) / sizeof(cases[0]));
}

void test_byteseq_boolean_date(void **) {
  const Case cases[] = {
      {":aGVsbG8=:", "B'aGVsbG8='"},
      {"::", "B''"},
      {":ab:", "B'ab'"},
      {":abc:", "B'abc'"},
      {":abcd:", "B'abcd'"},
      {":a:", "ERR"},
      {":abcde:", "ERR"},
      {":ab=:", "B'ab='"},
      {":ab==:", "B'ab=='"},
      {":abc=:", "B'abc='"},
      {":abc==:", "ERR"},
      {":a=:", "ERR"},
      {":=:", "ERR"},
      {":ab$:", "ERR"},
      {":abc", "ERR"},
      {"?1", "?1"},
      {"?0", "?0"},
      {"?2", "ERR"},
      {"?", "ERR"},
      {"@1659578233", "@1659578233"},
      {"@-1", "@-1"},
      {"@1.5", "ERR"},
      {"@", "ERR"},
      {"@x", "ERR"},
  };
  run_list(cases, sizeof(cases) / sizeof(cases[0]));
}

void test_display_string(void **) {
  const Case cases[] = {
      {"%\"plain\"", "%'plain'"},
      {"%\"caf%c3%a9\"", "%'caf%c3%a9'"},
      {"%\"%f0%9f%98%80\"", "%'%f0%9f%98%80'"},
      {"%\"back\\slash\"", "%'back\\slash'"},
      {"%\"%C3%A9\"", "ERR"},       // upper-case hex
      {"%\"%c3\"", "ERR"},          // truncated sequence
      {"%\"%c3x\"", "ERR"},         // sequence interrupted
      {"%\"%ff\"", "ERR"},          // never valid in UTF-8
      {"%\"%c0%80\"", "ERR"},       // overlong NUL
      {"%\"%e0%80%80\"", "ERR"},    // overlong
      {"%\"%ed%a0%80\"", "ERR"},    // surrogate
      {"%\"%f4%90%80%80\"", "ERR"}, // above U+10FFFF
      {"%\"%2\"", "ERR"},
      {"%\"unterminated", "ERR"},
      {"%plain", "ERR"},
      {"%\"a\"b\"", "ERR"},
  };
  run_list(cases, sizeof(cases) / sizeof(cases[0]));
}

void test_lists_inner_lists_params(void **) {
  const Case cases[] = {
      {"", ""},
      {"   ", ""},
      {" a", "T'a'"},
      {"\ta", "ERR"},
      {"a , b", "T'a',T'b'"},
      {"a,\tb", "T'a',T'b'"},
      {"a,", "ERR"},
      {"a, ", "ERR"},
      {"a,,b", "ERR"},
      {"a b", "ERR"},
      {"a ", "T'a'"},
      {"()", "()"},
      {"( a  b )", "(T'a' T'b')"},
      {"(a;x=1 b);y", "(T'a';x=I1 T'b');y=?1"},
      {"(a,b)", "ERR"},
      {"(a", "ERR"},
      {"(a b", "ERR"},
      {"(a)b", "ERR"},
      {"(a)(b)", "ERR"},
      {"(a\tb)", "ERR"},
      {"a;b;c=?0", "T'a';b=?1;c=?0"},
      {"a; b=2", "T'a';b=I2"},
      {"a;B=1", "ERR"},
      {"a;=1", "ERR"},
      {"a;b=", "ERR"},
      {"a;b=(1)", "ERR"},
      {"1;a=\"x\", ?0;*k=:AA==:", "I1;a=S'x',?0;*k=B'AA=='"},
  };
  run_list(cases, sizeof(cases) / sizeof(cases[0]));
}

void test_dictionary(void **) {
  const Case cases[] = {
      {"", ""},
      {"a=1, b", "a=I1,b=?1"},
      {"a=(1 2);p, b=?0", "a=(I1 I2);p=?1,b=?0"},
      {"a;x=1", "a=?1;x=I1"},
      {"a=1, a=2", "a=I1,a=I2"},
      {"*k.-_9=tok", "*k.-_9=T'tok'"},
      {"A=1", "ERR"},
      {"1a=1", "ERR"},
      {"a=", "ERR"},
      {"a=1,", "ERR"},
      {"a=1 b=2", "ERR"},
      {"a=1;", "ERR"},
      {"a=%\"x\"", "a=%'x'"},
  };
  for (const Case &c : cases) {
    const std::string got = parse_dict(c.in);
    if (got != c.want) {
      fail_msg("dict [%s]: got [%s], want [%s]", c.in, got.c_str(), c.want);
    }
  }
}

void test_item(void **) {
  const Case cases[] = {
      {"a", "T'a'"},
      {"  a  ", "T'a'"},
      {"(1 2);q", "(I1 I2);q=?1"},
      {"", "ERR"},
      {" ", "ERR"},
      {"a b", "ERR"},
      {"a,", "ERR"},
      {"a\t", "ERR"},
  };
  for (const Case &c : cases) {
    const std::string got = parse_item(c.in);
    if (got != c.want) {
      fail_msg("item [%s]: got [%s], want [%s]", c.in, got.c_str(), c.want);
    }
  }
}

// Members whose parameters and inner lists the caller never reads are still
// validated when the parser moves on.
void test_skipped_parts_are_validated(void **) {
  const char *ok = "a=(1 2;x=?1);y=3, b=4";
  Parser p(reinterpret_cast<const uint8_t *>(ok), strlen(ok));
  Span k;
  Value v;
  assert_int_equal(static_cast<int>(p.dict(&k, &v)), static_cast<int>(Status::kOk));
  assert_int_equal(static_cast<int>(v.type), static_cast<int>(Type::kInnerList));
  assert_int_equal(static_cast<int>(p.dict(&k, &v)), static_cast<int>(Status::kOk));
  assert_string_equal(text(k).c_str(), "b");
  assert_int_equal(v.integer, 4);
  assert_int_equal(static_cast<int>(p.dict(&k, &v)), static_cast<int>(Status::kEnd));

  const char *bad = "a=(1 2;x=?9), b=4";
  Parser q(reinterpret_cast<const uint8_t *>(bad), strlen(bad));
  assert_int_equal(static_cast<int>(q.dict(&k, &v)), static_cast<int>(Status::kOk));
  assert_int_equal(static_cast<int>(q.dict(&k, &v)), static_cast<int>(Status::kError));
  // A broken parser stays broken.
  assert_int_equal(static_cast<int>(q.dict(&k, &v)), static_cast<int>(Status::kError));

  // Mixing shapes is a caller error, reported rather than misparsed.
  Parser r(reinterpret_cast<const uint8_t *>("a"), 1);
  assert_int_equal(static_cast<int>(r.list(&v)), static_cast<int>(Status::kOk));
  assert_int_equal(static_cast<int>(r.dict(&k, &v)), static_cast<int>(Status::kError));
}

// The input is never read past its end, even when the bytes after it would
// continue a valid value.
void test_no_overread(void **) {
  const char *buf = "a=\"abc\"";
  for (size_t n = 0; n <= strlen(buf); ++n) {
    Parser p(reinterpret_cast<const uint8_t *>(buf), n);
    Span k;
    Value v;
    Status s = p.dict(&k, &v);
    if (n == 0) {
      assert_int_equal(static_cast<int>(s), static_cast<int>(Status::kEnd));
    } else if (n == 1 || n == strlen(buf)) {
      assert_int_equal(static_cast<int>(s), static_cast<int>(Status::kOk));
    } else {
      assert_int_equal(static_cast<int>(s), static_cast<int>(Status::kError));
    }
  }
}

}  // namespace

int main() {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_numbers),
      cmocka_unit_test(test_strings_tokens),
      cmocka_unit_test(test_byteseq_boolean_date),
      cmocka_unit_test(test_display_string),
      cmocka_unit_test(test_lists_inner_lists_params),
      cmocka_unit_test(test_dictionary),
      cmocka_unit_test(test_item),
      cmocka_unit_test(test_skipped_parts_are_validated),
      cmocka_unit_test(test_no_overread),
  };
  return cmocka_run_group_tests(tests, nullptr, nullptr);
}

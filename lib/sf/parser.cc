#include "sf/parser.h"

namespace h2pool::sf {
namespace {

constexpr bool is_digit(uint8_t c) { return c >= '0' && c <= '9'; }
constexpr bool is_lcalpha(uint8_t c) { return c >= 'a' && c <= 'z'; }
constexpr bool is_alpha(uint8_t c) {
  return is_lcalpha(c) || (c >= 'A' && c <= 'Z');
}

// RFC 9110 tchar.
constexpr bool is_tchar(uint8_t c) {
  if (is_alpha(c) || is_digit(c)) return true;
  switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*':
    case '+': case '-': case '.': case '^': case '_': case '`': case '|':
    case '~':
      return true;
    default:
      return false;
  }
}

constexpr bool is_key_char(uint8_t c) {
  return is_lcalpha(c) || is_digit(c) || c == '_' || c == '-' || c == '.' ||
         c == '*';
}

constexpr bool is_base64_char(uint8_t c) {
  return is_alpha(c) || is_digit(c) || c == '+' || c == '/';
}

// Lower-case hex only: RFC 9651 display strings forbid upper-case escapes.
constexpr int lower_hex(uint8_t c) {
  if (is_digit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

// Incremental UTF-8 well-formedness (Unicode table 3-7): no overlongs, no
// surrogates, nothing above U+10FFFF.
struct Utf8Check {
  int pending = 0;  // continuation bytes still expected
  uint8_t lo = 0x80, hi = 0xbf;  // range allowed for the next one

  bool feed(uint8_t b) {
    if (pending == 0) {
      lo = 0x80;
      hi = 0xbf;
      if (b < 0x80) return true;
      if (b >= 0xc2 && b <= 0xdf) {
        pending = 1;
      } else if (b >= 0xe0 && b <= 0xef) {
        pending = 2;
        if (b == 0xe0) lo = 0xa0;
        if (b == 0xed) hi = 0x9f;
      } else if (b >= 0xf0 && b <= 0xf4) {
        pending = 3;
        if (b == 0xf0) lo = 0x90;
        if (b == 0xf4) hi = 0x8f;
      } else {
        return false;
      }
      return true;
    }
    if (b < lo || b > hi) return false;
    lo = 0x80;
    hi = 0xbf;
    --pending;
    return true;
  }
};

}  // namespace

void Parser::skip_sp() {
  while (!eof() && *pos_ == ' ') ++pos_;
}

void Parser::skip_ows() {
  while (!eof() && (*pos_ == ' ' || *pos_ == '\t')) ++pos_;
}

bool Parser::key(Span *out) {
  if (eof() || !(is_lcalpha(*pos_) || *pos_ == '*')) return false;
  const uint8_t *start = pos_++;
  while (!eof() && is_key_char(*pos_)) ++pos_;
  if (out) *out = Span{start, static_cast<size_t>(pos_ - start)};
  return true;
}

bool Parser::number(Value *v) {
  bool negative = false;
  if (*pos_ == '-') {
    negative = true;
    ++pos_;
  }
  int64_t acc = 0;
  int int_digits = 0;
  while (!eof() && is_digit(*pos_)) {
    if (++int_digits > 15) return false;
    acc = acc * 10 + (*pos_++ - '0');
  }
  if (int_digits == 0) return false;
  if (eof() || *pos_ != '.') {
    v->type = Type::kInteger;
    v->integer = negative ? -acc : acc;
    return true;
  }
  if (int_digits > 12) return false;
  ++pos_;
  int frac_digits = 0;
  int32_t denom = 1;
  while (!eof() && is_digit(*pos_)) {
    if (++frac_digits > 3) return false;
    acc = acc * 10 + (*pos_++ - '0');
    denom *= 10;
  }
  if (frac_digits == 0) return false;
  v->type = Type::kDecimal;
  v->numer = negative ? -acc : acc;
  v->denom = denom;
  return true;
}

bool Parser::string(Value *v) {
  const uint8_t *start = ++pos_;
  bool escaped = false;
  for (; !eof(); ++pos_) {
    const uint8_t c = *pos_;
    if (c == '"') {
      v->type = Type::kString;
      v->text = Span{start, static_cast<size_t>(pos_ - start)};
      v->escaped = escaped;
      ++pos_;
      return true;
    }
    if (c == '\\') {
      ++pos_;
      if (eof() || (*pos_ != '"' && *pos_ != '\\')) return false;
      escaped = true;
      continue;
    }
    if (c < 0x20 || c > 0x7e) return false;
  }
  return false;
}

bool Parser::token(Value *v) {
  const uint8_t *start = pos_++;
  while (!eof() && (is_tchar(*pos_) || *pos_ == ':' || *pos_ == '/')) ++pos_;
  v->type = Type::kToken;
  v->text = Span{start, static_cast<size_t>(pos_ - start)};
  return true;
}

bool Parser::byteseq(Value *v) {
  const uint8_t *start = ++pos_;
  for (; !eof(); ++pos_) {
    const uint8_t c = *pos_;
    if (is_base64_char(c)) continue;
    const size_t phase = static_cast<size_t>(pos_ - start) % 4;
    if (c == '=') {
      // Padding may only complete a 4-character group that already holds
      // two or three characters; nothing but ':' may follow it.
      if (phase < 2) return false;
      ++pos_;
      if (phase == 2) {
        if (eof()) return false;
        if (*pos_ == '=') ++pos_;
      }
      if (eof() || *pos_ != ':') return false;
    } else if (c != ':' || phase == 1) {
      // A lone character in the last group cannot encode a whole byte.
      return false;
    }
    v->type = Type::kByteSeq;
    v->text = Span{start, static_cast<size_t>(pos_ - start)};
    ++pos_;
    return true;
  }
  return false;
}

bool Parser::boolean(Value *v) {
  ++pos_;
  if (eof() || (*pos_ != '0' && *pos_ != '1')) return false;
  v->type = Type::kBoolean;
  v->boolean = *pos_++ == '1';
  return true;
}

bool Parser::date(Value *v) {
  ++pos_;
  if (eof() || !(is_digit(*pos_) || *pos_ == '-')) return false;
  if (!number(v) || v->type != Type::kInteger) return false;
  v->type = Type::kDate;
  return true;
}

bool Parser::display_string(Value *v) {
  ++pos_;
  if (eof() || *pos_ != '"') return false;
  const uint8_t *start = ++pos_;
  Utf8Check utf8;
  while (!eof()) {
    const uint8_t c = *pos_;
    if (c == '%') {
      if (end_ - pos_ < 3) return false;
      const int h = lower_hex(pos_[1]), l = lower_hex(pos_[2]);
      if (h < 0 || l < 0) return false;
      if (!utf8.feed(static_cast<uint8_t>(h << 4 | l))) return false;
      pos_ += 3;
      // A multi-byte character must be spelled as consecutive escapes.
      if (utf8.pending && (eof() || *pos_ != '%')) return false;
      continue;
    }
    if (c == '"') {
      v->type = Type::kDisplayString;
      v->text = Span{start, static_cast<size_t>(pos_ - start)};
      ++pos_;
      return true;
    }
    if (c < 0x20 || c > 0x7e) return false;
    ++pos_;
  }
  return false;
}

bool Parser::bare_item(Value *v) {
  Value scratch;
  if (!v) v = &scratch;
  *v = Value{};
  if (eof()) return false;
  const uint8_t c = *pos_;
  if (c == '-' || is_digit(c)) return number(v);
  if (c == '*' || is_alpha(c)) return token(v);
  switch (c) {
    case '"':
      return string(v);
    case '@':
      return date(v);
    case ':':
      return byteseq(v);
    case '?':
      return boolean(v);
    case '%':
      return display_string(v);
    default:
      return false;
  }
}

Status Parser::param(Span *k, Value *v) {
  if (broken_) return Status::kError;
  switch (phase_) {
    case Phase::kStart:
      return Status::kError;
    case Phase::kInnerOpen:
      if (finish_inner() != Status::kOk) return reject();
      break;
    case Phase::kMemberParams:
    case Phase::kInnerItemParams:
      break;
  }
  if (eof() || *pos_ != ';') return Status::kEnd;
  ++pos_;
  skip_sp();
  if (!key(k)) return reject();
  if (eof() || *pos_ != '=') {
    if (v) {
      *v = Value{};
      v->type = Type::kBoolean;
      v->boolean = true;
    }
    return Status::kOk;
  }
  ++pos_;
  if (!bare_item(v)) return reject();
  return Status::kOk;
}

Status Parser::skip_params() {
  for (;;) {
    const Status s = param(nullptr, nullptr);
    if (s != Status::kOk) return s == Status::kEnd ? Status::kOk : s;
  }
}

Status Parser::inner_list(Value *v) {
  if (broken_) return Status::kError;
  switch (phase_) {
    case Phase::kStart:
      return Status::kError;
    case Phase::kMemberParams:
      return Status::kEnd;
    case Phase::kInnerOpen:
      skip_sp();
      if (eof()) return reject();
      break;
    case Phase::kInnerItemParams:
      if (skip_params() != Status::kOk) return reject();
      if (eof()) return reject();
      if (*pos_ == ' ') {
        skip_sp();
        if (eof()) return reject();
      } else if (*pos_ != ')') {
        return reject();
      }
      break;
  }
  if (*pos_ == ')') {
    ++pos_;
    phase_ = Phase::kMemberParams;
    return Status::kEnd;
  }
  if (!bare_item(v)) return reject();
  phase_ = Phase::kInnerItemParams;
  return Status::kOk;
}

Status Parser::finish_inner() {
  for (;;) {
    const Status s = inner_list(nullptr);
    if (s != Status::kOk) return s == Status::kEnd ? Status::kOk : s;
  }
}

Status Parser::finish_member() {
  if (phase_ == Phase::kInnerOpen || phase_ == Phase::kInnerItemParams) {
    if (finish_inner() != Status::kOk) return Status::kError;
  }
  if (phase_ == Phase::kMemberParams) return skip_params();
  return Status::kOk;
}

Status Parser::next_member(Shape shape) {
  if (broken_) return Status::kError;
  if (shape_ == Shape::kUnknown) shape_ = shape;
  if (shape_ != shape) return reject();
  if (phase_ == Phase::kStart) {
    skip_sp();
    return eof() ? Status::kEnd : Status::kOk;
  }
  if (finish_member() != Status::kOk) return reject();
  skip_ows();
  if (eof()) return Status::kEnd;
  if (*pos_ != ',') return reject();
  ++pos_;
  skip_ows();
  // A trailing comma is not allowed.
  if (eof()) return reject();
  return Status::kOk;
}

Status Parser::member_value(Value *v) {
  if (!eof() && *pos_ == '(') {
    ++pos_;
    if (v) {
      *v = Value{};
      v->type = Type::kInnerList;
    }
    phase_ = Phase::kInnerOpen;
    return Status::kOk;
  }
  if (!bare_item(v)) return reject();
  phase_ = Phase::kMemberParams;
  return Status::kOk;
}

Status Parser::dict(Span *k, Value *v) {
  const Status s = next_member(Shape::kDict);
  if (s != Status::kOk) return s;
  if (!key(k)) return reject();
  if (eof() || *pos_ != '=') {
    if (v) {
      *v = Value{};
      v->type = Type::kBoolean;
      v->boolean = true;
    }
    phase_ = Phase::kMemberParams;
    return Status::kOk;
  }
  ++pos_;
  return member_value(v);
}

Status Parser::list(Value *v) {
  const Status s = next_member(Shape::kList);
  if (s != Status::kOk) return s;
  return member_value(v);
}

Status Parser::item(Value *v) {
  if (broken_) return Status::kError;
  if (shape_ == Shape::kUnknown) shape_ = Shape::kItem;
  if (shape_ != Shape::kItem) return reject();
  if (phase_ == Phase::kStart) {
    skip_sp();
    if (eof()) return reject();
    return member_value(v);
  }
  if (finish_member() != Status::kOk) return reject();
  skip_sp();
  return eof() ? Status::kEnd : reject();
}

}  // namespace h2pool::sf

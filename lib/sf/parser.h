// Structured Field Values (RFC 8941, with the RFC 9651 additions Date and
// Display String), read as a pull parser straight from the field bytes.
// Nothing is copied or allocated: strings, tokens, byte sequences and
// display strings come back as spans of the input in their wire form.
//
// A field is read with one of dict(), list() or item(), called repeatedly;
// each call first skips (and validates) whatever the caller left unread of
// the previous member, so a caller that ignores parameters or inner lists
// still gets a full syntax check of the whole value by reading to kEnd.
#pragma once

#include <cstddef>
#include <cstdint>

namespace h2pool::sf {

enum class Type : uint8_t {
  kBoolean,
  kInteger,
  kDecimal,
  kString,
  kToken,
  kByteSeq,
  kInnerList,  // members follow through inner_list()
  kDate,
  kDisplayString,
};

struct Span {
  const uint8_t *data = nullptr;
  size_t len = 0;
};

struct Value {
  Type type = Type::kBoolean;
  bool boolean = false;
  // kInteger and kDate.
  int64_t integer = 0;
  // kDecimal: numer / denom, denom one of 10, 100, 1000.
  int64_t numer = 0;
  int32_t denom = 1;
  // kString (between the quotes, escapes kept; escaped says whether any
  // backslash occurs), kToken, kByteSeq (base64 text between the colons),
  // kDisplayString (between the quotes, %xx kept).
  Span text;
  bool escaped = false;
};

enum class Status : uint8_t {
  kOk,     // a member / item / parameter was produced
  kEnd,    // nothing more at this level
  kError,  // malformed input; the parser must not be used further
};

class Parser {
 public:
  Parser(const uint8_t *data, size_t len) : pos_(data), end_(data + len) {}

  // Next dictionary member. A member without "=value" is Boolean true.
  Status dict(Span *key, Value *value);
  // Next list member.
  Status list(Value *value);
  // The single item of an Item field on the first call; later calls return
  // kEnd when only spaces are left, kError otherwise.
  Status item(Value *value);
  // Next parameter of the member / inner-list item just read.
  Status param(Span *key, Value *value);
  // Next item of the inner list just returned (type kInnerList).
  Status inner_list(Value *value);

 private:
  enum class Shape : uint8_t { kUnknown, kDict, kList, kItem };
  enum class Phase : uint8_t {
    kStart,            // nothing read yet
    kMemberParams,     // a top-level member was read; its parameters follow
    kInnerOpen,        // inside an inner list, before an item or ')'
    kInnerItemParams,  // inside an inner list, after an item
  };

  bool eof() const { return pos_ == end_; }
  void skip_sp();
  void skip_ows();
  Status reject() {
    phase_ = Phase::kStart;
    broken_ = true;
    return Status::kError;
  }

  Status finish_member();   // skips unread inner-list items and parameters
  Status finish_inner();    // skips the rest of an open inner list
  Status skip_params();
  Status next_member(Shape shape);
  Status member_value(Value *value);

  bool key(Span *out);
  bool bare_item(Value *v);
  bool number(Value *v);
  bool string(Value *v);
  bool token(Value *v);
  bool byteseq(Value *v);
  bool boolean(Value *v);
  bool date(Value *v);
  bool display_string(Value *v);

  const uint8_t *pos_;
  const uint8_t *end_;
  Shape shape_ = Shape::kUnknown;
  Phase phase_ = Phase::kStart;
  bool broken_ = false;
};

}  // namespace h2pool::sf

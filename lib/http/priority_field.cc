#include "http/message_checks.h"
#include "sf/parser.h"

namespace h2pool::http {

int parse_priority(nghttp2_extpri *dest, const uint8_t *value, size_t len) {
  nghttp2_extpri result = *dest;
  sf::Parser parser(value, len);
  sf::Span key;
  sf::Value v;
  for (;;) {
    const sf::Status s = parser.dict(&key, &v);
    if (s == sf::Status::kEnd) break;
    if (s == sf::Status::kError) return NGHTTP2_ERR_INVALID_ARGUMENT;
    // RFC 9218 defines only one-letter keys; anything else is an extension
    // parameter this implementation does not know and must ignore.
    if (key.len != 1) continue;
    if (key.data[0] == 'u') {
      if (v.type != sf::Type::kInteger ||
          v.integer < NGHTTP2_EXTPRI_URGENCY_HIGH ||
          v.integer > NGHTTP2_EXTPRI_URGENCY_LOW) {
        return NGHTTP2_ERR_INVALID_ARGUMENT;
      }
      result.urgency = static_cast<uint32_t>(v.integer);
    } else if (key.data[0] == 'i') {
      if (v.type != sf::Type::kBoolean) return NGHTTP2_ERR_INVALID_ARGUMENT;
      result.inc = v.boolean ? 1 : 0;
    }
  }
  *dest = result;
  return 0;
}

}  // namespace h2pool::http

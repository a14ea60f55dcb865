// Thin RAII wrappers that drive one library's HPACK deflater/inflater through
// its Api table, and record results in comparable form.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "api.h"

namespace h2diff::hpack {

struct Field {
  std::string name, value;
  uint8_t flags = 0;
  bool operator==(const Field &) const = default;
  std::string text() const;
};

struct Decoded {
  long rv = 0;     // 0, or the first negative return value
  bool final = false; // FINAL was reported
  std::vector<Field> fields;
  bool operator==(const Decoded &) const = default;
  std::string text() const;
};

// Which of the three inflate entry points to call; all must behave alike.
enum class InflateCall { hd, hd2, hd3 };
enum class DeflateCall { hd, hd2, hd_vec, hd_vec2 };

class Inflater {
public:
  explicit Inflater(const Api &api);
  ~Inflater();
  Inflater(const Inflater &) = delete;
  Inflater &operator=(const Inflater &) = delete;

  bool ok() const { return raw_ != nullptr; }
  nghttp2_hd_inflater *raw() const { return raw_; }

  // Decodes one whole header block, giving it to the library in chunks of
  // `chunk` bytes (0: all at once); only the last chunk is marked final.
  // Calls end_headers once FINAL is seen.
  Decoded decode(const uint8_t *in, size_t len, size_t chunk, InflateCall call);
  Decoded decode(const std::vector<uint8_t> &in, size_t chunk,
                 InflateCall call) {
    return decode(in.data(), in.size(), chunk, call);
  }
  // Feeds one piece without end_headers bookkeeping; appends to *out.
  void feed(const uint8_t *in, size_t len, bool final, InflateCall call,
            Decoded *out);

  // Every entry get_table_entry returns for 1..num_table_entries, plus a
  // marker when the index just past the end is not NULL.
  std::vector<Field> table() const;
  size_t dynamic_size() const;
  size_t max_dynamic_size() const;
  size_t num_entries() const;

private:
  const Api &api_;
  nghttp2_hd_inflater *raw_ = nullptr;
};

class Deflater {
public:
  Deflater(const Api &api, size_t max_table);
  ~Deflater();
  Deflater(const Deflater &) = delete;
  Deflater &operator=(const Deflater &) = delete;

  bool ok() const { return raw_ != nullptr; }
  nghttp2_hd_deflater *raw() const { return raw_; }

  // Encodes into a buffer of `buflen` bytes (0: deflate_bound); returns the
  // library's return value and sets *out to the bytes written.
  long deflate(const std::vector<Field> &fields, DeflateCall call,
               std::vector<uint8_t> *out, size_t buflen = 0);
  size_t bound(const std::vector<Field> &fields) const;
  std::vector<Field> table() const;

private:
  const Api &api_;
  nghttp2_hd_deflater *raw_ = nullptr;
};

// nghttp2_nv views of `fields` (pointers into the Field strings).
std::vector<nghttp2_nv> to_nv(const std::vector<Field> &fields);
Field from_nv(const nghttp2_nv &nv);

} // namespace h2diff::hpack

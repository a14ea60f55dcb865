// Turns the bytes a session emitted into per-stream frame records. Header
// blocks are decoded with the reference library's inflater so two encoders
// that choose different HPACK representations still produce equal records.
#pragma once

#include "sdiff_api.h"
#include "trace.h"

#include <deque>
#include <string>

namespace sdiff {

class WireParser {
public:
  // `expect_magic`: client sessions start with the 24-byte connection preface.
  WireParser(const Api *ref, bool expect_magic, Trace *trace);
  ~WireParser();
  WireParser(const WireParser &) = delete;
  WireParser &operator=(const WireParser &) = delete;

  void feed(const uint8_t *p, size_t n);
  // Flushes DATA runs and notes bytes that never formed a whole frame.
  void finish();
  // Header-table sizes the peer (the script) advertised; applied to the
  // decoder when the library acknowledges the SETTINGS carrying them.
  void expect_table_size(uint32_t size) { pending_table_sizes_.push_back(size); }

private:
  struct DataRun {
    bool open = false;
    std::string bytes;
    size_t frames = 0;
    size_t padding = 0;
    bool end_stream = false;
  };

  void frame(uint8_t type, uint8_t flags, int32_t sid, bool reserved,
             const uint8_t *p, size_t n);
  void flush_data(int32_t sid);
  void add(int32_t sid, std::string rec);
  std::string decode_block();

  const Api *ref_;
  Trace *trace_;
  nghttp2_hd_inflater *inflater_ = nullptr;
  bool magic_pending_;
  std::string buf_;
  std::map<int32_t, DataRun> runs_;
  std::deque<uint32_t> pending_table_sizes_;
  // Header block being assembled across CONTINUATION frames.
  bool in_block_ = false;
  int32_t block_sid_ = 0;
  std::string block_head_;
  std::string block_;
};

const char *frame_type_name(uint8_t type);

} // namespace sdiff

// A frame waiting to be sent. Items come from a per-session free list and
// keep their payload storage (header-field copies, SETTINGS entries, GOAWAY
// debug data, extension strings) when recycled, so steady-state traffic
// does not reach the allocator.
#pragma once

#include <cstddef>
#include <cstdint>

#include <nghttp2/nghttp2.h>

#include "pool/byte_buf.h"

namespace h2pool {

// The two public data-provider flavours share layout; only the return
// type of the read callback differs (ssize_t vs nghttp2_ssize, both long).
struct DataSource {
  nghttp2_data_source source{};
  nghttp2_data_source_read_callback read_v1 = nullptr;
  nghttp2_data_source_read_callback2 read_v2 = nullptr;
  bool present() const { return read_v1 || read_v2; }
};

enum GoawayAux : uint8_t {
  kGoawayAuxNone = 0,
  kGoawayAuxTermOnSend = 0x1,
  kGoawayAuxShutdownNotice = 0x2,
};

struct OutboundItem {
  nghttp2_frame frame{};

  // DATA: where the payload comes from. HEADERS: the body to submit once
  // the HEADERS frame is out (an item is never both).
  DataSource data;
  // HEADERS / PUSH_PROMISE
  void *stream_user_data = nullptr;
  uint32_t cancel_error_code = 0;
  bool canceled = false;

  // DATA: scheduler state of the owning stream while it is in the heap
  // (RFC 9218 virtual finish time and heap slot).
  uint64_t cycle = 0;
  uint32_t heap_index = 0;
  uint8_t data_flags = 0;  // END_STREAM requested by the submitter
  bool eof = false;
  bool no_copy = false;

  bool rst_continue_without_stream = false;
  uint8_t goaway_aux = kGoawayAuxNone;
  // Built-in extension (ALTSVC, ORIGIN, PRIORITY_UPDATE): frame.ext.payload
  // points to the payload struct at the start of |storage|.
  bool ext_builtin = false;
  // In an outbound queue.
  bool queued = false;

  OutboundItem *qnext = nullptr;

  // Owned payload storage; survives recycling.
  ByteBuf storage;

  // Clears everything except |storage|.
  void reset() {
    ByteBuf keep = storage;
    *this = OutboundItem{};
    storage = keep;
  }
};

// Intrusive FIFO of items.
struct OutboundQueue {
  OutboundItem *head = nullptr;
  OutboundItem *tail = nullptr;
  size_t n = 0;

  void push(OutboundItem *item) {
    item->qnext = nullptr;
    if (tail) tail->qnext = item;
    else head = item;
    tail = item;
    ++n;
  }
  OutboundItem *top() const { return head; }
  void pop() {
    if (!head) return;
    OutboundItem *it = head;
    head = it->qnext;
    if (!head) tail = nullptr;
    it->qnext = nullptr;
    --n;
  }
  size_t size() const { return n; }
};

}  // namespace h2pool

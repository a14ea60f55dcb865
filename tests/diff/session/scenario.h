// A scripted conversation: how the session is configured, how the
// application behind it answers callbacks, and what the script does to it.
#pragma once

#include "frame_builder.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace sdiff {

struct Options {
  bool no_auto_window_update = false;
  int64_t peer_max_concurrent_streams = -1;
  bool no_recv_client_magic = false;
  bool no_http_messaging = false;
  bool no_auto_ping_ack = false;
  int64_t max_settings = -1;
  int64_t max_continuations = -1;
  int64_t max_reserved_remote_streams = -1;
  std::vector<uint8_t> builtin_ext;
  std::vector<uint8_t> user_ext;
};

struct Response {
  Nv nv;
  int64_t body = 0;    // -1: no data provider; otherwise pattern bytes
  std::string content; // used instead of the pattern when not empty
  Nv trailer;
};

// The application's side of the callbacks. "nth" counters are 1-based over
// that callback's invocations in the whole run; 0 disables.
struct Behaviour {
  // Server: answer every request once it is complete.
  bool auto_respond = false;
  Nv response = {{":status", "200"}, {"server", "sdiff"}};
  int64_t response_body = 0;   // -1: no data provider (END_STREAM on HEADERS)
  Nv response_trailer;          // sent after the body when not empty
  std::map<int32_t, Response> responses; // per-stream override (replays)
  bool body_no_copy = false;    // read callback asks for send_data
  int defer_read_nth = 0;       // read callback returns DEFERRED once
  int temporal_read_nth = 0;    // read callback: TEMPORAL_CALLBACK_FAILURE
  int fail_read_nth = 0;        // read callback: CALLBACK_FAILURE
  int pause_read_nth = 0;       // read callback: PAUSE
  int pause_header_nth = 0;     // on_header returns PAUSE
  int temporal_header_nth = 0;  // on_header: TEMPORAL_CALLBACK_FAILURE
  int temporal_begin_headers_nth = 0;
  int pause_data_nth = 0;       // on_data_chunk_recv returns PAUSE
  int fail_data_nth = 0;        // on_data_chunk_recv: CALLBACK_FAILURE
  int fail_frame_recv_nth = 0;  // on_frame_recv: CALLBACK_FAILURE
  int fail_frame_send_nth = 0;  // on_frame_send: CALLBACK_FAILURE
  int cancel_type = -1;         // before_frame_send: CANCEL this frame type
  int cancel_nth = 0;           // ... only its nth occurrence (0: all)
  int fail_stream_close_nth = 0;
  int temporal_invalid_header_nth = 0;
  bool header_v1 = false;       // install on_header_callback instead of 2
  bool no_invalid_header_cb = false;
  size_t padding = 0;           // select_padding adds this much, clamped
  size_t read_length_cap = 0;   // data_source_read_length returns <= cap
  bool consume_on_chunk = false; // with no_auto_window_update
};

struct Step {
  enum Kind {
    Feed,          // bytes from the peer
    Send,          // drain mem_send
    SubmitSettings,
    SubmitRequest, // nv, n = body length (-1: none) or bytes = body
    SubmitResponse,
    SubmitHeaders, // flags, sid, nv
    SubmitData,    // flags, sid, body
    SubmitTrailer,
    SubmitRst,
    SubmitGoaway,  // flags, sid (last), code, bytes (opaque)
    SubmitShutdownNotice,
    SubmitPing,    // bytes (8 opaque)
    SubmitWindowUpdate,
    SubmitPushPromise, // sid, nv
    Terminate,     // code
    Terminate2,    // sid (last), code
    ResumeData,
    Consume,       // sid, n
    ConsumeConnection,
    SetLocalWindowSize, // sid, n
    Probe,         // record per-stream state of `sid`
    SetNextStreamId, // sid
  };
  Kind kind;
  std::string bytes;
  std::vector<std::pair<int32_t, uint32_t>> iv;
  Nv nv;
  int32_t sid = 0;
  uint32_t code = 0;
  uint8_t flags = 0;
  int64_t n = -1;
  std::vector<uint32_t> peer_table_sizes; // HEADER_TABLE_SIZE values in Feed
};

struct Scenario {
  std::string name;
  bool server = false;
  Options opt;
  Behaviour beh;
  std::vector<Step> steps;
  // deviations.txt keys whose listed behaviour change decides this
  // scenario's outcome (see tolerance.h).
  std::vector<std::string> deviations;
};

// Builds the catalogue; header blocks are encoded with `ref`'s deflater.
std::vector<Scenario> build_scenarios(const Api *ref);

} // namespace sdiff

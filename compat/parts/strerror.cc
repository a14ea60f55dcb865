// Error texts: applications print them and some match on them, so each
// string is kept byte-for-byte as the reference library has it.
#include <nghttp2/nghttp2.h>

extern "C" {

NGHTTP2_EXTERN const char *nghttp2_strerror(int error_code) {
  switch (error_code) {
    case 0: return "Success";
    case NGHTTP2_ERR_INVALID_ARGUMENT: return "Invalid argument";
    case NGHTTP2_ERR_BUFFER_ERROR: return "Out of buffer space";
    case NGHTTP2_ERR_UNSUPPORTED_VERSION: return "Unsupported SPDY version";
    case NGHTTP2_ERR_WOULDBLOCK: return "Operation would block";
    case NGHTTP2_ERR_PROTO: return "Protocol error";
    case NGHTTP2_ERR_INVALID_FRAME: return "Invalid frame octets";
    case NGHTTP2_ERR_EOF: return "EOF";
    case NGHTTP2_ERR_DEFERRED: return "Data transfer deferred";
    case NGHTTP2_ERR_STREAM_ID_NOT_AVAILABLE:
      return "No more Stream ID available";
    case NGHTTP2_ERR_STREAM_CLOSED:
      return "Stream was already closed or invalid";
    case NGHTTP2_ERR_STREAM_CLOSING: return "Stream is closing";
    case NGHTTP2_ERR_STREAM_SHUT_WR:
      return "The transmission is not allowed for this stream";
    case NGHTTP2_ERR_INVALID_STREAM_ID: return "Stream ID is invalid";
    case NGHTTP2_ERR_INVALID_STREAM_STATE: return "Invalid stream state";
    case NGHTTP2_ERR_DEFERRED_DATA_EXIST:
      return "Another DATA frame has already been deferred";
    case NGHTTP2_ERR_START_STREAM_NOT_ALLOWED:
      return "request HEADERS is not allowed";
    case NGHTTP2_ERR_GOAWAY_ALREADY_SENT:
      return "GOAWAY has already been sent";
    case NGHTTP2_ERR_INVALID_HEADER_BLOCK: return "Invalid header block";
    case NGHTTP2_ERR_INVALID_STATE: return "Invalid state";
    case NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE:
      return "The user callback function failed due to the temporal error";
    case NGHTTP2_ERR_FRAME_SIZE_ERROR:
      return "The length of the frame is invalid";
    case NGHTTP2_ERR_HEADER_COMP:
      return "Header compression/decompression error";
    case NGHTTP2_ERR_FLOW_CONTROL: return "Flow control error";
    case NGHTTP2_ERR_INSUFF_BUFSIZE:
      return "Insufficient buffer size given to function";
    case NGHTTP2_ERR_PAUSE: return "Callback was paused by the application";
    case NGHTTP2_ERR_TOO_MANY_INFLIGHT_SETTINGS:
      return "Too many inflight SETTINGS";
    case NGHTTP2_ERR_PUSH_DISABLED: return "Server push is disabled by peer";
    case NGHTTP2_ERR_DATA_EXIST:
      return "DATA or HEADERS frame has already been submitted for the "
             "stream";
    case NGHTTP2_ERR_SESSION_CLOSING: return "The current session is closing";
    case NGHTTP2_ERR_HTTP_HEADER:
      return "Invalid HTTP header field was received";
    case NGHTTP2_ERR_HTTP_MESSAGING: return "Violation in HTTP messaging rule";
    case NGHTTP2_ERR_REFUSED_STREAM: return "Stream was refused";
    case NGHTTP2_ERR_INTERNAL: return "Internal error";
    case NGHTTP2_ERR_CANCEL: return "Cancel";
    case NGHTTP2_ERR_SETTINGS_EXPECTED:
      return "When a local endpoint expects to receive SETTINGS frame, it "
             "receives an other type of frame";
    case NGHTTP2_ERR_TOO_MANY_SETTINGS:
      return "SETTINGS frame contained more than the maximum allowed entries";
    case NGHTTP2_ERR_NOMEM: return "Out of memory";
    case NGHTTP2_ERR_CALLBACK_FAILURE:
      return "The user callback function failed";
    case NGHTTP2_ERR_BAD_CLIENT_MAGIC:
      return "Received bad client magic byte string";
    case NGHTTP2_ERR_FLOODED:
      return "Flooding was detected in this HTTP/2 session, and it must be "
             "closed";
    case NGHTTP2_ERR_TOO_MANY_CONTINUATIONS:
      return "Too many CONTINUATION frames following a HEADER frame";
    default: return "Unknown error code";
  }
}

NGHTTP2_EXTERN const char *nghttp2_http2_strerror(uint32_t error_code) {
  switch (error_code) {
    case NGHTTP2_NO_ERROR: return "NO_ERROR";
    case NGHTTP2_PROTOCOL_ERROR: return "PROTOCOL_ERROR";
    case NGHTTP2_INTERNAL_ERROR: return "INTERNAL_ERROR";
    case NGHTTP2_FLOW_CONTROL_ERROR: return "FLOW_CONTROL_ERROR";
    case NGHTTP2_SETTINGS_TIMEOUT: return "SETTINGS_TIMEOUT";
    case NGHTTP2_STREAM_CLOSED: return "STREAM_CLOSED";
    case NGHTTP2_FRAME_SIZE_ERROR: return "FRAME_SIZE_ERROR";
    case NGHTTP2_REFUSED_STREAM: return "REFUSED_STREAM";
    case NGHTTP2_CANCEL: return "CANCEL";
    case NGHTTP2_COMPRESSION_ERROR: return "COMPRESSION_ERROR";
    case NGHTTP2_CONNECT_ERROR: return "CONNECT_ERROR";
    case NGHTTP2_ENHANCE_YOUR_CALM: return "ENHANCE_YOUR_CALM";
    case NGHTTP2_INADEQUATE_SECURITY: return "INADEQUATE_SECURITY";
    case NGHTTP2_HTTP_1_1_REQUIRED: return "HTTP_1_1_REQUIRED";
    default: return "unknown";
  }
}

// NGHTTP2_ERR_FATAL (-900) itself is only the boundary, not a fatal code.
NGHTTP2_EXTERN int nghttp2_is_fatal(int lib_error_code) {
  return lib_error_code < NGHTTP2_ERR_FATAL;
}

}  // extern "C"

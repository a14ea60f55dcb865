// Version reporting and the debug-trace hook.
#include <nghttp2/nghttp2.h>

namespace {

// One static object: callers compare and cache the pointer.
nghttp2_info g_info = {NGHTTP2_VERSION_AGE, NGHTTP2_VERSION_NUM,
                       NGHTTP2_VERSION, NGHTTP2_PROTO_VERSION_ID};

}  // namespace

extern "C" {

NGHTTP2_EXTERN nghttp2_info *nghttp2_version(int least_version) {
  return least_version > NGHTTP2_VERSION_NUM ? nullptr : &g_info;
}

// Release builds of the reference library accept the callback and never
// call it; the engine has no trace points either, so the callback is
// accepted and deliberately not kept: nothing could ever invoke it, and
// not storing it means no global state is shared between threads.
NGHTTP2_EXTERN void nghttp2_set_debug_vprintf_callback(
    nghttp2_debug_vprintf_callback debug_vprintf_callback) {
  (void)debug_vprintf_callback;
}

}  // extern "C"

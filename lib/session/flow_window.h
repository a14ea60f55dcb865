// Arithmetic of the local (receive) window, shared by connection and
// stream windows. Three numbers describe a window: the size we granted
// (local), the bytes received but not yet returned by WINDOW_UPDATE (recv),
// and how much of a shrink is still owed to the peer (reduction), because a
// window can be made smaller without telling the peer.
#pragma once

#include <cstdint>

#include <nghttp2/nghttp2.h>

namespace h2pool::flow {

// Half the window used: time to give it back.
inline bool should_send_window_update(int32_t local, int32_t recv) {
  return recv > 0 && recv >= local / 2;
}

// Applies a window change of *delta requested by the application
// (WINDOW_UPDATE submission or a smaller set_local_window_size). On return
// *delta is what must actually be announced to the peer (0 for a shrink).
inline int adjust_local_window(int32_t *local, int32_t *recv,
                               int32_t *reduction, int32_t *delta) {
  if (*delta > 0) {
    const int32_t left = (*recv > 0 ? *recv : 0) - *delta;
    if (left >= 0) {
      *recv = left;
      return 0;
    }
    const int32_t grow = -left;
    if (*local > NGHTTP2_MAX_WINDOW_SIZE - grow) return NGHTTP2_ERR_FLOW_CONTROL;
    *local += grow;
    const int32_t repaid = *reduction < grow ? *reduction : grow;
    *reduction -= repaid;
    // Bytes already received are returned by this very WINDOW_UPDATE, so
    // what remains outstanding is the repaid reduction.
    if (*recv < 0) *recv += repaid;
    else *recv = repaid;
    *delta -= repaid;
    return 0;
  }
  if (*local + *delta < 0 || *recv < INT32_MIN - *delta ||
      *reduction > INT32_MAX + *delta)
    return NGHTTP2_ERR_FLOW_CONTROL;
  // Shrinking is silent: the peer keeps its view and we simply withhold
  // -delta bytes of future WINDOW_UPDATEs.
  *local += *delta;
  *recv += *delta;
  *reduction -= *delta;
  *delta = 0;
  return 0;
}

// Grows the window to a larger absolute size (set_local_window_size).
inline int increase_local_window(int32_t *local, int32_t *recv,
                                 int32_t *reduction, int32_t *delta) {
  const int32_t d = *delta;
  if (*local > NGHTTP2_MAX_WINDOW_SIZE - d) return NGHTTP2_ERR_FLOW_CONTROL;
  *local += d;
  const int32_t repaid = *reduction < d ? *reduction : d;
  *reduction -= repaid;
  *recv += repaid;
  *delta -= repaid;
  return 0;
}

}  // namespace h2pool::flow

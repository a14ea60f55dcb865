// Receive-side flow control: window accounting for received DATA, the
// automatic WINDOW_UPDATE policy (send once half the window is used), and
// the manual mode driven by nghttp2_session_consume*.
#include "session/flow_window.h"
#include "session/session.h"

namespace h2pool {

namespace {

// Accounts |delta| received bytes; false when the peer overran the window.
bool adjust_recv_window(int32_t *recv_window, size_t delta,
                        int32_t local_window) {
  const int32_t d = static_cast<int32_t>(delta);
  if (*recv_window > local_window - d ||
      *recv_window > NGHTTP2_MAX_WINDOW_SIZE - d)
    return false;
  *recv_window += d;
  return true;
}

}  // namespace

int Session::update_recv_stream_window_size(Stream *s, size_t delta,
                                            bool send_window_update) {
  if (!adjust_recv_window(&s->recv_window_size, delta, s->local_window_size))
    return terminate(last_proc_stream_id_, NGHTTP2_FLOW_CONTROL_ERROR,
                     nullptr);
  // No WINDOW_UPDATE for the last chunk of a stream the peer is ending.
  if (send_window_update && !no_auto_window_update_ &&
      !s->window_update_queued &&
      flow::should_send_window_update(s->local_window_size,
                                      s->recv_window_size)) {
    const int rv =
        add_window_update(0, s->stream_id, s->recv_window_size);
    if (rv != 0) return rv;
    s->recv_window_size = 0;
  }
  return 0;
}

int Session::update_recv_connection_window_size(size_t delta) {
  if (!adjust_recv_window(&recv_window_size_, delta, local_window_size_))
    return terminate(last_proc_stream_id_, NGHTTP2_FLOW_CONTROL_ERROR,
                     nullptr);
  if (!no_auto_window_update_ && !window_update_queued_ &&
      flow::should_send_window_update(local_window_size_, recv_window_size_)) {
    const int rv = add_window_update(0, 0, recv_window_size_);
    if (rv != 0) return rv;
    recv_window_size_ = 0;
  }
  return 0;
}

int Session::update_consumed_size(int32_t *consumed, int32_t *recv_window,
                                  bool window_update_queued,
                                  int32_t stream_id, size_t delta,
                                  int32_t local_window) {
  if (static_cast<size_t>(*consumed) > NGHTTP2_MAX_WINDOW_SIZE - delta)
    return terminate(last_proc_stream_id_, NGHTTP2_FLOW_CONTROL_ERROR,
                     nullptr);
  *consumed += static_cast<int32_t>(delta);
  if (!window_update_queued) {
    // recv_window may be below consumed after a negative window update.
    const int32_t recv_size =
        *consumed < *recv_window ? *consumed : *recv_window;
    if (flow::should_send_window_update(local_window, recv_size)) {
      const int rv = add_window_update(0, stream_id, recv_size);
      if (rv != 0) return rv;
      *recv_window -= recv_size;
      *consumed -= recv_size;
    }
  }
  return 0;
}

int Session::update_stream_consumed_size(Stream *s, size_t delta) {
  return update_consumed_size(&s->consumed_size, &s->recv_window_size,
                              s->window_update_queued, s->stream_id, delta,
                              s->local_window_size);
}

int Session::update_connection_consumed_size(size_t delta) {
  return update_consumed_size(&consumed_size_, &recv_window_size_,
                              window_update_queued_, 0, delta,
                              local_window_size_);
}

int Session::consume(int32_t stream_id, size_t size) {
  if (stream_id == 0) return NGHTTP2_ERR_INVALID_ARGUMENT;
  if (!no_auto_window_update_) return NGHTTP2_ERR_INVALID_STATE;
  int rv = update_connection_consumed_size(size);
  if (is_fatal(rv)) return rv;
  Stream *s = get_stream(stream_id);
  if (!s) return 0;
  rv = update_stream_consumed_size(s, size);
  if (is_fatal(rv)) return rv;
  return 0;
}

int Session::consume_connection(size_t size) {
  if (!no_auto_window_update_) return NGHTTP2_ERR_INVALID_STATE;
  const int rv = update_connection_consumed_size(size);
  if (is_fatal(rv)) return rv;
  return 0;
}

int Session::consume_stream(int32_t stream_id, size_t size) {
  if (stream_id == 0) return NGHTTP2_ERR_INVALID_ARGUMENT;
  if (!no_auto_window_update_) return NGHTTP2_ERR_INVALID_STATE;
  Stream *s = get_stream(stream_id);
  if (!s) return 0;
  const int rv = update_stream_consumed_size(s, size);
  if (is_fatal(rv)) return rv;
  return 0;
}

int Session::submit_window_update(int32_t stream_id, int32_t increment) {
  if (increment == 0) return 0;
  Stream *s = nullptr;
  int rv;
  if (stream_id == 0) {
    rv = flow::adjust_local_window(&local_window_size_, &recv_window_size_,
                                   &recv_reduction_, &increment);
    if (rv != 0) return rv;
  } else {
    s = get_stream(stream_id);
    if (!s) return 0;
    rv = flow::adjust_local_window(&s->local_window_size, &s->recv_window_size,
                                   &s->recv_reduction, &increment);
    if (rv != 0) return rv;
  }
  if (increment > 0) {
    int32_t &consumed = s ? s->consumed_size : consumed_size_;
    consumed = consumed - increment > 0 ? consumed - increment : 0;
    return add_window_update(0, stream_id, increment);
  }
  return 0;
}

int Session::set_local_window_size(int32_t stream_id, int32_t window_size) {
  if (window_size < 0) return NGHTTP2_ERR_INVALID_ARGUMENT;
  int32_t *local, *recv, *reduction;
  Stream *s = nullptr;
  if (stream_id == 0) {
    local = &local_window_size_;
    recv = &recv_window_size_;
    reduction = &recv_reduction_;
  } else {
    s = get_stream(stream_id);
    if (!s) return 0;
    local = &s->local_window_size;
    recv = &s->recv_window_size;
    reduction = &s->recv_reduction;
  }
  int32_t incr = window_size - *local;
  if (incr == 0) return 0;
  if (incr < 0) return flow::adjust_local_window(local, recv, reduction, &incr);
  const int rv = flow::increase_local_window(local, recv, reduction, &incr);
  if (rv != 0) return rv;
  if (incr > 0) return add_window_update(0, stream_id, incr);
  return s ? update_recv_stream_window_size(s, 0, true)
           : update_recv_connection_window_size(0);
}

}  // namespace h2pool

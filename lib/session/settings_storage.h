// One endpoint's SETTINGS values. Defaults are RFC 9113's initial values,
// except that "unlimited" is 0xFFFFFFFF and NO_RFC7540_PRIORITIES starts at
// 0xFFFFFFFF meaning "not announced yet", as upstream reports them.
#pragma once

#include <cstdint>

#include <nghttp2/nghttp2.h>

namespace h2pool {

struct SettingsStorage {
  uint32_t header_table_size = 4096;
  uint32_t enable_push = 1;
  uint32_t max_concurrent_streams = 0xffffffffu;
  uint32_t initial_window_size = 65535;
  uint32_t max_frame_size = 16384;
  uint32_t max_header_list_size = 0xffffffffu;
  uint32_t enable_connect_protocol = 0;
  uint32_t no_rfc7540_priorities = 0xffffffffu;

  // nullptr for identifiers outside the table.
  uint32_t *slot(int32_t id) {
    switch (id) {
      case NGHTTP2_SETTINGS_HEADER_TABLE_SIZE: return &header_table_size;
      case NGHTTP2_SETTINGS_ENABLE_PUSH: return &enable_push;
      case NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS: return &max_concurrent_streams;
      case NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE: return &initial_window_size;
      case NGHTTP2_SETTINGS_MAX_FRAME_SIZE: return &max_frame_size;
      case NGHTTP2_SETTINGS_MAX_HEADER_LIST_SIZE: return &max_header_list_size;
      case NGHTTP2_SETTINGS_ENABLE_CONNECT_PROTOCOL: return &enable_connect_protocol;
      case NGHTTP2_SETTINGS_NO_RFC7540_PRIORITIES: return &no_rfc7540_priorities;
      default: return nullptr;
    }
  }
};

}  // namespace h2pool

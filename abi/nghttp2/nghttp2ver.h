/* h2pool: version of the nghttp2 API this library implements.
 * SPDX-License-Identifier: MIT */
#ifndef NGHTTP2VER_H
#define NGHTTP2VER_H

/* API level: upstream nghttp2 1.70 (plus the later max_outbound_queue_size
   option). Consumers compare these against the upstream release they need. */
#define NGHTTP2_VERSION "1.70.0"
/* 0xMMmmpp: major, minor, patch, one byte each. */
#define NGHTTP2_VERSION_NUM 0x014600

#endif /* NGHTTP2VER_H */

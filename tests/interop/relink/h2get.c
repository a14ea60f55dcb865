/* h2get: a small HTTP/2 client (cleartext, prior knowledge) that the relink
 * test compiles twice from this one source, against h2pool's installed headers
 * and library and against upstream's, and runs against nghttpd.
 *
 *   h2get PORT OUTDIR SPEC...
 *   SPEC is /path (GET) or /path=@FILE (POST with FILE as the body)
 *
 * Each response body goes to OUTDIR/<n> (n = position of SPEC). stdout gets
 * the header and library versions, the library file really in use, and one
 * line per stream; exit status 0 only when every stream ended with a status.
 * The newer *2 entry points are used where the headers offer them, so the
 * h2pool build exercises the current API and the upstream 1.52 build the old
 * one. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <nghttp2/nghttp2.h>

#define MAX_STREAMS 128

#if NGHTTP2_VERSION_NUM >= 0x013d00
#  define H2GET_SSIZE nghttp2_ssize
#else
#  define H2GET_SSIZE ssize_t
#endif

struct request {
  const char *path;
  int upload_fd; /* -1 for GET */
  FILE *body;
  int32_t stream_id;
  int status;
  size_t bytes;
  int closed;
  uint32_t error_code;
};

struct client {
  struct request req[MAX_STREAMS];
  int nreq;
  int open;
};

static struct request *find(struct client *c, int32_t stream_id) {
  for (int i = 0; i < c->nreq; ++i)
    if (c->req[i].stream_id == stream_id)
      return &c->req[i];
  return NULL;
}

static int on_header(nghttp2_session *s, const nghttp2_frame *frame,
                     const uint8_t *name, size_t namelen, const uint8_t *value,
                     size_t valuelen, uint8_t flags, void *user_data) {
  (void)s;
  (void)flags;
  struct request *r = find(user_data, frame->hd.stream_id);
  if (r && namelen == 7 && memcmp(name, ":status", 7) == 0) {
    char buf[8] = {0};
    memcpy(buf, value, valuelen < 7 ? valuelen : 7);
    r->status = atoi(buf);
  }
  return 0;
}

static int on_data(nghttp2_session *s, uint8_t flags, int32_t stream_id,
                   const uint8_t *data, size_t len, void *user_data) {
  (void)s;
  (void)flags;
  struct request *r = find(user_data, stream_id);
  if (!r)
    return NGHTTP2_ERR_CALLBACK_FAILURE;
  if (fwrite(data, 1, len, r->body) != len)
    return NGHTTP2_ERR_CALLBACK_FAILURE;
  r->bytes += len;
  return 0;
}

static int on_close(nghttp2_session *s, int32_t stream_id, uint32_t error_code,
                    void *user_data) {
  struct client *c = user_data;
  struct request *r = find(c, stream_id);
  if (r && !r->closed) {
    r->closed = 1;
    r->error_code = error_code;
    if (--c->open == 0)
      return nghttp2_session_terminate_session(s, NGHTTP2_NO_ERROR);
  }
  return 0;
}

static H2GET_SSIZE read_body(nghttp2_session *s, int32_t stream_id,
                             uint8_t *buf, size_t length, uint32_t *data_flags,
                             nghttp2_data_source *source, void *user_data) {
  (void)s;
  (void)stream_id;
  (void)user_data;
  ssize_t n;
  do
    n = read(source->fd, buf, length);
  while (n < 0 && errno == EINTR);
  if (n < 0)
    return NGHTTP2_ERR_TEMPORAL_CALLBACK_FAILURE;
  if (n == 0)
    *data_flags |= NGHTTP2_DATA_FLAG_EOF;
  return n;
}

static int write_all(int fd, const uint8_t *p, size_t n) {
  while (n) {
    ssize_t w = write(fd, p, n);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0)
      return -1;
    p += w;
    n -= (size_t)w;
  }
  return 0;
}

/* Drains everything the session wants to send. */
static int flush(nghttp2_session *s, int fd) {
  for (;;) {
    const uint8_t *data;
#if NGHTTP2_VERSION_NUM >= 0x013d00
    nghttp2_ssize n = nghttp2_session_mem_send2(s, &data);
#else
    ssize_t n = nghttp2_session_mem_send(s, &data);
#endif
    if (n < 0) {
      fprintf(stderr, "mem_send: %s\n", nghttp2_strerror((int)n));
      return -1;
    }
    if (n == 0)
      return 0;
    if (write_all(fd, data, (size_t)n) != 0) {
      perror("write");
      return -1;
    }
  }
}

#define NV(n, v)                                                               \
  {(uint8_t *)(n), (uint8_t *)(v), strlen(n), strlen(v), NGHTTP2_NV_FLAG_NONE}

int main(int argc, char **argv) {
  if (argc < 4) {
    fprintf(stderr, "usage: h2get PORT OUTDIR SPEC...\n");
    return 2;
  }
  static struct client c;
  const char *port = argv[1], *outdir = argv[2];

  Dl_info info;
  const nghttp2_info *ver = nghttp2_version(0);
  printf("header-version %s\n", NGHTTP2_VERSION);
  printf("library-version %s\n", ver->version_str);
  if (dladdr((void *)nghttp2_version, &info) && info.dli_fname)
    printf("library-path %s\n", info.dli_fname);

  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in sa = {.sin_family = AF_INET,
                           .sin_port = htons((uint16_t)atoi(port))};
  inet_pton(AF_INET, "127.0.0.1", &sa.sin_addr);
  if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
    perror("connect");
    return 1;
  }
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);

  nghttp2_session_callbacks *cbs;
  nghttp2_option *opt;
  nghttp2_session *s;
  if (nghttp2_session_callbacks_new(&cbs) != 0 || nghttp2_option_new(&opt) != 0)
    return 1;
  nghttp2_session_callbacks_set_on_header_callback(cbs, on_header);
  nghttp2_session_callbacks_set_on_data_chunk_recv_callback(cbs, on_data);
  nghttp2_session_callbacks_set_on_stream_close_callback(cbs, on_close);
  nghttp2_option_set_peer_max_concurrent_streams(opt, 100);
  if (nghttp2_session_client_new2(&s, cbs, &c, opt) != 0)
    return 1;
  nghttp2_session_callbacks_del(cbs);
  nghttp2_option_del(opt);

  nghttp2_settings_entry iv[] = {
      {NGHTTP2_SETTINGS_MAX_CONCURRENT_STREAMS, 100},
      {NGHTTP2_SETTINGS_INITIAL_WINDOW_SIZE, 1 << 20}};
  nghttp2_submit_settings(s, NGHTTP2_FLAG_NONE, iv, 2);
  nghttp2_session_set_local_window_size(s, NGHTTP2_FLAG_NONE, 0, 1 << 24);

  char authority[64];
  snprintf(authority, sizeof authority, "127.0.0.1:%s", port);
  for (int i = 3; i < argc && c.nreq < MAX_STREAMS; ++i) {
    struct request *r = &c.req[c.nreq];
    char *spec = argv[i], *at = strstr(spec, "=@");
    r->upload_fd = -1;
    if (at) {
      *at = '\0';
      r->upload_fd = open(at + 2, O_RDONLY);
      if (r->upload_fd < 0) {
        perror(at + 2);
        return 1;
      }
    }
    r->path = spec;
    char name[4096];
    snprintf(name, sizeof name, "%s/%d", outdir, c.nreq);
    if (!(r->body = fopen(name, "wb"))) {
      perror(name);
      return 1;
    }
    nghttp2_nv nva[] = {NV(":method", at ? "POST" : "GET"), NV(":scheme", "http"),
                        NV(":authority", authority), NV(":path", spec)};
#if NGHTTP2_VERSION_NUM >= 0x013d00
    nghttp2_data_provider2 prd = {.source.fd = r->upload_fd, .read_callback = read_body};
    r->stream_id = nghttp2_submit_request2(s, NULL, nva, 4, at ? &prd : NULL, NULL);
#else
    nghttp2_data_provider prd = {.source.fd = r->upload_fd, .read_callback = read_body};
    r->stream_id = nghttp2_submit_request(s, NULL, nva, 4, at ? &prd : NULL, NULL);
#endif
    if (r->stream_id < 0) {
      fprintf(stderr, "submit: %s\n", nghttp2_strerror(r->stream_id));
      return 1;
    }
    ++c.nreq;
    ++c.open;
  }

  uint8_t buf[65536];
  while (nghttp2_session_want_read(s) || nghttp2_session_want_write(s)) {
    if (flush(s, fd) != 0)
      return 1;
    if (!nghttp2_session_want_read(s))
      break;
    ssize_t n = read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      break;
#if NGHTTP2_VERSION_NUM >= 0x013d00
    nghttp2_ssize rv = nghttp2_session_mem_recv2(s, buf, (size_t)n);
#else
    ssize_t rv = nghttp2_session_mem_recv(s, buf, (size_t)n);
#endif
    if (rv < 0) {
      fprintf(stderr, "mem_recv: %s\n", nghttp2_strerror((int)rv));
      return 1;
    }
  }
  flush(s, fd);
  nghttp2_session_del(s);
  close(fd);

  int ok = 1;
  for (int i = 0; i < c.nreq; ++i) {
    struct request *r = &c.req[i];
    fclose(r->body);
    if (r->upload_fd >= 0)
      close(r->upload_fd);
    printf("stream %d path %s status %d bytes %zu closed %d error %u\n",
           r->stream_id, r->path, r->status, r->bytes, r->closed, r->error_code);
    ok &= r->closed && r->status != 0 && r->error_code == 0;
  }
  return ok ? 0 : 1;
}

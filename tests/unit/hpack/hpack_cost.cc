// Decode-only / encode-only driver over the hpack-test-case corpus for
// instruction counting (valgrind --tool=callgrind is deterministic, wall
// time on a shared 2-core machine is not):
//   valgrind --tool=callgrind hpack_cost decode|encode LIB [reps]
// LIB is dlopen()ed (RTLD_LOCAL), so upstream and h2pool run the same loop.
#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "corpus.h"

namespace {

struct Fns {
  int (*inflate_new)(nghttp2_hd_inflater **);
  void (*inflate_del)(nghttp2_hd_inflater *);
  ssize_t (*inflate_hd2)(nghttp2_hd_inflater *, nghttp2_nv *, int *,
                         const uint8_t *, size_t, int);
  int (*inflate_end_headers)(nghttp2_hd_inflater *);
  int (*deflate_new)(nghttp2_hd_deflater **, size_t);
  void (*deflate_del)(nghttp2_hd_deflater *);
  ssize_t (*deflate_hd)(nghttp2_hd_deflater *, uint8_t *, size_t,
                        const nghttp2_nv *, size_t);
};

template <class F>
void sym(void *h, const char *name, F &out) {
  out = reinterpret_cast<F>(dlsym(h, name));
  if (!out) {
    std::fprintf(stderr, "missing %s\n", name);
    std::exit(2);
  }
}

}  // namespace

int main(int argc, char **argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: hpack_cost decode|encode LIB [reps]\n");
    return 2;
  }
  const bool decode = std::strcmp(argv[1], "decode") == 0;
  const int reps = argc > 3 ? std::atoi(argv[3]) : 1;
  void *h = dlopen(argv[2], RTLD_NOW | RTLD_LOCAL);
  if (!h) {
    std::fprintf(stderr, "%s\n", dlerror());
    return 2;
  }
  Fns f;
  sym(h, "nghttp2_hd_inflate_new", f.inflate_new);
  sym(h, "nghttp2_hd_inflate_del", f.inflate_del);
  sym(h, "nghttp2_hd_inflate_hd2", f.inflate_hd2);
  sym(h, "nghttp2_hd_inflate_end_headers", f.inflate_end_headers);
  sym(h, "nghttp2_hd_deflate_new", f.deflate_new);
  sym(h, "nghttp2_hd_deflate_del", f.deflate_del);
  sym(h, "nghttp2_hd_deflate_hd", f.deflate_hd);

  bench::Corpus c;
  std::string err;
  if (!bench::load_corpus(HPACK_CORPUS, c, err)) {
    std::fprintf(stderr, "%s\n", err.c_str());
    return 2;
  }
  std::vector<uint8_t> out(1 << 16);
  size_t fields = 0, bytes = 0;
  for (int r = 0; r < reps; ++r) {
    for (const bench::Story &s : c.stories) {
      if (decode) {
        nghttp2_hd_inflater *inf;
        f.inflate_new(&inf);
        for (const bench::Block &b : s.blocks) {
          const uint8_t *p = b.wire.data();
          size_t left = b.wire.size();
          for (;;) {
            nghttp2_nv nv;
            int flags = 0;
            const ssize_t n = f.inflate_hd2(inf, &nv, &flags, p, left, 1);
            if (n < 0) return 1;
            p += n;
            left -= size_t(n);
            if (flags & NGHTTP2_HD_INFLATE_EMIT) ++fields;
            if (flags & NGHTTP2_HD_INFLATE_FINAL) break;
          }
          f.inflate_end_headers(inf);
        }
        f.inflate_del(inf);
      } else {
        nghttp2_hd_deflater *def;
        f.deflate_new(&def, 4096);
        for (const bench::Block &b : s.blocks) {
          const ssize_t n =
              f.deflate_hd(def, out.data(), out.size(), b.nva.data(), b.nva.size());
          if (n < 0) return 1;
          bytes += size_t(n);
          fields += b.nva.size();
        }
        f.deflate_del(def);
      }
    }
  }
  std::printf("%s %s: %zu fields, %zu encoded bytes\n", argv[1], argv[2], fields,
              bytes);
  return 0;
}

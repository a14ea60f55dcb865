// Standalone HPACK API: nghttp2_hd_deflate_* / nghttp2_hd_inflate_* over
// h2pool::hpack::Deflater / Inflater.
#include <nghttp2/nghttp2.h>

#include "hpack/deflater.h"
#include "hpack/inflater.h"
#include "util/mem.h"

struct nghttp2_hd_deflater {
  h2pool::hpack::Deflater impl;
};

struct nghttp2_hd_inflater {
  h2pool::hpack::Inflater impl;
};

namespace {

using h2pool::Mem;

// Like upstream, the handle keeps the caller's nghttp2_mem pointer (not a
// copy); NULL selects libc.
template <class Handle, class InitFn>
int create(Handle **out, nghttp2_mem *mem, InitFn init) {
  const Mem m(mem);
  Handle *h = m.create<Handle>();
  if (!h) return NGHTTP2_ERR_NOMEM;
  const int rv = init(h->impl, m);
  if (rv != 0) {
    m.destroy(h);
    return rv;
  }
  *out = h;
  return 0;
}

}  // namespace

extern "C" {

NGHTTP2_EXTERN int nghttp2_hd_deflate_new(nghttp2_hd_deflater **deflater_ptr,
                                          size_t max_deflate_dynamic_table_size) {
  return nghttp2_hd_deflate_new2(deflater_ptr, max_deflate_dynamic_table_size,
                                 nullptr);
}

NGHTTP2_EXTERN int nghttp2_hd_deflate_new2(nghttp2_hd_deflater **deflater_ptr,
                                           size_t max_deflate_dynamic_table_size,
                                           nghttp2_mem *mem) {
  return create(deflater_ptr, mem, [&](h2pool::hpack::Deflater &d, Mem m) {
    return d.init(m, max_deflate_dynamic_table_size);
  });
}

NGHTTP2_EXTERN void nghttp2_hd_deflate_del(nghttp2_hd_deflater *deflater) {
  if (!deflater) return;
  const Mem m = deflater->impl.mem();
  deflater->impl.destroy();
  m.destroy(deflater);
}

NGHTTP2_EXTERN int nghttp2_hd_deflate_change_table_size(
    nghttp2_hd_deflater *deflater, size_t settings_max_dynamic_table_size) {
  return deflater->impl.change_table_size(settings_max_dynamic_table_size);
}

NGHTTP2_EXTERN ssize_t nghttp2_hd_deflate_hd(nghttp2_hd_deflater *deflater,
                                             uint8_t *buf, size_t buflen,
                                             const nghttp2_nv *nva,
                                             size_t nvlen) {
  return deflater->impl.deflate(buf, buflen, nva, nvlen);
}

NGHTTP2_EXTERN nghttp2_ssize nghttp2_hd_deflate_hd2(
    nghttp2_hd_deflater *deflater, uint8_t *buf, size_t buflen,
    const nghttp2_nv *nva, size_t nvlen) {
  return deflater->impl.deflate(buf, buflen, nva, nvlen);
}

NGHTTP2_EXTERN ssize_t nghttp2_hd_deflate_hd_vec(nghttp2_hd_deflater *deflater,
                                                 const nghttp2_vec *vec,
                                                 size_t veclen,
                                                 const nghttp2_nv *nva,
                                                 size_t nvlen) {
  return deflater->impl.deflate_vec(vec, veclen, nva, nvlen);
}

NGHTTP2_EXTERN nghttp2_ssize nghttp2_hd_deflate_hd_vec2(
    nghttp2_hd_deflater *deflater, const nghttp2_vec *vec, size_t veclen,
    const nghttp2_nv *nva, size_t nvlen) {
  return deflater->impl.deflate_vec(vec, veclen, nva, nvlen);
}

NGHTTP2_EXTERN size_t nghttp2_hd_deflate_bound(nghttp2_hd_deflater *,
                                               const nghttp2_nv *nva,
                                               size_t nvlen) {
  return h2pool::hpack::Deflater::bound(nva, nvlen);
}

NGHTTP2_EXTERN size_t
nghttp2_hd_deflate_get_num_table_entries(nghttp2_hd_deflater *deflater) {
  return deflater->impl.num_table_entries();
}

NGHTTP2_EXTERN const nghttp2_nv *
nghttp2_hd_deflate_get_table_entry(nghttp2_hd_deflater *deflater, size_t idx) {
  return deflater->impl.table_entry(idx);
}

NGHTTP2_EXTERN size_t
nghttp2_hd_deflate_get_dynamic_table_size(nghttp2_hd_deflater *deflater) {
  return deflater->impl.dynamic_table_size();
}

NGHTTP2_EXTERN size_t
nghttp2_hd_deflate_get_max_dynamic_table_size(nghttp2_hd_deflater *deflater) {
  return deflater->impl.max_dynamic_table_size();
}

NGHTTP2_EXTERN int nghttp2_hd_inflate_new(nghttp2_hd_inflater **inflater_ptr) {
  return nghttp2_hd_inflate_new2(inflater_ptr, nullptr);
}

NGHTTP2_EXTERN int nghttp2_hd_inflate_new2(nghttp2_hd_inflater **inflater_ptr,
                                           nghttp2_mem *mem) {
  return create(inflater_ptr, mem, [](h2pool::hpack::Inflater &i, Mem m) {
    return i.init(m);
  });
}

NGHTTP2_EXTERN void nghttp2_hd_inflate_del(nghttp2_hd_inflater *inflater) {
  if (!inflater) return;
  const Mem m = inflater->impl.mem();
  inflater->impl.destroy();
  m.destroy(inflater);
}

NGHTTP2_EXTERN int nghttp2_hd_inflate_change_table_size(
    nghttp2_hd_inflater *inflater, size_t settings_max_dynamic_table_size) {
  return inflater->impl.change_table_size(settings_max_dynamic_table_size);
}

NGHTTP2_EXTERN nghttp2_ssize nghttp2_hd_inflate_hd3(
    nghttp2_hd_inflater *inflater, nghttp2_nv *nv_out, int *inflate_flags,
    const uint8_t *in, size_t inlen, int in_final) {
  h2pool::hpack::HeaderField f;
  const nghttp2_ssize rv =
      inflater->impl.inflate(&f, inflate_flags, in, inlen, in_final != 0);
  if (rv >= 0 && (*inflate_flags & NGHTTP2_HD_INFLATE_EMIT)) {
    nv_out->name = f.name->base;
    nv_out->value = f.value->base;
    nv_out->namelen = f.name->len;
    nv_out->valuelen = f.value->len;
    nv_out->flags = f.flags;
  }
  return rv;
}

NGHTTP2_EXTERN ssize_t nghttp2_hd_inflate_hd(nghttp2_hd_inflater *inflater,
                                             nghttp2_nv *nv_out,
                                             int *inflate_flags, uint8_t *in,
                                             size_t inlen, int in_final) {
  return nghttp2_hd_inflate_hd3(inflater, nv_out, inflate_flags, in, inlen,
                                in_final);
}

NGHTTP2_EXTERN ssize_t nghttp2_hd_inflate_hd2(nghttp2_hd_inflater *inflater,
                                              nghttp2_nv *nv_out,
                                              int *inflate_flags,
                                              const uint8_t *in, size_t inlen,
                                              int in_final) {
  return nghttp2_hd_inflate_hd3(inflater, nv_out, inflate_flags, in, inlen,
                                in_final);
}

NGHTTP2_EXTERN int nghttp2_hd_inflate_end_headers(nghttp2_hd_inflater *inflater) {
  inflater->impl.end_headers();
  return 0;
}

NGHTTP2_EXTERN size_t
nghttp2_hd_inflate_get_num_table_entries(nghttp2_hd_inflater *inflater) {
  return inflater->impl.num_table_entries();
}

NGHTTP2_EXTERN const nghttp2_nv *
nghttp2_hd_inflate_get_table_entry(nghttp2_hd_inflater *inflater, size_t idx) {
  return inflater->impl.table_entry(idx);
}

NGHTTP2_EXTERN size_t
nghttp2_hd_inflate_get_dynamic_table_size(nghttp2_hd_inflater *inflater) {
  return inflater->impl.dynamic_table_size();
}

NGHTTP2_EXTERN size_t
nghttp2_hd_inflate_get_max_dynamic_table_size(nghttp2_hd_inflater *inflater) {
  return inflater->impl.max_dynamic_table_size();
}

}  // extern "C"

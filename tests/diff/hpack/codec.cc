#include "codec.h"

#include "text.h"

namespace h2diff::hpack {

std::string Field::text() const {
  std::string s = "\"" + escape(name.data(), name.size()) + "\": \"" +
                  escape(value.data(), value.size() > 80 ? 80 : value.size()) +
                  (value.size() > 80 ? "...(" + std::to_string(value.size()) + ")" : "") +
                  "\"";
  if (flags)
    s += " flags=" + std::to_string(flags);
  return s;
}

std::string Decoded::text() const {
  return "rv=" + std::to_string(rv) + (final ? " final" : " not-final") + " " +
         std::to_string(fields.size()) + " fields " + to_text(fields);
}

std::vector<nghttp2_nv> to_nv(const std::vector<Field> &fields) {
  std::vector<nghttp2_nv> nv;
  nv.reserve(fields.size());
  for (const auto &f : fields)
    nv.push_back(nghttp2_nv{(uint8_t *)f.name.data(), (uint8_t *)f.value.data(),
                            f.name.size(), f.value.size(), f.flags});
  return nv;
}

Field from_nv(const nghttp2_nv &nv) {
  return Field{std::string(reinterpret_cast<const char *>(nv.name), nv.namelen),
               std::string(reinterpret_cast<const char *>(nv.value), nv.valuelen),
               nv.flags};
}

Inflater::Inflater(const Api &api) : api_(api) {
  if (api_.hd_inflate_new(&raw_) != 0)
    raw_ = nullptr;
}

Inflater::~Inflater() {
  if (raw_)
    api_.hd_inflate_del(raw_);
}

void Inflater::feed(const uint8_t *in, size_t len, bool final, InflateCall call,
                    Decoded *out) {
  // A correct inflater consumes input or emits something on every call;
  // the cap turns a library that stalls into a reported difference rather
  // than a hung test.
  for (int guard = 0; guard < 1 << 20; ++guard) {
    nghttp2_nv nv{};
    int flags = 0;
    long rv;
    // An upstream build older than the entry point asked for (checked by
    // Harness::require) answers through the older twin instead.
    if (call == InflateCall::hd3 && !api_.hd_inflate_hd3)
      call = InflateCall::hd2;
    switch (call) {
    case InflateCall::hd:
      rv = api_.hd_inflate_hd(raw_, &nv, &flags, const_cast<uint8_t *>(in), len,
                              final);
      break;
    case InflateCall::hd2:
      rv = api_.hd_inflate_hd2(raw_, &nv, &flags, in, len, final);
      break;
    default:
      rv = api_.hd_inflate_hd3(raw_, &nv, &flags, in, len, final);
      break;
    }
    if (rv < 0) {
      out->rv = rv;
      return;
    }
    if (static_cast<size_t>(rv) > len) {
      out->rv = -100000; // consumed more than it was given
      return;
    }
    in += rv;
    len -= static_cast<size_t>(rv);
    if (flags & NGHTTP2_HD_INFLATE_EMIT)
      out->fields.push_back(from_nv(nv));
    if (flags & NGHTTP2_HD_INFLATE_FINAL) {
      out->final = true;
      api_.hd_inflate_end_headers(raw_);
      return;
    }
    if (!(flags & NGHTTP2_HD_INFLATE_EMIT) && len == 0)
      return;
  }
  out->rv = -100001;
}

Decoded Inflater::decode(const uint8_t *in, size_t len, size_t chunk,
                         InflateCall call) {
  Decoded d;
  if (!raw_) {
    d.rv = -100002;
    return d;
  }
  if (chunk == 0 || chunk > len)
    chunk = len;
  size_t off = 0;
  do {
    size_t n = len - off < chunk ? len - off : chunk;
    feed(in + off, n, off + n == len, call, &d);
    off += n;
  } while (d.rv == 0 && !d.final && off < len);
  return d;
}

template <class Get> static std::vector<Field> table_of(Get get, size_t n) {
  std::vector<Field> t;
  for (size_t i = 1; i <= n; ++i) {
    const nghttp2_nv *nv = get(i);
    t.push_back(nv ? from_nv(*nv) : Field{"(NULL)", "", 0});
  }
  if (get(n + 1) != nullptr)
    t.push_back(Field{"(entry past the end is not NULL)", "", 0});
  if (get(0) != nullptr)
    t.push_back(Field{"(entry 0 is not NULL)", "", 0});
  return t;
}

std::vector<Field> Inflater::table() const {
  return table_of(
      [this](size_t i) { return api_.hd_inflate_get_table_entry(raw_, i); },
      num_entries());
}

size_t Inflater::dynamic_size() const {
  return api_.hd_inflate_get_dynamic_table_size(raw_);
}
size_t Inflater::max_dynamic_size() const {
  return api_.hd_inflate_get_max_dynamic_table_size(raw_);
}
size_t Inflater::num_entries() const {
  return api_.hd_inflate_get_num_table_entries(raw_);
}

Deflater::Deflater(const Api &api, size_t max_table) : api_(api) {
  if (api_.hd_deflate_new(&raw_, max_table) != 0)
    raw_ = nullptr;
}

Deflater::~Deflater() {
  if (raw_)
    api_.hd_deflate_del(raw_);
}

size_t Deflater::bound(const std::vector<Field> &fields) const {
  auto nv = to_nv(fields);
  return api_.hd_deflate_bound(raw_, nv.data(), nv.size());
}

long Deflater::deflate(const std::vector<Field> &fields, DeflateCall call,
                       std::vector<uint8_t> *out, size_t buflen) {
  auto nv = to_nv(fields);
  if (buflen == 0)
    buflen = api_.hd_deflate_bound(raw_, nv.data(), nv.size());
  out->assign(buflen, 0);
  long rv;
  if (call == DeflateCall::hd2 && !api_.hd_deflate_hd2)
    call = DeflateCall::hd;
  if (call == DeflateCall::hd_vec2 && !api_.hd_deflate_hd_vec2)
    call = DeflateCall::hd_vec;
  switch (call) {
  case DeflateCall::hd:
    rv = api_.hd_deflate_hd(raw_, out->data(), buflen, nv.data(), nv.size());
    break;
  case DeflateCall::hd2:
    rv = api_.hd_deflate_hd2(raw_, out->data(), buflen, nv.data(), nv.size());
    break;
  default: {
    // Split the output space over three vectors so the vector entry points
    // must cross buffer boundaries.
    size_t a = buflen / 3, b = buflen / 3, c = buflen - a - b;
    nghttp2_vec vec[3] = {{out->data(), a}, {out->data() + a, b},
                          {out->data() + a + b, c}};
    if (call == DeflateCall::hd_vec)
      rv = api_.hd_deflate_hd_vec(raw_, vec, 3, nv.data(), nv.size());
    else
      rv = api_.hd_deflate_hd_vec2(raw_, vec, 3, nv.data(), nv.size());
    break;
  }
  }
  out->resize(rv > 0 ? static_cast<size_t>(rv) : 0);
  return rv;
}

std::vector<Field> Deflater::table() const {
  return table_of(
      [this](size_t i) { return api_.hd_deflate_get_table_entry(raw_, i); },
      api_.hd_deflate_get_num_table_entries(raw_));
}

} // namespace h2diff::hpack

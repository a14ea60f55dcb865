// HPACK decode of the recorded wire bytes and encode of the header lists,
// both over the whole corpus, one compression context per story.
#include <algorithm>
#include <cstring>

#include "suites.h"

namespace bench {

namespace {

struct Pass {
  Sample sample;
  AllocStats warm_mem, warm_proc;  // blocks after the first of each story
  size_t warm_blocks = 0;
  size_t out_bytes = 0;  // encode: total encoded size
  std::string err;
};

bool same(const uint8_t *p, size_t n, const std::string &s) {
  return n == s.size() && std::memcmp(p, s.data(), n) == 0;
}

// Feeds one block to inf; with expect set, every emitted field must match.
bool inflate_block(const Api &a, nghttp2_hd_inflater *inf, const uint8_t *in,
                   size_t len, const Block *expect, size_t &emitted,
                   std::string &err) {
  emitted = 0;
  for (;;) {
    nghttp2_nv nv;
    int flags = 0;
    ssize_t r = a.nghttp2_hd_inflate_hd2(inf, &nv, &flags, in, len, 1);
    if (r < 0) {
      err = a.label + ": inflate error " + std::to_string(r);
      return false;
    }
    in += r;
    len -= static_cast<size_t>(r);
    if (flags & NGHTTP2_HD_INFLATE_EMIT) {
      if (expect) {
        if (emitted >= expect->names.size() ||
            !same(nv.name, nv.namelen, expect->names[emitted]) ||
            !same(nv.value, nv.valuelen, expect->values[emitted])) {
          err = a.label + ": decoded field " + std::to_string(emitted) +
                " differs from the corpus";
          return false;
        }
      }
      ++emitted;
    }
    if (flags & NGHTTP2_HD_INFLATE_FINAL) {
      a.nghttp2_hd_inflate_end_headers(inf);
      if (expect && emitted != expect->names.size()) {
        err = a.label + ": block decoded to " + std::to_string(emitted) +
              " fields, corpus has " + std::to_string(expect->names.size());
        return false;
      }
      return true;
    }
    if (r == 0 && !(flags & NGHTTP2_HD_INFLATE_EMIT)) {
      err = a.label + ": inflater made no progress";
      return false;
    }
  }
}

Pass decode_pass(const Api &a, const Corpus &c, bool verify) {
  Pass p;
  CountingMem cm;
  AllocStats proc0 = process_allocs();
  uint64_t t0 = now_ns();
  for (const Story &s : c.stories) {
    nghttp2_hd_inflater *inf = nullptr;
    if (a.nghttp2_hd_inflate_new2(&inf, cm.table()) != 0) {
      p.err = a.label + ": inflate_new2 failed";
      return p;
    }
    AllocStats wm, wp;
    for (size_t k = 0; k < s.blocks.size(); ++k) {
      if (k == 1) {
        wm = cm.stats();
        wp = process_allocs();
      }
      const Block &b = s.blocks[k];
      size_t n;
      if (!inflate_block(a, inf, b.wire.data(), b.wire.size(),
                         verify ? &b : nullptr, n, p.err)) {
        p.err += " (" + s.name + " block " + std::to_string(k) + ")";
        a.nghttp2_hd_inflate_del(inf);
        return p;
      }
    }
    if (s.blocks.size() > 1) {
      p.warm_mem += cm.stats() - wm;
      p.warm_proc += process_allocs() - wp;
      p.warm_blocks += s.blocks.size() - 1;
    }
    a.nghttp2_hd_inflate_del(inf);
  }
  p.sample.ns = static_cast<double>(now_ns() - t0);
  p.sample.units = static_cast<double>(c.blocks);
  p.sample.mem = cm.stats();
  p.sample.proc = process_allocs() - proc0;
  return p;
}

// verifier, when given, decodes every encoded block and checks it against
// the corpus header list.
Pass encode_pass(const Api &a, const Corpus &c, std::vector<uint8_t> &buf,
                 const Api *verifier) {
  Pass p;
  CountingMem cm, vm;
  AllocStats proc0 = process_allocs();
  uint64_t t0 = now_ns();
  for (const Story &s : c.stories) {
    nghttp2_hd_deflater *def = nullptr;
    nghttp2_hd_inflater *inf = nullptr;
    if (a.nghttp2_hd_deflate_new2(&def, 4096, cm.table()) != 0) {
      p.err = a.label + ": deflate_new2 failed";
      return p;
    }
    if (verifier) verifier->nghttp2_hd_inflate_new2(&inf, vm.table());
    AllocStats wm, wp;
    for (size_t k = 0; k < s.blocks.size(); ++k) {
      if (k == 1) {
        wm = cm.stats();
        wp = process_allocs();
      }
      const Block &b = s.blocks[k];
      ssize_t r = a.nghttp2_hd_deflate_hd(def, buf.data(), buf.size(),
                                          b.nva.data(), b.nva.size());
      if (r < 0) {
        p.err = a.label + ": deflate error " + std::to_string(r) + " (" +
                s.name + " block " + std::to_string(k) + ")";
        break;
      }
      p.out_bytes += static_cast<size_t>(r);
      size_t n;
      if (inf && !inflate_block(*verifier, inf, buf.data(),
                                static_cast<size_t>(r), &b, n, p.err)) {
        p.err = a.label + " encoder output, decoded by " + verifier->label +
                ": " + p.err + " (" + s.name + " block " + std::to_string(k) +
                ")";
        break;
      }
    }
    if (s.blocks.size() > 1) {
      p.warm_mem += cm.stats() - wm;
      p.warm_proc += process_allocs() - wp;
      p.warm_blocks += s.blocks.size() - 1;
    }
    if (inf) verifier->nghttp2_hd_inflate_del(inf);
    a.nghttp2_hd_deflate_del(def);
    if (!p.err.empty()) return p;
  }
  p.sample.ns = static_cast<double>(now_ns() - t0);
  p.sample.units = static_cast<double>(c.blocks);
  p.sample.mem = cm.stats();
  p.sample.proc = process_allocs() - proc0;
  return p;
}

void add_warm(Result &r, const Pass &ref, const Pass &ours) {
  auto per = [](const AllocStats &s, size_t n) {
    return n ? static_cast<double>(s.calls) / n : 0.0;
  };
  r.add("warm allocs/block", per(ref.warm_mem, ref.warm_blocks),
        per(ours.warm_mem, ours.warm_blocks));
  r.add("warm malloc/block", per(ref.warm_proc, ref.warm_blocks),
        per(ours.warm_proc, ours.warm_blocks));
}

}  // namespace

bool run_hpack(const Api &ref, const Api &ours, const Corpus &c,
               const Options &opt, Report &report, std::string &err) {
  const Api *apis[2] = {&ref, &ours};
  // Correctness first, untimed: both decoders must reproduce the corpus,
  // and each encoder's output must decode (by the other library too).
  for (const Api *a : apis) {
    Pass v = decode_pass(*a, c, true);
    if (!v.err.empty()) {
      err = "decode: " + v.err;
      return false;
    }
  }
  size_t bound = 0;
  for (const Story &s : c.stories)
    for (const Block &b : s.blocks)
      bound = std::max(bound, ref.nghttp2_hd_deflate_bound(
                                  nullptr, b.nva.data(), b.nva.size()));
  // deflate_bound ignores its deflater argument in upstream; a generous
  // buffer keeps the encoder from failing for want of space.
  std::vector<uint8_t> buf(bound * 2 + 4096);
  for (const Api *a : apis) {
    for (const Api *v : apis) {
      Pass e = encode_pass(*a, c, buf, v);
      if (!e.err.empty()) {
        err = "encode: " + e.err;
        return false;
      }
    }
  }

  Pass last[2];
  Pair dec = interleave(opt.reps, [&](int side) {
    last[side] = decode_pass(*apis[side], c, false);
    return last[side].sample;
  });
  for (const Pass &p : last)
    if (!p.err.empty()) {
      err = "decode: " + p.err;
      return false;
    }
  Result rd{"hpack_decode", {}, {}};
  add_standard(rd, "block", dec);
  rd.add("ns/header", median(dec.ref_ns) * c.blocks / c.headers,
         median(dec.ours_ns) * c.blocks / c.headers);
  add_warm(rd, last[0], last[1]);
  rd.note = std::to_string(c.stories.size()) + " stories, " +
            std::to_string(c.blocks) + " blocks, " +
            std::to_string(c.headers) + " headers, " +
            std::to_string(c.wire_bytes) + " wire bytes; median of " +
            std::to_string(opt.reps) + " interleaved runs";
  report.add(rd);

  Pair enc = interleave(opt.reps, [&](int side) {
    last[side] = encode_pass(*apis[side], c, buf, nullptr);
    return last[side].sample;
  });
  for (const Pass &p : last)
    if (!p.err.empty()) {
      err = "encode: " + p.err;
      return false;
    }
  Result re{"hpack_encode", {}, {}};
  add_standard(re, "block", enc);
  re.add("ns/header", median(enc.ref_ns) * c.blocks / c.headers,
         median(enc.ours_ns) * c.blocks / c.headers);
  add_warm(re, last[0], last[1]);
  re.add("encoded bytes", static_cast<double>(last[0].out_bytes),
         static_cast<double>(last[1].out_bytes));
  re.note = "table 4096; output verified by decoding with both libraries";
  report.add(re);
  return true;
}

}  // namespace bench

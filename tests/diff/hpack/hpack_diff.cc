// Differential HPACK tests: the reference and h2pool decode the recorded
// corpus identically (whole, one byte at a time, and in two pieces), decode
// each other's encodings of it, agree on seeded random header sets across
// table-size changes, and fail every malformed input with the same error.
// Encoders may choose different representations, so encodings are compared
// only through what they decode to, plus total size (ours must not be
// larger).
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "codec.h"
#include "corpus.h"
#include "harness.h"

using namespace h2diff;
using namespace h2diff::hpack;

namespace {

const InflateCall kRefInflate[] = {InflateCall::hd2, InflateCall::hd};
const DeflateCall kRefDeflate[] = {DeflateCall::hd, DeflateCall::hd_vec};
// h2pool must behave the same through each entry point, so its calls rotate
// through all of them.
const InflateCall kOurInflate[] = {InflateCall::hd3, InflateCall::hd2,
                                   InflateCall::hd};
const DeflateCall kOurDeflate[] = {DeflateCall::hd2, DeflateCall::hd,
                                   DeflateCall::hd_vec2, DeflateCall::hd_vec};

std::vector<Field> fields_of(const CorpusBlock &b) {
  std::vector<Field> f;
  for (const auto &h : b.headers)
    f.push_back(Field{h.first, h.second, 0});
  return f;
}

// Encoders may mark fields never-indexed on their own (upstream does so for
// short cookies and authorization); comparisons against the input ignore
// that flag, and the choices themselves are compared encoder to encoder.
Decoded without_flags(Decoded d) {
  for (auto &f : d.fields)
    f.flags = 0;
  return d;
}

Decoded expected_of(const std::vector<Field> &fields) {
  Decoded d;
  d.final = true;
  d.fields = fields;
  return d;
}

struct Totals {
  long blocks = 0, fields = 0, ref_bytes = 0, our_bytes = 0;
};

// Fresh objects: static table, getters, and table-size bookkeeping.
void check_fresh_state(Harness &h) {
  auto &ck = h.check();
  auto r = h.run([](const Side &s) {
    Inflater in(*s);
    return std::vector<std::string>{
        std::to_string(in.num_entries()), std::to_string(in.dynamic_size()),
        std::to_string(in.max_dynamic_size())};
  });
  ck.seq("fresh inflater: entries, size, max", r.ref, r.ours);
  auto t = h.run([](const Side &s) {
    Inflater in(*s);
    return in.table();
  });
  ck.seq("inflater static table 1..61 (and 0, 62 are NULL)", t.ref, t.ours);
  ck.eq("static table has 61 entries", size_t(61), t.ours.size());
  for (size_t max : {size_t(0), size_t(1), size_t(100), size_t(4096),
                     size_t(8192), size_t(65536), size_t(1) << 31}) {
    auto d = h.run([max](const Side &s) {
      Deflater df(*s, max);
      std::vector<std::string> v{std::to_string(df.ok())};
      if (df.ok()) {
        v.push_back(std::to_string(s->hd_deflate_get_num_table_entries(df.raw())));
        v.push_back(std::to_string(s->hd_deflate_get_dynamic_table_size(df.raw())));
        v.push_back(
            std::to_string(s->hd_deflate_get_max_dynamic_table_size(df.raw())));
        for (size_t c : {size_t(0), size_t(50), size_t(4096), size_t(1) << 20})
          v.push_back(std::to_string(s->hd_deflate_change_table_size(df.raw(), c)) +
                      "/" +
                      std::to_string(s->hd_deflate_get_max_dynamic_table_size(df.raw())));
      }
      return v;
    });
    ck.seq("fresh deflater(" + std::to_string(max) +
               "): ok, entries, size, max, change_table_size",
           d.ref, d.ours);
    auto dt = h.run([max](const Side &s) {
      Deflater df(*s, max);
      return df.table();
    });
    ck.seq("deflater static table (" + std::to_string(max) + ")", dt.ref, dt.ours);
  }
  // deflate_bound is an exact formula applications size buffers with.
  std::vector<std::vector<Field>> sets = {
      {},
      {{":method", "GET", 0}},
      {{"a", "", 0}, {"", "b", 0}, {"x-long", std::string(5000, 'v'), 1}}};
  for (size_t i = 0; i < sets.size(); ++i) {
    auto b = h.run([&](const Side &s) {
      Deflater df(*s, 4096);
      return df.bound(sets[i]);
    });
    ck.eq("deflate_bound(set " + std::to_string(i) + ")", b.ref, b.ours);
  }
}

// The recorded encodings: whole blocks, byte at a time, varied chunks.
void check_corpus_decode(Harness &h, const std::vector<Story> &stories,
                         Totals *tot) {
  auto &ck = h.check();
  for (const auto &story : stories) {
    Inflater ref_whole(*h.ref()), our_whole(*h.ours());
    Inflater ref_bytes(*h.ref()), our_bytes(*h.ours());
    Inflater ref_chunks(*h.ref()), our_chunks(*h.ours());
    for (size_t i = 0; i < story.blocks.size(); ++i) {
      const auto &blk = story.blocks[i];
      std::string where = story.name + " block " + std::to_string(i);
      Decoded want = expected_of(fields_of(blk));
      InflateCall rc = kRefInflate[i % 2], oc = kOurInflate[i % 3];
      size_t chunk = 2 + i % 13;

      Decoded r = ref_whole.decode(blk.wire, 0, rc);
      Decoded o = our_whole.decode(blk.wire, 0, oc);
      ck.eq(where + ": ref decodes the listed headers", want, r);
      ck.eq(where + ": decode (ref vs ours)", r, o);
      Decoded rb = ref_bytes.decode(blk.wire, 1, rc);
      Decoded ob = our_bytes.decode(blk.wire, 1, oc);
      ck.eq(where + ": one byte at a time (ref vs ours)", rb, ob);
      ck.eq(where + ": ours decodes the listed headers", want, o);
      ck.eq(where + ": ours, one byte at a time, decodes the listed headers",
            want, ob);
      ck.eq(where + ": chunks of " + std::to_string(chunk),
            ref_chunks.decode(blk.wire, chunk, rc),
            our_chunks.decode(blk.wire, chunk, oc));
      ck.eq(where + ": dynamic table size", ref_whole.dynamic_size(),
            our_whole.dynamic_size());
      ck.eq(where + ": table entries", ref_whole.num_entries(),
            our_whole.num_entries());
      if (i % 16 == 15 || i + 1 == story.blocks.size())
        ck.seq(where + ": table contents", ref_whole.table(), our_whole.table());
      ++tot->blocks;
      tot->fields += static_cast<long>(blk.headers.size());
    }
  }
}

// Two pieces, split at every offset. A story's first block needs no earlier
// table state, so each split gets a fresh inflater pair.
void check_corpus_splits(Harness &h, const std::vector<Story> &stories,
                         long *splits) {
  auto &ck = h.check();
  for (const auto &story : stories) {
    const auto &blk = story.blocks.front();
    Decoded want = expected_of(fields_of(blk));
    for (size_t cut = 0; cut <= blk.wire.size(); ++cut) {
      auto r = h.run([&](const Side &s) {
        Inflater in(*s);
        Decoded d;
        InflateCall c = s.reference ? InflateCall::hd2 : kOurInflate[cut % 3];
        in.feed(blk.wire.data(), cut, false, c, &d);
        if (d.rv == 0 && !d.final)
          in.feed(blk.wire.data() + cut, blk.wire.size() - cut, true, c, &d);
        return d;
      });
      std::string where = story.name + " block 0 split at " + std::to_string(cut);
      ck.eq(where + " (ref vs ours)", r.ref, r.ours);
      ck.eq(where + ": ours decodes the listed headers", want, r.ours);
      ++*splits;
    }
  }
}

// Each library's encoder against both decoders, one shared context per
// story as in a connection.
void check_cross_encoding(Harness &h, const std::vector<Story> &stories,
                          Totals *tot) {
  auto &ck = h.check();
  for (const auto &story : stories) {
    Deflater dr(*h.ref(), 4096), dour(*h.ours(), 4096);
    // i_XY: library X decodes what library Y encoded.
    Inflater i_rr(*h.ref()), i_or(*h.ours()), i_ro(*h.ref()), i_oo(*h.ours());
    for (size_t i = 0; i < story.blocks.size(); ++i) {
      std::string where = story.name + " block " + std::to_string(i);
      auto fields = fields_of(story.blocks[i]);
      Decoded want = expected_of(fields);
      ck.eq(where + ": deflate_bound", dr.bound(fields), dour.bound(fields));
      std::vector<uint8_t> br, bo;
      long rr = dr.deflate(fields, kRefDeflate[i % 2], &br);
      long ro = dour.deflate(fields, kOurDeflate[i % 4], &bo);
      ck.expect(where + ": ref deflate succeeds", rr > 0, std::to_string(rr));
      ck.expect(where + ": ours deflate succeeds", ro > 0, std::to_string(ro));
      tot->ref_bytes += static_cast<long>(br.size());
      tot->our_bytes += static_cast<long>(bo.size());
      InflateCall oc = kOurInflate[i % 3];
      Decoded d_rr = i_rr.decode(br, 0, InflateCall::hd2);
      Decoded d_or = i_or.decode(br, 0, oc);
      Decoded d_ro = i_ro.decode(bo, 0, InflateCall::hd2);
      Decoded d_oo = i_oo.decode(bo, 0, oc);
      ck.eq(where + ": ref encoding, ref decoder", want, without_flags(d_rr));
      ck.eq(where + ": ref encoding, ours decoder", d_rr, d_or);
      ck.eq(where + ": ours encoding, ref decoder", want, without_flags(d_ro));
      ck.eq(where + ": ours encoding, ours decoder", d_ro, d_oo);
      ck.eq(where + ": never-index choices (ref vs ours encoder)", d_rr, d_ro);
      ck.eq(where + ": decoder tables on ref encoding", i_rr.dynamic_size(),
            i_or.dynamic_size());
      ck.eq(where + ": decoder tables on ours encoding", i_ro.dynamic_size(),
            i_oo.dynamic_size());
      // An encoder's view of the table must match what its peer rebuilt.
      if (i % 16 == 15 || i + 1 == story.blocks.size()) {
        ck.seq(where + ": ours deflater table == decoder table", i_ro.table(),
               dour.table());
        ck.seq(where + ": decoder tables (ref vs ours) on ours encoding",
               i_ro.table(), i_oo.table());
      }
    }
  }
}

// Seeded random header sets; the peer changes SETTINGS_HEADER_TABLE_SIZE
// between blocks, so both encoders must emit size updates the decoders
// accept.
std::string random_string(std::mt19937 &rng, size_t min, size_t max,
                          int alphabet) {
  std::uniform_int_distribution<size_t> len(min, max);
  size_t n = len(rng);
  std::string s(n, ' ');
  for (auto &c : s) {
    switch (alphabet) {
    case 0: c = static_cast<char>('a' + rng() % 26); break;
    case 1: c = static_cast<char>(0x20 + rng() % 95); break;
    default: c = static_cast<char>(rng() % 256); break;
    }
  }
  return s;
}

std::vector<Field> random_fields(std::mt19937 &rng) {
  static const char *const static_names[] = {
      ":authority", ":method", ":path", ":scheme", ":status", "accept",
      "accept-encoding", "cache-control", "content-length", "content-type",
      "cookie", "date", "etag", "host", "location", "set-cookie",
      "user-agent", "authorization", "www-authenticate", "vary"};
  static const char *const pool_values[] = {
      "GET", "/", "/index.html", "https", "200", "404", "gzip, deflate",
      "text/html", "no-cache", "0", "example.org", ""};
  std::vector<Field> f;
  size_t n = rng() % 21;
  for (size_t i = 0; i < n; ++i) {
    Field x;
    unsigned k = rng() % 10;
    if (k < 5)
      x.name = static_names[rng() % (sizeof static_names / sizeof *static_names)];
    else if (k < 8)
      x.name = "x-custom-" + std::to_string(rng() % 20);
    else
      x.name = random_string(rng, 1, 30, 0);
    unsigned v = rng() % 10;
    if (v < 4)
      x.value = pool_values[rng() % (sizeof pool_values / sizeof *pool_values)];
    else if (v < 8)
      x.value = random_string(rng, 0, 60, 1);
    else if (v < 9)
      x.value = random_string(rng, 0, 40, 2);
    else
      x.value = random_string(rng, 100, 5000, 1);
    x.flags = (rng() % 10 == 0) ? NGHTTP2_NV_FLAG_NO_INDEX : 0;
    f.push_back(std::move(x));
  }
  return f;
}

void check_random(Harness &h, unsigned seed, int contexts, int blocks_per,
                  Totals *tot, long *size_changes) {
  auto &ck = h.check();
  std::mt19937 rng(seed);
  static const size_t sizes[] = {0, 32, 100, 256, 1024, 4096, 8192, 16384};
  for (int c = 0; c < contexts; ++c) {
    size_t deflate_max = sizes[3 + rng() % 5];
    Deflater dr(*h.ref(), deflate_max), dour(*h.ours(), deflate_max);
    Inflater i_rr(*h.ref()), i_or(*h.ours()), i_ro(*h.ref()), i_oo(*h.ours());
    for (int b = 0; b < blocks_per; ++b) {
      std::string where = "random seed " + std::to_string(seed) + " ctx " +
                          std::to_string(c) + " block " + std::to_string(b);
      if (rng() % 6 == 0) {
        size_t s = sizes[rng() % 8];
        ++*size_changes;
        ck.eq(where + ": deflate_change_table_size(" + std::to_string(s) + ")",
              h.ref()->hd_deflate_change_table_size(dr.raw(), s),
              h.ours()->hd_deflate_change_table_size(dour.raw(), s));
        int a = h.ref()->hd_inflate_change_table_size(i_rr.raw(), s);
        int o = h.ours()->hd_inflate_change_table_size(i_or.raw(), s);
        h.ref()->hd_inflate_change_table_size(i_ro.raw(), s);
        h.ours()->hd_inflate_change_table_size(i_oo.raw(), s);
        ck.eq(where + ": inflate_change_table_size(" + std::to_string(s) + ")",
              a, o);
        ck.eq(where + ": deflater max after change",
              h.ref()->hd_deflate_get_max_dynamic_table_size(dr.raw()),
              h.ours()->hd_deflate_get_max_dynamic_table_size(dour.raw()));
        ck.eq(where + ": inflater max after change", i_rr.max_dynamic_size(),
              i_or.max_dynamic_size());
      }
      auto fields = random_fields(rng);
      std::vector<uint8_t> br, bo;
      long rr = dr.deflate(fields, kRefDeflate[b % 2], &br);
      long ro = dour.deflate(fields, kOurDeflate[b % 4], &bo);
      ck.eq(where + ": deflate succeeds (sign)", rr >= 0, ro >= 0);
      ck.eq(where + ": deflate_bound", dr.bound(fields), dour.bound(fields));
      tot->ref_bytes += static_cast<long>(br.size());
      tot->our_bytes += static_cast<long>(bo.size());
      InflateCall oc = kOurInflate[b % 3];
      Decoded d_rr = i_rr.decode(br, 0, InflateCall::hd2);
      Decoded d_or = i_or.decode(br, 0, oc);
      Decoded d_ro = i_ro.decode(bo, 0, InflateCall::hd2);
      Decoded d_oo = i_oo.decode(bo, 0, oc);
      ck.eq(where + ": ref encoding, ref vs ours decoder", d_rr, d_or);
      ck.eq(where + ": ours encoding, ref vs ours decoder", d_ro, d_oo);
      // Fields' names and values survive; NO_INDEX on input must come out as
      // NO_INDEX. The encoders' own never-index choices (e.g. for
      // authorization) must also agree, so the flags are compared too.
      ck.eq(where + ": same fields from either encoding", d_rr, d_ro);
      ck.expect(where + ": ours encoding decodes to the input",
                d_ro.rv == 0 && d_ro.final && d_ro.fields.size() == fields.size(),
                d_ro.text());
      for (size_t k = 0; k < fields.size() && k < d_ro.fields.size(); ++k) {
        const Field &in = fields[k], &out = d_ro.fields[k];
        if (in.name != out.name || in.value != out.value ||
            ((in.flags & NGHTTP2_NV_FLAG_NO_INDEX) &&
             !(out.flags & NGHTTP2_NV_FLAG_NO_INDEX)))
          ck.differ(where + ": field " + std::to_string(k),
                    "in " + in.text() + "\n      out " + out.text());
      }
      ck.eq(where + ": decoder table sizes on ours encoding",
            i_ro.dynamic_size(), i_oo.dynamic_size());
      if (b % 10 == 9)
        ck.seq(where + ": decoder tables on ref encoding", i_rr.table(),
               i_or.table());
      ++tot->blocks;
      tot->fields += static_cast<long>(fields.size());
    }
  }
}

// Malformed and edge-case input: same error code (or same result) from
// both decoders, whole and one byte at a time, and the same refusal of a
// valid block afterwards (a failed inflater stays failed).
struct Case {
  Case(const char *n, std::vector<uint8_t> i, bool m, long cts = -1,
       std::vector<std::vector<uint8_t>> s = {})
      : name(n), in(std::move(i)), malformed(m), change_table_size(cts),
        setup(std::move(s)) {}
  const char *name;
  std::vector<uint8_t> in;
  bool malformed;
  long change_table_size;                  // applied before decoding, if >= 0
  std::vector<std::vector<uint8_t>> setup; // decoded first
};

std::vector<uint8_t> literal_with_name_len(size_t n, bool huffman) {
  // Literal without indexing, new name of n bytes; 7-bit prefix integer.
  std::vector<uint8_t> v = {0x00};
  uint8_t h = huffman ? 0x80 : 0x00;
  if (n < 127) {
    v.push_back(static_cast<uint8_t>(h | n));
  } else {
    v.push_back(static_cast<uint8_t>(h | 0x7f));
    size_t rest = n - 127;
    while (rest >= 128) {
      v.push_back(static_cast<uint8_t>(0x80 | (rest & 0x7f)));
      rest >>= 7;
    }
    v.push_back(static_cast<uint8_t>(rest));
  }
  // Huffman code of 'a' is 00011; four of them pack into 20 bits, so a long
  // run of 0x18 0xc6 0x31 0x8c ... is awkward; 'a' raw vs 0x1f-per-byte is
  // not valid Huffman either. For huffman names use bytes of 0xff which
  // decode as an EOS prefix only at the end: the length check comes first.
  v.insert(v.end(), n, huffman ? uint8_t(0xff) : uint8_t('a'));
  v.push_back(0x01);
  v.push_back('b');
  return v;
}

std::vector<Case> malformed_cases() {
  const std::vector<uint8_t> add_ab = {0x40, 0x01, 'a', 0x01, 'b'};
  std::vector<Case> c = {
      {"truncated integer (indexed, prefix full)", {0xff}, true},
      {"truncated integer after continuation byte", {0xff, 0x80}, true},
      {"truncated size update", {0x3f}, true},
      {"truncated string length", {0x00, 0x7f}, true},
      {"overflowing integer (index)",
       {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f}, true},
      {"overflowing integer (string length)",
       {0x00, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f}, true},
      {"overflowing integer (size update)",
       {0x3f, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f}, true},
      {"index 0", {0x80}, true},
      {"index 62 with empty dynamic table", {0xbe}, true},
      {"index 255", {0xff, 0x80, 0x01}, true},
      {"literal (incremental) name index 63", {0x7f, 0x00, 0x01, 'x'}, true},
      {"literal (no indexing) name index 62", {0x0f, 0x2f, 0x01, 'x'}, true},
      {"literal (never indexed) name index 62", {0x1f, 0x2f, 0x01, 'x'}, true},
      {"size update 4097 > SETTINGS 4096", {0x3f, 0xe2, 0x1f}, true},
      {"size update 4096 == SETTINGS", {0x3f, 0xe1, 0x1f, 0x82}, false},
      {"size update after a field", {0x82, 0x20}, true},
      {"two size updates at block start", {0x20, 0x3f, 0x01, 0x82}, false},
      {"three size updates at block start", {0x20, 0x20, 0x20, 0x82}, false},
      {"missing size update after table shrink", {0x82}, true, 0},
      {"size update above shrunk SETTINGS", {0x3f, 0xa9, 0x01, 0x82}, true, 100},
      {"size update within shrunk SETTINGS", {0x3f, 0x45, 0x82}, false, 100},
      {"Huffman value containing EOS",
       {0x00, 0x01, 'a', 0x84, 0xff, 0xff, 0xff, 0xff}, true},
      {"Huffman padding longer than 7 bits",
       {0x00, 0x01, 'a', 0x82, 0x1f, 0xff}, true},
      {"Huffman padding not all ones", {0x00, 0x01, 'a', 0x81, 0x18}, true},
      {"Huffman name with bad padding", {0x00, 0x81, 0x18, 0x01, 'a'}, true},
      {"Huffman valid 'a'", {0x00, 0x81, 0x1f, 0x81, 0x1f}, false},
      {"Huffman empty string", {0x00, 0x80, 0x80}, false},
      {"string longer than the input", {0x00, 0x05, 'a', 'b'}, true},
      {"name of 65536 bytes (limit)", literal_with_name_len(65536, false), false},
      {"name of 65537 bytes", literal_with_name_len(65537, false), true},
      {"Huffman name of 65537 bytes", literal_with_name_len(65537, true), true},
      {"empty block", {}, false},
      {"upper-case name (HPACK does not validate)",
       {0x00, 0x01, 'A', 0x01, 'b'}, false},
      {"indexed dynamic entry 62", {0xbe}, false, -1, {add_ab}},
      {"index 63 with one dynamic entry", {0xbf}, true, -1, {add_ab}},
      {"entry evicted by size update 0", {0x20, 0xbe}, true, -1, {add_ab}},
      {"never-indexed literal keeps its flag", {0x10, 0x01, 'a', 0x01, 'b'},
       false},
  };
  return c;
}

void check_malformed(Harness &h, long *cases) {
  auto &ck = h.check();
  const bool verbose = !h.option("verbose").empty();
  const std::vector<uint8_t> valid = {0x82};
  for (const auto &c : malformed_cases()) {
    for (size_t chunk : {size_t(0), size_t(1)}) {
      auto r = h.run([&](const Side &s) {
        Inflater in(*s);
        InflateCall call = s.reference ? InflateCall::hd2 : InflateCall::hd3;
        std::vector<Decoded> out;
        for (const auto &b : c.setup)
          out.push_back(in.decode(b, 0, call));
        if (c.change_table_size >= 0)
          out.push_back(Decoded{
              s->hd_inflate_change_table_size(in.raw(),
                                              size_t(c.change_table_size)),
              false,
              {}});
        out.push_back(in.decode(c.in, chunk, call));
        out.push_back(in.decode(valid, 0, call));
        return out;
      });
      std::string where = std::string(c.name) + (chunk ? " (byte at a time)" : "");
      ck.seq(where, r.ref, r.ours);
      const Decoded &main_ref = r.ref[r.ref.size() - 2];
      ck.expect(where + ": reference " +
                    (c.malformed ? "rejects it" : "accepts it"),
                (main_ref.rv < 0) == c.malformed, main_ref.text());
      if (verbose && chunk == 0)
        std::printf("case %-45s ref %ld ours %ld\n", c.name, main_ref.rv,
                    r.ours[r.ours.size() - 2].rv);
    }
    ++*cases;
  }

  // The table size cannot change in the middle of a block.
  auto mid = h.run([](const Side &s) {
    Inflater in(*s);
    Decoded d;
    const uint8_t part[] = {0x82, 0x86};
    in.feed(part, 1, false, InflateCall::hd2, &d);
    std::vector<long> v{d.rv, static_cast<long>(d.fields.size()),
                        s->hd_inflate_change_table_size(in.raw(), 0)};
    in.feed(part + 1, 1, true, InflateCall::hd2, &d);
    v.push_back(d.rv);
    v.push_back(d.final);
    v.push_back(s->hd_inflate_change_table_size(in.raw(), 0));
    return v;
  });
  ck.seq("inflate_change_table_size mid-block, then after", mid.ref, mid.ours);

  // A deflater that failed once stays failed.
  auto df = h.run([](const Side &s) {
    Deflater d(*s, 4096);
    std::vector<Field> f = {{":method", "GET", 0}, {"x-a", "b", 0},
                            {"user-agent", "h2diff", 0}};
    std::vector<uint8_t> out;
    std::vector<long> v;
    v.push_back(d.deflate(f, DeflateCall::hd, &out, 2));
    v.push_back(d.deflate(f, DeflateCall::hd, &out));
    Deflater d2(*s, 4096);
    v.push_back(d2.deflate(f, DeflateCall::hd_vec, &out, 3));
    v.push_back(d2.deflate(f, DeflateCall::hd_vec, &out));
    Deflater d3(*s, 4096);
    // Enough room exactly: the bound is an upper limit, not a requirement.
    long n = d3.deflate(f, DeflateCall::hd, &out);
    Deflater d4(*s, 4096);
    v.push_back(d4.deflate(f, DeflateCall::hd, &out, static_cast<size_t>(n)));
    return v;
  });
  ck.seq("deflate into too small a buffer, then again", df.ref, df.ours);
  *cases += 2;
}

} // namespace

int main(int argc, char **argv) {
  Harness h("hpack-diff", argc, argv);
  auto &ck = h.check();
  const char *needed[] = {
      "nghttp2_hd_inflate_new", "nghttp2_hd_inflate_del",
      "nghttp2_hd_inflate_hd", "nghttp2_hd_inflate_hd2", "nghttp2_hd_inflate_hd3",
      "nghttp2_hd_inflate_end_headers", "nghttp2_hd_inflate_change_table_size",
      "nghttp2_hd_inflate_get_table_entry",
      "nghttp2_hd_inflate_get_num_table_entries",
      "nghttp2_hd_inflate_get_dynamic_table_size",
      "nghttp2_hd_inflate_get_max_dynamic_table_size", "nghttp2_hd_deflate_new",
      "nghttp2_hd_deflate_del", "nghttp2_hd_deflate_hd", "nghttp2_hd_deflate_hd2",
      "nghttp2_hd_deflate_hd_vec", "nghttp2_hd_deflate_hd_vec2",
      "nghttp2_hd_deflate_bound", "nghttp2_hd_deflate_change_table_size",
      "nghttp2_hd_deflate_get_table_entry",
      "nghttp2_hd_deflate_get_num_table_entries",
      "nghttp2_hd_deflate_get_dynamic_table_size",
      "nghttp2_hd_deflate_get_max_dynamic_table_size"};
  bool ok = true;
  for (const char *n : needed) {
    ok &= h.require(h.ref(), {n});
    ok &= h.require(h.ours(), {n});
  }
  if (!ok)
    return h.finish();

  std::vector<Story> stories;
  std::string err;
  if (!load_corpus(h.option("corpus"), &stories, &err)) {
    ck.expect("corpus loads", false, err);
    return h.finish();
  }
  unsigned seed = static_cast<unsigned>(std::stoul(h.option("seed", "1")));

  check_fresh_state(h);
  Totals corpus;
  check_corpus_decode(h, stories, &corpus);
  long splits = 0;
  check_corpus_splits(h, stories, &splits);
  Totals cross;
  check_cross_encoding(h, stories, &cross);
  Totals random;
  long size_changes = 0;
  check_random(h, seed, 40, 60, &random, &size_changes);
  long cases = 0;
  check_malformed(h, &cases);

  long ref_total = cross.ref_bytes + random.ref_bytes;
  long our_total = cross.our_bytes + random.our_bytes;
  std::printf("hpack-diff: encoded bytes, corpus: ref %ld, ours %ld; random: "
              "ref %ld, ours %ld\n",
              cross.ref_bytes, cross.our_bytes, random.ref_bytes,
              random.our_bytes);
  ck.expect("ours encodes no larger in total than the reference",
            our_total <= ref_total,
            "ours " + std::to_string(our_total) + " > ref " +
                std::to_string(ref_total));

  ck.add_count("blocks", corpus.blocks);
  ck.add_count("fields", corpus.fields);
  ck.add_count("two-piece splits", splits);
  ck.add_count("random blocks", random.blocks);
  ck.add_count("table size changes", size_changes);
  ck.add_count("malformed/edge cases", cases);
  return h.finish();
}

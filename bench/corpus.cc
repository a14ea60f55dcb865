#include "corpus.h"

#include <fstream>

namespace bench {

namespace {

int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool parse_hex(const std::string &s, std::vector<uint8_t> &out) {
  if (s.size() % 2) return false;
  out.reserve(s.size() / 2);
  for (size_t i = 0; i < s.size(); i += 2) {
    int hi = hexval(s[i]), lo = hexval(s[i + 1]);
    if (hi < 0 || lo < 0) return false;
    out.push_back(static_cast<uint8_t>(hi << 4 | lo));
  }
  return true;
}

}  // namespace

bool load_corpus(const std::string &path, Corpus &out, std::string &err) {
  std::ifstream in(path);
  if (!in) {
    err = "cannot open " + path;
    return false;
  }
  std::string line;
  size_t lineno = 0;
  std::vector<size_t> expected;  // declared header count per block
  auto fail = [&](const char *why) {
    err = path + ":" + std::to_string(lineno) + ": " + why;
    return false;
  };
  while (std::getline(in, line)) {
    ++lineno;
    if (line.empty() || line[0] == '#') continue;
    if (line.size() < 2 || line[1] != ' ') return fail("bad line");
    std::string rest = line.substr(2);
    switch (line[0]) {
      case 'S':
        out.stories.push_back({rest.substr(0, rest.find(' ')), {}});
        break;
      case 'B': {
        if (out.stories.empty()) return fail("block before story");
        size_t sp = rest.find(' ');
        if (sp == std::string::npos) return fail("bad block");
        Block b;
        if (!parse_hex(rest.substr(sp + 1), b.wire)) return fail("bad hex");
        expected.push_back(std::stoul(rest.substr(0, sp)));
        out.stories.back().blocks.push_back(std::move(b));
        break;
      }
      case 'H': {
        if (out.stories.empty() || out.stories.back().blocks.empty())
          return fail("header before block");
        size_t tab = rest.find('\t');
        if (tab == std::string::npos) return fail("header without tab");
        Block &b = out.stories.back().blocks.back();
        b.names.push_back(rest.substr(0, tab));
        b.values.push_back(rest.substr(tab + 1));
        break;
      }
      default:
        return fail("unknown record");
    }
  }
  size_t k = 0;
  for (Story &s : out.stories) {
    for (Block &b : s.blocks) {
      if (b.names.size() != expected[k++]) {
        err = path + ": header count mismatch in " + s.name;
        return false;
      }
      // nva is built only now: names/values no longer move.
      for (size_t i = 0; i < b.names.size(); ++i) {
        nghttp2_nv nv;
        nv.name = reinterpret_cast<uint8_t *>(b.names[i].data());
        nv.namelen = b.names[i].size();
        nv.value = reinterpret_cast<uint8_t *>(b.values[i].data());
        nv.valuelen = b.values[i].size();
        nv.flags = NGHTTP2_NV_FLAG_NONE;
        b.nva.push_back(nv);
      }
      out.blocks++;
      out.headers += b.names.size();
      out.wire_bytes += b.wire.size();
    }
  }
  if (out.blocks == 0) {
    err = path + ": no blocks";
    return false;
  }
  return true;
}

}  // namespace bench

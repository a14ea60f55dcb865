#include "corpus.h"

#include <fstream>

namespace h2diff::hpack {

namespace {

int hexval(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

} // namespace

bool load_corpus(const std::string &path, std::vector<Story> *out,
                 std::string *error) {
  std::ifstream f(path);
  if (!f) {
    *error = "cannot open " + path;
    return false;
  }
  out->clear();
  std::string line;
  int lineno = 0;
  size_t expected = 0;
  auto fail = [&](const std::string &why) {
    *error = path + ":" + std::to_string(lineno) + ": " + why;
    return false;
  };
  auto block_complete = [&]() {
    return out->empty() || out->back().blocks.empty() ||
           out->back().blocks.back().headers.size() == expected;
  };
  while (std::getline(f, line)) {
    ++lineno;
    if (line.empty() || line[0] == '#')
      continue;
    if (line.size() < 2 || line[1] != ' ')
      return fail("bad line");
    std::string rest = line.substr(2);
    switch (line[0]) {
    case 'S': {
      if (!block_complete())
        return fail("previous block has too few H lines");
      size_t sp = rest.find(' ');
      if (sp == std::string::npos)
        return fail("S needs a name and a kind");
      Story s;
      s.name = rest.substr(0, sp);
      s.response = rest.substr(sp + 1) == "response";
      out->push_back(std::move(s));
      break;
    }
    case 'B': {
      if (out->empty() || !block_complete())
        return fail("B outside a story or after an incomplete block");
      size_t sp = rest.find(' ');
      if (sp == std::string::npos)
        return fail("B needs a count and hex");
      expected = std::stoul(rest.substr(0, sp));
      std::string hex = rest.substr(sp + 1);
      if (hex.size() % 2)
        return fail("odd hex length");
      CorpusBlock b;
      for (size_t i = 0; i < hex.size(); i += 2) {
        int hi = hexval(hex[i]), lo = hexval(hex[i + 1]);
        if (hi < 0 || lo < 0)
          return fail("bad hex digit");
        b.wire.push_back(static_cast<uint8_t>(hi * 16 + lo));
      }
      out->back().blocks.push_back(std::move(b));
      break;
    }
    case 'H': {
      if (out->empty() || out->back().blocks.empty())
        return fail("H outside a block");
      size_t tab = rest.find('\t');
      if (tab == std::string::npos)
        return fail("H needs name<TAB>value");
      out->back().blocks.back().headers.emplace_back(rest.substr(0, tab),
                                                     rest.substr(tab + 1));
      if (out->back().blocks.back().headers.size() > expected)
        return fail("more H lines than the B count");
      break;
    }
    default:
      return fail("unknown line kind");
    }
  }
  if (!block_complete())
    return fail("last block has too few H lines");
  return true;
}

} // namespace h2diff::hpack

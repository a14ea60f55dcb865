// The hpack-test-case corpus (format in tests/data/hpack/README.md): stories
// of header blocks sharing one compression context, each block with its
// recorded wire bytes and its header list.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#define NGHTTP2_NO_DEPRECATION_WARNINGS
#include <nghttp2/nghttp2.h>

namespace bench {

struct Block {
  std::vector<uint8_t> wire;
  std::vector<std::string> names, values;
  std::vector<nghttp2_nv> nva;  // points into names/values
};

struct Story {
  std::string name;
  std::vector<Block> blocks;
};

struct Corpus {
  std::vector<Story> stories;
  size_t blocks = 0, headers = 0, wire_bytes = 0;
};

// Returns false with err set on a missing file or malformed line.
bool load_corpus(const std::string &path, Corpus &out, std::string &err);

}  // namespace bench

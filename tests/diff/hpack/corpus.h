// Reader for tests/data/hpack/hpack-test-case-corpus.txt (format in the
// README next to it): stories of header blocks, each with its recorded
// encoding and the header list it must decode to.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace h2diff::hpack {

struct CorpusBlock {
  std::vector<uint8_t> wire;
  std::vector<std::pair<std::string, std::string>> headers;
};

struct Story {
  std::string name;
  bool response = false;
  std::vector<CorpusBlock> blocks;
};

// Returns false and sets *error on a missing file or a malformed line.
bool load_corpus(const std::string &path, std::vector<Story> *out,
                 std::string *error);

} // namespace h2diff::hpack

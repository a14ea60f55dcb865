// Reader for tests/diff/deviations.txt: the list of places where newest
// upstream (and so h2pool) deliberately behaves differently from the Debian
// 1.52 reference. A differential check may only tolerate a difference whose
// key is listed there.
#pragma once

#include <string>
#include <vector>

namespace h2diff {

struct Deviation {
  std::string key;     // e.g. "rfc7540-priority.stream_get_weight"
  std::string version; // first upstream release with the new behaviour
  std::string reason;
  int line = 0;
};

class Deviations {
public:
  // Parses the text of a deviations file. On a malformed line returns false
  // and describes it in *error ("line N: ...").
  bool parse(const std::string &text, std::string *error);
  bool load(const std::string &path, std::string *error);

  const Deviation *find(const std::string &key) const;
  bool has(const std::string &key) const { return find(key) != nullptr; }
  // The version column of `key`, or "" when absent.
  std::string version_of(const std::string &key) const;
  // Keys starting with `prefix`, in file order.
  std::vector<const Deviation *> with_prefix(const std::string &prefix) const;
  const std::vector<Deviation> &all() const { return entries_; }
  const std::string &path() const { return path_; }

private:
  std::vector<Deviation> entries_;
  std::string path_;
};

// "1.70.0" -> 0x014600; returns -1 when `v` is not MAJOR.MINOR.PATCH with
// each part below 256.
long version_number(const std::string &v);

} // namespace h2diff

#include "deviations.h"

#include <fstream>
#include <sstream>

namespace h2diff {

namespace {

bool valid_key(const std::string &k) {
  if (k.empty())
    return false;
  for (unsigned char c : k) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' ||
              c == '.' || c == '-' || c == ':';
    if (!ok)
      return false;
  }
  return true;
}

// Upstream releases are MAJOR.MINOR.PATCH; "HEAD" marks behaviour that is
// only on upstream's main branch so far.
bool valid_version(const std::string &v) {
  return v == "HEAD" || version_number(v) >= 0;
}

} // namespace

long version_number(const std::string &v) {
  long parts[3];
  size_t pos = 0;
  for (int i = 0; i < 3; ++i) {
    if (pos >= v.size() || v[pos] < '0' || v[pos] > '9')
      return -1;
    long n = 0;
    while (pos < v.size() && v[pos] >= '0' && v[pos] <= '9') {
      n = n * 10 + (v[pos] - '0');
      if (n > 255)
        return -1;
      ++pos;
    }
    parts[i] = n;
    if (i < 2) {
      if (pos >= v.size() || v[pos] != '.')
        return -1;
      ++pos;
    }
  }
  if (pos != v.size())
    return -1;
  return (parts[0] << 16) | (parts[1] << 8) | parts[2];
}

bool Deviations::parse(const std::string &text, std::string *error) {
  entries_.clear();
  std::istringstream in(text);
  std::string line;
  int lineno = 0;
  auto fail = [&](const std::string &why) {
    if (error)
      *error = "line " + std::to_string(lineno) + ": " + why;
    entries_.clear();
    return false;
  };
  while (std::getline(in, line)) {
    ++lineno;
    if (line.empty() || line[0] == '#')
      continue;
    std::vector<std::string> cols;
    size_t start = 0;
    for (;;) {
      size_t tab = line.find('\t', start);
      cols.push_back(line.substr(start, tab - start));
      if (tab == std::string::npos)
        break;
      start = tab + 1;
    }
    if (cols.size() != 3)
      return fail("expected key<TAB>version<TAB>reason, got " +
                  std::to_string(cols.size()) + " column(s)");
    if (!valid_key(cols[0]))
      return fail("bad key '" + cols[0] + "'");
    if (!valid_version(cols[1]))
      return fail("bad version '" + cols[1] + "' (want N.N.N or HEAD)");
    if (cols[2].empty())
      return fail("empty reason for '" + cols[0] + "'");
    if (find(cols[0]))
      return fail("duplicate key '" + cols[0] + "'");
    entries_.push_back(Deviation{cols[0], cols[1], cols[2], lineno});
  }
  return true;
}

bool Deviations::load(const std::string &path, std::string *error) {
  std::ifstream f(path, std::ios::binary);
  if (!f) {
    if (error)
      *error = "cannot open " + path;
    return false;
  }
  std::ostringstream ss;
  ss << f.rdbuf();
  path_ = path;
  std::string err;
  if (!parse(ss.str(), &err)) {
    if (error)
      *error = path + ": " + err;
    return false;
  }
  return true;
}

const Deviation *Deviations::find(const std::string &key) const {
  for (const auto &d : entries_)
    if (d.key == key)
      return &d;
  return nullptr;
}

std::string Deviations::version_of(const std::string &key) const {
  const Deviation *d = find(key);
  return d ? d->version : std::string();
}

std::vector<const Deviation *>
Deviations::with_prefix(const std::string &prefix) const {
  std::vector<const Deviation *> out;
  for (const auto &d : entries_)
    if (d.key.compare(0, prefix.size(), prefix) == 0)
      out.push_back(&d);
  return out;
}

} // namespace h2diff

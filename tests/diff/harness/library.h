// A libnghttp2 build opened with dlopen(RTLD_NOW | RTLD_LOCAL) and resolved
// into an Api table. RTLD_LOCAL keeps the two libraries' identical symbol
// names apart: each one's internal calls bind to itself.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "api.h"

namespace h2diff {

class Library {
public:
  // Returns nullptr and sets *error when the file cannot be loaded.
  static std::unique_ptr<Library> open(const std::string &path,
                                       const std::string &label,
                                       std::string *error);
  ~Library();
  Library(const Library &) = delete;
  Library &operator=(const Library &) = delete;

  const Api &api() const { return api_; }
  // Symbols that resolved to code outside this file (e.g. a shim forwarding
  // to another libnghttp2): such a build would compare upstream with itself.
  const std::vector<std::string> &foreign() const { return foreign_; }
  const std::string &path() const { return path_; }
  const std::string &label() const { return label_; }

private:
  Library() = default;
  void *handle_ = nullptr;
  std::string path_;
  std::string label_;
  Api api_;
  std::vector<std::string> foreign_;
};

} // namespace h2diff

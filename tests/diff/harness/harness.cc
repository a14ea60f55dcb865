#include "harness.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>

namespace h2diff {

namespace {

[[noreturn]] void die(const std::string &test, int status,
                      const std::string &msg) {
  std::printf("%s: %s\n", test.c_str(), msg.c_str());
  std::fflush(stdout);
  std::exit(status);
}

bool same_file(const std::string &a, const std::string &b) {
  struct stat sa, sb;
  if (stat(a.c_str(), &sa) != 0 || stat(b.c_str(), &sb) != 0)
    return false;
  return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

// The dynamic loader hands back the already-loaded object for a file it has
// seen (it compares device and inode), so a second, independent instance of
// the same library needs a copy under another inode.
std::string copy_to_temp(const std::string &path) {
  const char *dir = std::getenv("TMPDIR");
  std::string tmpl = std::string(dir && *dir ? dir : "/tmp") +
                     "/h2diff-lib-XXXXXX";
  std::vector<char> name(tmpl.begin(), tmpl.end());
  name.push_back('\0');
  int fd = mkstemp(name.data());
  if (fd < 0)
    return "";
  close(fd);
  std::ifstream in(path, std::ios::binary);
  std::ofstream out(name.data(), std::ios::binary | std::ios::trunc);
  out << in.rdbuf();
  if (!in || !out)
    return "";
  return name.data();
}

} // namespace

Harness::Harness(std::string test_name, int argc, char **argv)
    : name_(std::move(test_name)), check_(name_, &deviations_) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--", 0) != 0)
      die(name_, 1, "unexpected argument '" + a + "' (want --name=value)");
    size_t eq = a.find('=');
    if (eq == std::string::npos)
      options_[a.substr(2)] = "1";
    else
      options_[a.substr(2, eq - 2)] = a.substr(eq + 1);
  }
  std::string ref_path = option("ref");
  std::string ours_path = option("ours");
  if (const char *e = std::getenv("H2DIFF_REF"); e && *e)
    ref_path = e;
  if (const char *e = std::getenv("H2DIFF_OURS"); e && *e)
    ours_path = e;
  if (ref_path.empty() || ours_path.empty())
    die(name_, 1, "need --ref=PATH and --ours=PATH");

  if (access(ref_path.c_str(), R_OK) != 0)
    die(name_, kExitSkip,
        "SKIP: reference library " + ref_path +
            " is missing (install Debian package libnghttp2-14, or configure "
            "-Dreference_lib=PATH); nothing was compared");
  std::string err;
  ref_lib_ = Library::open(ref_path, "ref", &err);
  if (!ref_lib_)
    die(name_, kExitSkip,
        "SKIP: reference library " + ref_path + " cannot be loaded: " + err);

  std::string load_path = ours_path;
  if (same_file(ref_path, ours_path)) {
    temp_copy_ = copy_to_temp(ours_path);
    if (temp_copy_.empty())
      die(name_, 1, "cannot copy " + ours_path + " to a temporary file");
    load_path = temp_copy_;
    std::printf("%s: note: 'ours' is the reference itself (loaded from a "
                "copy)\n",
                name_.c_str());
  }
  ours_lib_ = Library::open(load_path, "ours", &err);
  // The mapping keeps the copy alive; unlinking now leaves nothing behind
  // even if the test crashes.
  if (!temp_copy_.empty())
    unlink(temp_copy_.c_str());
  if (!ours_lib_)
    die(name_, 1, "FAIL: cannot load h2pool library " + ours_path + ": " + err);

  for (const auto &lib : {ref_lib_.get(), ours_lib_.get()})
    if (!lib->foreign().empty())
      die(name_, 1,
          "FAIL: " + lib->label() + " library resolves " +
              std::to_string(lib->foreign().size()) +
              " function(s) outside its own file, e.g. " + lib->foreign()[0]);
  ref_ = Side{"ref", &ref_lib_->api(), true};
  // A reference copy standing in for h2pool keeps the reference's excuses
  // for lacking newer functions, so the self-comparison can pass.
  ours_ = Side{"ours", &ours_lib_->api(), !temp_copy_.empty()};

  std::string dev_path = option("deviations");
  if (!dev_path.empty() && !deviations_.load(dev_path, &err))
    die(name_, 1, "FAIL: " + err);
}

Harness::~Harness() = default;

std::string Harness::option(const std::string &name,
                            const std::string &fallback) const {
  auto it = options_.find(name);
  return it == options_.end() ? fallback : it->second;
}

bool Harness::require(const Side &side,
                      std::initializer_list<const char *> symbols) {
  bool ok = true;
  for (const char *s : symbols) {
    if (api_pointer(*side.api, s) == nullptr &&
        !(side.reference && deviations_.has(std::string("absent.") + s))) {
      check_.expect(std::string(s) + " present in " + side.label, false,
                    side.label + " library does not export it");
      ok = false;
    }
  }
  return ok;
}

bool Harness::ref_lacks(const char *symbol) const {
  return api_pointer(*ref_.api, symbol) == nullptr &&
         deviations_.has(std::string("absent.") + symbol);
}

} // namespace h2diff

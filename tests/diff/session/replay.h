// Recorded conversations (tools/record/h2record.py, gzip files under
// tests/data/recordings/) turned into scenarios: the client's bytes are fed
// to a server session that answers with the recorded responses, and the
// server's bytes are fed to a client session that submitted the recorded
// requests.
#pragma once

#include "scenario.h"

#include <string>
#include <utility>
#include <vector>

namespace sdiff {

struct Recording {
  std::string name;
  // ('>' client to server | '<' server to client, bytes), in arrival order.
  std::vector<std::pair<char, std::string>> segments;
};

// Reads one gzip-compressed recording; false with *err on any defect.
bool read_recording(const std::string &path, Recording *rec, std::string *err);

// Every *.h2rec.gz in `dir`, sorted by name; each gives a server-side and a
// client-side scenario. Problems are appended to *errors.
std::vector<Scenario> scenarios_from_recordings(const Api *ref,
                                                const std::string &dir,
                                                std::vector<std::string> *errors);

} // namespace sdiff

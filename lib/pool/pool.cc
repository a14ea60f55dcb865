// The pool templates are header-only; this unit checks that they compile
// on their own (no hidden dependency on session headers).
#include "pool/byte_buf.h"
#include "pool/id_map.h"
#include "pool/slab.h"

namespace {
struct Keyed {
  int32_t id;
};
}  // namespace
template class h2pool::IdMap<Keyed, &Keyed::id>;

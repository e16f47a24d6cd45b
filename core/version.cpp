// core/version.cpp — see core/version.h.
#include "core/version.h"

namespace cw {

const char* product_version() { return kProductVersion; }

}  // namespace cw

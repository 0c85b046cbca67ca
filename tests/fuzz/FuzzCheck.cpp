#include "FuzzCheck.h"

#include <cstdio>
#include <cstdlib>

namespace peftbench::fuzz {

void stopFuzzing(const std::string &what)
{
    std::fprintf(stderr, "==peftbench-fuzz== %s\n", what.c_str());
    std::abort();
}

}  // namespace peftbench::fuzz

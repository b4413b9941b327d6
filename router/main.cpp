#include <cstdio>

#include "router/version.hpp"

int main() {
    std::printf("switchyard %s\n", sy::router::kVersion);
    return 0;
}

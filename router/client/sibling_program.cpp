#include "router/client/sibling_program.hpp"

#include <unistd.h>

#include <filesystem>
#include <system_error>

namespace sy::router {

std::string sibling_program(const std::string& name) {
    std::error_code ec;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const auto beside = self.parent_path() / name;
        if (::access(beside.c_str(), X_OK) == 0) return beside.string();
    }
    return name;
}

} // namespace sy::router

#pragma once

namespace sy::router {

inline constexpr const char* kVersion = "0.1.0";

} // namespace sy::router

#include "graph/insert.hpp"

#include <sstream>

namespace sy::graph {

std::string to_text(const ControlValue& value) {
    if (const auto* word = std::get_if<std::string>(&value)) return "\"" + *word + "\"";
    std::ostringstream out;
    out << std::get<double>(value);
    return out.str();
}

} // namespace sy::graph

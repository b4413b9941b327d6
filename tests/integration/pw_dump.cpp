#include "pw_dump.hpp"

#include <exception>
#include <sstream>

#include <gtest/gtest.h>

#include "test_servers.hpp"

namespace sy::test {

nlohmann::json pw_dump() {
    const auto r = run_command("pw-dump 2>/dev/null");
    std::istringstream in(r.output);
    nlohmann::json dump;
    try {
        in >> dump;
    } catch (const std::exception& e) {
        ADD_FAILURE() << "pw-dump output is not JSON: " << e.what();
    }
    return dump;
}

nlohmann::json node_props(const nlohmann::json& dump, const std::string& node_name) {
    for (const auto& o : dump) {
        if (o.value("type", "") != "PipeWire:Interface:Node" || !o.contains("info") || o["info"].is_null()) continue;
        const auto& props = o["info"]["props"];
        if (props.value("node.name", "") == node_name) return props;
    }
    return nullptr;
}

std::vector<int> node_ids(const std::string& node_name) {
    std::vector<int> ids;
    for (const auto& o : pw_dump()) {
        if (o.value("type", "") != "PipeWire:Interface:Node" || !o.contains("info") || o["info"].is_null()) continue;
        if (o["info"]["props"].value("node.name", "") == node_name) ids.push_back(o.value("id", -1));
    }
    return ids;
}

} // namespace sy::test

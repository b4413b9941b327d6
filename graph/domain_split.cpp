#include "graph/domain_split.hpp"

namespace sy::graph {

const char* to_string(Domain domain) { return domain == Domain::Jack ? "jack" : "pipewire"; }

HomeDomain home_by_server(Domain plain) {
    return [plain](const Endpoint&) { return plain; };
}

DomainSplit split_by_domain(const Model&, const HomeDomain&) { return {}; }

std::optional<int> path_crossings(const DomainSplit&, const std::vector<std::string>&) { return std::nullopt; }

std::vector<BusDomains> bus_domains(const Model&, const DomainSplit&) { return {}; }

} // namespace sy::graph

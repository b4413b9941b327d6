// The shipped demo and streaming presets, read from their files, split into
// one Model per clock domain as graph/domain_split.hpp says: the graph
// tests build look-alikes in code, these hold the real files to the same.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "graph/domain_split.hpp"
#include "presets/preset_reader.hpp"
#include "problem_matchers.hpp"

namespace sy::presets {
namespace {

using graph::Crossing;
using graph::Domain;
using test_support::listed;
using Ids = std::vector<std::string>;

graph::Model example(const std::string& name) {
    const ReadResult r = read_preset_file(std::string(SY_SOURCE_DIR) + "/presets/examples/" + name);
    EXPECT_TRUE(r.model.has_value()) << name << ": " << listed(r.problems);
    return r.model.value_or(graph::Model{});
}

Ids ids_of(const graph::Model& m) {
    Ids out;
    for (const auto* list : {&m.inputs, &m.buses, &m.outputs}) {
        for (const auto& e : *list) out.push_back(e.id);
    }
    for (const auto& r : m.routes) out.push_back(r.from + "->" + r.to);
    return out;
}

TEST(ExampleSplit, DemoRunsDawToMonitorInJackAndTheRestInPipewireWithOneCrossing) {
    const graph::Model m = example("demo.json");
    const graph::DomainSplit s = graph::split_by_domain(m, graph::home_by_server(Domain::Jack));
    EXPECT_EQ(ids_of(s.jack), (Ids{"daw", "monitor", "daw->monitor"}));
    EXPECT_EQ(ids_of(s.pipewire), (Ids{"daw", "desktop", "mix", "speakers", "phones", "stream", "daw->mix",
                                       "desktop->mix", "mix->speakers", "mix->phones", "mix->stream"}));
    EXPECT_EQ(s.crossings, (std::vector<Crossing>{{"daw", Domain::Jack, Domain::Pipewire, 2}}));
    EXPECT_EQ(graph::path_crossings(s, {"desktop", "mix", "speakers"}), 0);
    EXPECT_EQ(graph::path_crossings(s, {"daw", "mix", "stream"}), 1);
}

TEST(ExampleSplit, StreamingBusRunsInPipewireOnly) {
    const graph::Model m = example("streaming.json");
    const graph::DomainSplit s = graph::split_by_domain(m, graph::home_by_server(Domain::Jack));
    const std::vector<graph::BusDomains> where = graph::bus_domains(m, s);
    ASSERT_EQ(where.size(), 1u);
    EXPECT_EQ(where[0].bus, "stream");
    EXPECT_EQ(where[0].domains, (std::vector<Domain>{Domain::Pipewire}));
    EXPECT_EQ(s.crossings, (std::vector<Crossing>{{"daw", Domain::Jack, Domain::Pipewire, 2}}));
}

} // namespace
} // namespace sy::presets

// The shipped example presets read without a problem and pass graph
// validation: they are what people copy.
#include <gtest/gtest.h>

#include "graph/validate.hpp"
#include "presets/preset_reader.hpp"
#include "presets/preset_writer.hpp"
#include "problem_matchers.hpp"
#include "same_model.hpp"

namespace sy::presets {
namespace {

using test_support::listed;

std::string example(const std::string& name) { return std::string(SY_SOURCE_DIR) + "/presets/examples/" + name; }

struct Counts {
    const char* file;
    std::size_t inputs, buses, outputs, routes;
};

class ExamplePreset : public ::testing::TestWithParam<Counts> {};

TEST_P(ExamplePreset, ReadsWithoutProblemsAndValidates) {
    const Counts c = GetParam();
    const ReadResult r = read_preset_file(example(c.file));
    ASSERT_TRUE(r.model.has_value()) << c.file << ": " << listed(r.problems);
    EXPECT_TRUE(r.problems.empty()) << listed(r.problems);
    const graph::Problems graph_problems = graph::validate(*r.model);
    EXPECT_TRUE(graph_problems.empty()) << c.file << ": " << listed(graph_problems);
    EXPECT_EQ(r.model->inputs.size(), c.inputs) << c.file;
    EXPECT_EQ(r.model->buses.size(), c.buses) << c.file;
    EXPECT_EQ(r.model->outputs.size(), c.outputs) << c.file;
    EXPECT_EQ(r.model->routes.size(), c.routes) << c.file;
}

TEST_P(ExamplePreset, SurvivesARoundTrip) {
    const ReadResult r = read_preset_file(example(GetParam().file));
    ASSERT_TRUE(r.model.has_value()) << listed(r.problems);
    const ReadResult back = parse_preset(to_text(*r.model));
    ASSERT_TRUE(back.model.has_value()) << listed(back.problems);
    test_support::expect_same_model(*r.model, *back.model);
}

INSTANTIATE_TEST_SUITE_P(Shipped, ExamplePreset,
                         ::testing::Values(Counts{"streaming.json", 3, 1, 3, 6}, Counts{"podcast.json", 3, 2, 3, 8},
                                           Counts{"multi-output.json", 1, 1, 3, 4}),
                         [](const auto& info) {
                             std::string name = info.param.file;
                             name = name.substr(0, name.find('.'));
                             std::erase(name, '-');
                             return name;
                         });

TEST(ExamplePresets, StreamingIsTheFormatDocumentsExample) {
    const ReadResult r = read_preset_file(example("streaming.json"));
    ASSERT_TRUE(r.model.has_value()) << listed(r.problems);
    const graph::Model& m = *r.model;
    EXPECT_EQ(m.name, "streaming");
    EXPECT_EQ(m.inputs[1].pipewire->virtual_kind, "sink");
    EXPECT_EQ(m.outputs[0].pipewire->description, "Switchyard Stream Mix");
    EXPECT_EQ(m.outputs[1].rate, 44100);
    EXPECT_EQ(m.outputs[1].quality, graph::Quality::Best);
    EXPECT_EQ(m.routes[0].gain_db, -3.0);
}

TEST(ExamplePresets, PodcastCallerNeverHearsThemselves) {
    // The mix-minus: no path from the caller's input to the output that goes back to the call.
    const ReadResult r = read_preset_file(example("podcast.json"));
    ASSERT_TRUE(r.model.has_value()) << listed(r.problems);
    for (const auto& route : r.model->routes) {
        if (route.to == "mix-minus" || route.to == "to-caller") {
            EXPECT_NE(route.from, "caller") << route.from << " -> " << route.to;
            EXPECT_NE(route.from, "program") << route.from << " -> " << route.to;
        }
    }
}

TEST(ExamplePresets, MultiOutputGivesEachDeviceItsOwnRate) {
    const ReadResult r = read_preset_file(example("multi-output.json"));
    ASSERT_TRUE(r.model.has_value()) << listed(r.problems);
    for (const auto& out : r.model->outputs) {
        EXPECT_TRUE(out.rate.has_value()) << out.id << " has no rate of its own";
        EXPECT_TRUE(out.pipewire.has_value() && !out.pipewire->target.empty()) << out.id;
    }
    EXPECT_EQ(r.model->outputs[0].rate, 44100);
    EXPECT_EQ(r.model->outputs[1].rate, 48000);
}

} // namespace
} // namespace sy::presets

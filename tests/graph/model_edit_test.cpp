#include <gtest/gtest.h>

#include "graph/model_edit.hpp"
#include "tests/support/model_builder.hpp"

namespace sy::graph {
namespace {

using test::bus;
using test::input;
using test::output;
using test::route;

Model three_endpoints() {
    Model m;
    m.inputs.push_back(input("mic", 1));
    m.buses.push_back(bus("mix"));
    m.outputs.push_back(output("obs"));
    m.routes = {route("mic", "mix"), route("mix", "obs"), route("mic", "obs", -6)};
    return m;
}

TEST(ModelEdit, RemovingAnEndpointTakesItsRoutesAlong) {
    Model m = three_endpoints();
    const auto removed = remove_endpoint(m, "mic");
    EXPECT_EQ(removed.size(), 2u);
    EXPECT_TRUE(m.inputs.empty());
    ASSERT_EQ(m.routes.size(), 1u);
    EXPECT_EQ(m.routes[0].from, "mix");
}

TEST(ModelEdit, RemovingAnUnknownEndpointChangesNothing) {
    Model m = three_endpoints();
    EXPECT_TRUE(remove_endpoint(m, "nope").empty());
    EXPECT_EQ(m.routes.size(), 3u);
}

TEST(ModelEdit, RenamedEndpointsKeepTheirRoutes) {
    Model m = three_endpoints();
    ASSERT_TRUE(rename_endpoint(m, "mix", "stream"));
    EXPECT_NE(find_endpoint(m, "stream"), nullptr);
    EXPECT_EQ(find_endpoint(m, "mix"), nullptr);
    EXPECT_NE(find_route(m, "mic", "stream"), nullptr);
    EXPECT_NE(find_route(m, "stream", "obs"), nullptr);
    EXPECT_FALSE(rename_endpoint(m, "nope", "x"));
}

TEST(ModelEdit, RoutesAreFoundByTheirEnds) {
    const Model m = three_endpoints();
    const Route* r = find_route(m, "mic", "obs");
    ASSERT_NE(r, nullptr);
    EXPECT_EQ(r->gain_db, -6);
    EXPECT_EQ(find_route(m, "obs", "mic"), nullptr);
}

} // namespace
} // namespace sy::graph

// An endpoint taken off the running PipeWire node: its ports (and the cells
// our process callback keeps in them) go only once the data thread has
// loaded a port table without them, as JackSide already does for its ports.
#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>
#include <string>
#include <vector>

#include "router/pipewire/side.hpp"
#include "test_servers.hpp"

namespace sy::test {
namespace {

using namespace std::chrono_literals;
using router::IoTable;
using router::PipewireEndpoint;
using router::PipewireSide;

void silent_process(void*, int, const IoTable&, double) {}

bool linked(const PipewireSide& side, const std::string& id) {
    for (const auto& s : side.status())
        if (s.id == id) return s.ready;
    return false;
}

class PipewireNodeRemoval : public ServersTest {
protected:
    void TearDown() override { side.stop(); }
    PipewireSide side;
};

TEST_F(PipewireNodeRemoval, PortsGoOnlyAfterTheDataThreadHasLetGoOfThem) {
    const PipewireEndpoint keep{"keep", false, 2, 0, {"test-sink-a", "", ""}};
    const PipewireEndpoint extra{"extra", false, 2, 1, {"test-sink-a", "", ""}};
    const std::string name = "pwtest-removal-" + std::to_string(getpid());
    ASSERT_EQ(side.start(name, {keep, extra}, &silent_process, nullptr), "");
    ASSERT_TRUE(wait_until([&] { return linked(side, "keep") && linked(side, "extra") && side.cycles() > 10; }, 5s));

    constexpr int kRounds = 10;
    for (int i = 0; i < kRounds; ++i) {
        ASSERT_EQ(side.update({keep}), "");
        ASSERT_EQ(side.update({keep, extra}), "");
        ASSERT_TRUE(wait_until([&] { return linked(side, "extra"); }, 5s)) << "round " << i;
    }
    EXPECT_EQ(side.ports_removed_in_use(), 0u)
        << side.ports_removed_in_use() << " ports of " << 2 * kRounds
        << " were removed while a cycle could still be walking them";
    EXPECT_GT(side.cycles(), 0u);
}

} // namespace
} // namespace sy::test

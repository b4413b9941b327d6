// `switchyard ctl` as a person runs it, against a ControlServer with a fake
// engine on a thread of the test: the request each command line sends, the
// output, the exit codes.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "control_test_support.hpp"

namespace sy::router {
namespace {

using test::json;
using test::RecordingHandler;
using test::RuntimeDir;

struct CtlRun {
    int exit_code = -1;
    std::string out, err;
};

// Runs `switchyard ctl ARGS` (ARGS as a shell would split them).
CtlRun ctl(const RuntimeDir& dir, const std::string& args) {
    const std::string err_file = dir.path() + "/stderr.txt";
    const std::string cmd = std::string(SY_SWITCHYARD_BIN) + " ctl " + args + " 2>" + err_file;
    CtlRun run;
    FILE* pipe = popen(cmd.c_str(), "r");
    if (!pipe) return run;
    std::array<char, 4096> buffer{};
    std::size_t n;
    while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) run.out.append(buffer.data(), n);
    const int status = pclose(pipe);
    run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    std::stringstream err;
    err << std::ifstream(err_file).rdbuf();
    run.err = err.str();
    return run;
}

// The request without the fresh numeric id ctl adds.
json without_fresh_id(json request) {
    if (request.is_object() && request["id"].is_number_integer()) request.erase("id");
    return request;
}

// A fake engine: canned results by cmd (an echo otherwise), and meter events
// for whoever subscribed.
class CtlCli : public ::testing::Test {
protected:
    void SetUp() override {
        handler.answer = [this](ClientId client, const json& request) {
            const json id = request.value("id", json());
            const std::string cmd = request.is_object() ? request.value("cmd", "") : "";
            if (refusal.is_object()) return json{{"id", id}, {"ok", false}, {"error", refusal}};
            if (cmd == "subscribe") subscriber = client;
            if (results.contains(cmd)) return json{{"id", id}, {"ok", true}, {"result", results[cmd]}};
            return json{{"id", id}, {"ok", true}, {"result", {{"echo", request}}}};
        };
    }
    void serve(const std::string& instance = "default") {
        ASSERT_EQ(server.listen(instance), "");
        loop = std::make_unique<test::ServerThread>(server, handler, [this] {
            if (subscriber != 0) server.send(subscriber, meters);
        });
    }
    json last_request() const {
        const auto r = handler.requests();
        return r.empty() ? json() : without_fresh_id(r.back().second);
    }
    void TearDown() override { loop.reset(); }

    RuntimeDir dir;
    ControlServer server;
    RecordingHandler handler;
    json results = json::object(); // set before serve(): the loop reads them
    json refusal;
    json meters = {{"event", "meters"}, {"endpoints", {{"mic", {{"peak", {0.5}}, {"rms", {0.25}}}}}}};
    std::atomic<ClientId> subscriber{0};
    std::unique_ptr<test::ServerThread> loop;
};

TEST_F(CtlCli, NoEngineExits3WithThePath) {
    const CtlRun r = ctl(dir, "status");
    EXPECT_EQ(r.exit_code, 3) << r.err;
    EXPECT_EQ(r.err, "switchyard ctl: no engine running as instance \"default\" (" + dir.socket() + ")\n");
    const CtlRun studio = ctl(dir, "--instance studio routes");
    EXPECT_EQ(studio.exit_code, 3);
    EXPECT_NE(studio.err.find("\"studio\" (" + dir.socket("studio") + ")"), std::string::npos) << studio.err;
}

TEST_F(CtlCli, UsageErrorsExit2BeforeConnecting) {
    for (const char* args : {"", "frobnicate", "status extra", "gain daw", "gain a b c -6", "gain daw loud",
                             "gain daw +inf", "gain daw 6dB", "mute", "mute a b c", "route", "route add a",
                             "route frob a b", "route add a b --gain x", "endpoint add thing '{}'",
                             "endpoint add bus '{not json'", "endpoint rename a", "preset load", "--instance BAD status",
                             "--instance '' status", "meters --hz 0", "meters --seconds -1", "send 'nope'", "send"}) {
        const CtlRun r = ctl(dir, args);
        EXPECT_EQ(r.exit_code, 2) << "ctl " << args << "\n" << r.out << r.err;
        EXPECT_FALSE(r.err.empty()) << "ctl " << args << " must say what is wrong";
    }
}

TEST_F(CtlCli, HelpExits0) {
    const CtlRun r = ctl(dir, "--help");
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_NE(r.out.find("meters"), std::string::npos) << r.out;
    EXPECT_EQ(ctl(dir, "gain --help").exit_code, 0);
}

TEST_F(CtlCli, EachCommandLineSendsTheDocumentedRequest) {
    serve();
    const std::string cwd = std::filesystem::current_path().string();
    const std::vector<std::pair<std::string, json>> cases = {
        {"status", {{"cmd", "status"}}},
        {"endpoints", {{"cmd", "endpoints"}}},
        {"routes", {{"cmd", "routes"}}},
        {"paths", {{"cmd", "paths"}}},
        {"model", {{"cmd", "model"}}},
        {"gain daw stream -6", {{"cmd", "gain"}, {"from", "daw"}, {"to", "stream"}, {"db", -6}}},
        {"gain desktop -2.5", {{"cmd", "gain"}, {"endpoint", "desktop"}, {"db", -2.5}}},
        {"gain desktop 3", {{"cmd", "gain"}, {"endpoint", "desktop"}, {"db", 3}}},
        {"gain desktop -inf", {{"cmd", "gain"}, {"endpoint", "desktop"}, {"db", nullptr}}},
        {"gain mic obs -inf", {{"cmd", "gain"}, {"from", "mic"}, {"to", "obs"}, {"db", nullptr}}},
        {"mute desktop", {{"cmd", "mute"}, {"endpoint", "desktop"}, {"on", true}}},
        {"unmute mic obs", {{"cmd", "mute"}, {"from", "mic"}, {"to", "obs"}, {"on", false}}},
        {"solo voice", {{"cmd", "solo"}, {"endpoint", "voice"}, {"on", true}}},
        {"unsolo mic voice", {{"cmd", "solo"}, {"from", "mic"}, {"to", "voice"}, {"on", false}}},
        {"route add mic obs", {{"cmd", "route.add"}, {"from", "mic"}, {"to", "obs"}}},
        {"route add mic obs --gain -6 --mute",
         {{"cmd", "route.add"}, {"from", "mic"}, {"to", "obs"}, {"gain_db", -6}, {"mute", true}}},
        {"route add mic obs --gain -inf", {{"cmd", "route.add"}, {"from", "mic"}, {"to", "obs"}, {"gain_db", nullptr}}},
        {"route add mic obs --map '[[0,0],[0,1]]'",
         {{"cmd", "route.add"}, {"from", "mic"}, {"to", "obs"}, {"map", {{0, 0}, {0, 1}}}}},
        {"route remove mic obs", {{"cmd", "route.remove"}, {"from", "mic"}, {"to", "obs"}}},
        {"endpoint add bus '{\"id\":\"fx\",\"channels\":2}'",
         {{"cmd", "endpoint.add"}, {"kind", "bus"}, {"endpoint", {{"id", "fx"}, {"channels", 2}}}}},
        {"endpoint remove fx", {{"cmd", "endpoint.remove"}, {"endpoint", "fx"}}},
        {"endpoint rename fx effects", {{"cmd", "endpoint.rename"}, {"endpoint", "fx"}, {"to", "effects"}}},
        {"insert add mic '{\"id\":\"nr\",\"builtin\":\"denoise\"}' --at 0",
         {{"cmd", "insert.add"}, {"endpoint", "mic"}, {"insert", {{"id", "nr"}, {"builtin", "denoise"}}}, {"at", 0}}},
        {"insert remove mic nr", {{"cmd", "insert.remove"}, {"endpoint", "mic"}, {"insert", "nr"}}},
        {"insert set mic comp cr=3 level=high at=default",
         {{"cmd", "insert.set"}, {"endpoint", "mic"}, {"insert", "comp"},
          {"controls", {{"cr", 3}, {"level", "high"}, {"at", nullptr}}}}},
        {"insert bypass mic comp", {{"cmd", "insert.bypass"}, {"endpoint", "mic"}, {"insert", "comp"}, {"on", true}}},
        {"insert bypass mic comp off", {{"cmd", "insert.bypass"}, {"endpoint", "mic"}, {"insert", "comp"}, {"on", false}}},
        {"plugins gate", {{"cmd", "plugins"}, {"search", "gate"}}},
        {"plugins --uri urn:x", {{"cmd", "plugins"}, {"uri", "urn:x"}}},
        {"loudness reset", {{"cmd", "loudness.reset"}}},
        {"loudness reset obs", {{"cmd", "loudness.reset"}, {"endpoint", "obs"}}},
        {"preset list", {{"cmd", "preset.list"}}},
        {"preset load podcast", {{"cmd", "preset.load"}, {"name", "podcast"}}},
        {"preset load show.json", {{"cmd", "preset.load"}, {"file", cwd + "/show.json"}}},
        {"preset load ./shows/x", {{"cmd", "preset.load"}, {"file", cwd + "/shows/x"}}},
        {"preset load /etc/p.json", {{"cmd", "preset.load"}, {"file", "/etc/p.json"}}},
        {"preset save", {{"cmd", "preset.save"}}},
        {"preset save mine", {{"cmd", "preset.save"}, {"name", "mine"}}},
        {"status --json", {{"cmd", "status"}}},
        {"--json gain daw stream -6", {{"cmd", "gain"}, {"from", "daw"}, {"to", "stream"}, {"db", -6}}},
        {"send '{\"cmd\":\"status\",\"extra\":[1]}'", {{"cmd", "status"}, {"extra", {1}}}},
    };
    for (const auto& [args, expected] : cases) {
        const CtlRun r = ctl(dir, args);
        EXPECT_EQ(r.exit_code, 0) << "ctl " << args << "\n" << r.out << r.err;
        EXPECT_EQ(last_request(), expected) << "ctl " << args;
    }
}

TEST_F(CtlCli, InstanceOptionPicksTheSocket) {
    serve("studio");
    EXPECT_EQ(ctl(dir, "--instance studio status").exit_code, 0);
    EXPECT_EQ(ctl(dir, "status --instance studio").exit_code, 0);
    EXPECT_EQ(ctl(dir, "status").exit_code, 3);
}

TEST_F(CtlCli, RefusalExits1WithCodeMessageAndEveryProblem) {
    refusal = {{"code", "invalid"},
               {"message", "the change would make an invalid model"},
               {"problems",
                {{{"field", "routes[0].to"}, {"message", "no endpoint \"obss\""}},
                 {{"field", "buses"}, {"message", "cycle through buses a, b"}}}}};
    serve();
    const CtlRun r = ctl(dir, "route add mic obss");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.err, "switchyard ctl: invalid: the change would make an invalid model\n"
                     "  routes[0].to: no endpoint \"obss\"\n"
                     "  buses: cycle through buses a, b\n");
    EXPECT_EQ(r.out, "");
    const CtlRun j = ctl(dir, "--json route add mic obss");
    EXPECT_EQ(j.exit_code, 1);
    EXPECT_EQ(json::parse(j.out), refusal) << j.out;
}

TEST_F(CtlCli, JsonPrintsTheResultOnly) {
    results["routes"] = json::parse(R"([{"from":"mic","to":"obs","gain_db":-6,"mute":false,"solo":false,"map":null}])");
    serve();
    const CtlRun r = ctl(dir, "--json routes");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(json::parse(r.out), results["routes"]) << r.out;
}

TEST_F(CtlCli, SendPrintsTheRawReply) {
    serve();
    const CtlRun r = ctl(dir, "send '{\"cmd\":\"status\"}'");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    const json reply = json::parse(r.out);
    EXPECT_EQ(reply["ok"], true);
    EXPECT_TRUE(reply.contains("id"));
    EXPECT_EQ(reply["result"]["echo"]["cmd"], "status");
}

TEST_F(CtlCli, HumanOutputIsShortAndAligned) {
    results["status"] = json::parse(R"({"name":"podcast","revision":12,
        "hub":{"server":"jack","rate":48000,"period":256,"running":true,"dsp_load":3.5,"xruns":0},
        "bridges":[{"id":"obs","fill":512,"target":512,"ratio":1.000012,"locked":true,"underruns":0,"overruns":1}],
        "waiting":[{"id":"usb","state":"waiting for node alsa_output.usb-dac"}],
        "preset":{"name":"podcast","file":"/p/podcast.json"}})");
    results["endpoints"] = json::parse(R"([
        {"id":"mic","kind":"input","channels":1,"rate":48000,"gain_db":0,"mute":false,"solo":false,"server":"jack","state":"2/2 connections","ready":true},
        {"id":"stream-out","kind":"output","channels":2,"rate":44100,"gain_db":null,"mute":true,"solo":false,"server":"pipewire","state":"linked to test-sink-a","ready":true}])");
    results["paths"] = json::parse(R"([{"hops":["mic","voice","obs"],"total_frames":576,"total_ms":12.0,
        "parts":[{"name":"jack period","frames":256,"ms":5.333},{"name":"bridge","frames":320,"ms":6.667}]}])");
    results["gain"] = {{"gain_db", -6}};
    serve();

    const CtlRun status = ctl(dir, "status");
    EXPECT_EQ(status.exit_code, 0) << status.err;
    EXPECT_NE(status.out.find("podcast (revision 12)"), std::string::npos) << status.out;
    EXPECT_NE(status.out.find("jack  48000 Hz  period 256  running  dsp 3.5%  xruns 0"), std::string::npos) << status.out;
    EXPECT_NE(status.out.find("waiting for node alsa_output.usb-dac"), std::string::npos) << status.out;

    const CtlRun endpoints = ctl(dir, "endpoints");
    std::istringstream lines(endpoints.out);
    std::string header, mic, out;
    std::getline(lines, header);
    std::getline(lines, mic);
    std::getline(lines, out);
    EXPECT_EQ(header.find("KIND"), mic.find("input")) << endpoints.out;
    EXPECT_EQ(header.find("KIND"), out.find("output")) << endpoints.out;
    EXPECT_NE(out.find("-inf dB"), std::string::npos) << endpoints.out;

    const CtlRun paths = ctl(dir, "paths");
    EXPECT_NE(paths.out.find("mic -> voice -> obs"), std::string::npos) << paths.out;
    EXPECT_NE(paths.out.find("12.00"), std::string::npos) << paths.out;
    EXPECT_NE(paths.out.find("jack period 5.33 ms + bridge 6.67 ms"), std::string::npos) << paths.out;

    const CtlRun gain = ctl(dir, "gain daw stream -6");
    EXPECT_EQ(gain.out, "daw -> stream: -6.0 dB\n");
}

TEST_F(CtlCli, MetersJsonPrintsOneEventPerLineAndStopsAfterSeconds) {
    serve();
    const CtlRun r = ctl(dir, "meters --json --seconds 1");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(last_request(), json({{"cmd", "subscribe"}, {"events", {"meters"}}, {"meter_hz", 30}}));
    std::istringstream lines(r.out);
    int count = 0;
    for (std::string line; std::getline(lines, line); ++count) EXPECT_EQ(json::parse(line), meters) << line;
    EXPECT_GT(count, 0) << "no event printed";
}

TEST_F(CtlCli, MetersViewRedrawsOneLinePerEndpointInPlace) {
    serve();
    const CtlRun r = ctl(dir, "meters --seconds 1 --hz 10");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(last_request(), json({{"cmd", "subscribe"}, {"events", {"meters"}}, {"meter_hz", 10}}));
    EXPECT_NE(r.out.find("peak   -6.0  rms  -12.0 dBFS"), std::string::npos) << r.out.substr(0, 400);
    EXPECT_NE(r.out.find("mic "), std::string::npos);
}

TEST_F(CtlCli, MetersRefusedExits1) {
    refusal = {{"code", "bad_request"}, {"message", "meter_hz: 1 to 60"}};
    serve();
    const CtlRun r = ctl(dir, "meters --seconds 1");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.err, "switchyard ctl: bad_request: meter_hz: 1 to 60\n");
}

} // namespace
} // namespace sy::router

#include "live_faults_support.hpp"

#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstdint>
#include <functional>
#include <iostream>
#include <thread>
#include <utility>

#include "jack_probe.hpp"
#include "presets/preset_reader.hpp"
#include "tests/support/sine_fit.hpp"

namespace sy::test {

using Clock = std::chrono::steady_clock;

graph::Model model_of(const std::string& text) {
    const auto read = presets::parse_preset(text);
    if (!read.model) {
        ADD_FAILURE() << read.problems.front().message;
        return {};
    }
    return *read.model;
}

// Polls the session as `switchyard run` does (every 50 ms) until done() holds
// or limit passes; the seconds it took, or -1.
double poll_until(router::LiveSession& s, const std::function<bool()>& done, std::chrono::milliseconds limit) {
    const auto t0 = Clock::now();
    while (true) {
        s.poll();
        if (done()) return std::chrono::duration<double>(Clock::now() - t0).count();
        if (Clock::now() - t0 > limit) return -1.0;
        std::this_thread::sleep_for(50ms);
    }
}

namespace {

// When the last lost cycle (an xrun, a missed PipeWire cycle) or witnessed
// host stall came, from `since` on: either starts a bridge's clean stretch
// again, so the waits for a lock count from it.
class LastDisturbance {
public:
    LastDisturbance(const StallWatch& watch, const router::LiveSession& session, Clock::time_point since)
        : watch_(watch), misses_(session_misses(session)), seen_(misses_(), watch.stalls()), at_(since) {}

    // Looks again; the time of the last disturbance.
    Clock::time_point update() {
        if (const auto now = std::make_pair(misses_(), watch_.stalls()); now != seen_) {
            seen_ = now;
            at_ = Clock::now();
        }
        return at_;
    }
    Clock::time_point at() const { return at_; }

private:
    const StallWatch& watch_;
    std::function<std::uint64_t()> misses_;
    std::pair<std::uint64_t, std::size_t> seen_;
    Clock::time_point at_;
};

double seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

} // namespace

double until_locked(const StallWatch& watch, router::LiveSession& session) {
    const auto t0 = Clock::now();
    LastDisturbance last(watch, session, t0);
    while (true) {
        session.poll();
        const auto now = Clock::now();
        if (session.bridges_locked() && !session.bridge_reports().empty()) return seconds(now - t0);
        if (now - last.update() > 10s || now - t0 > kTakeBudget) return -1.0;
        std::this_thread::sleep_for(50ms);
    }
}

Relock until_relocked(const StallWatch& watch, router::LiveSession& session, Clock::time_point since) {
    LastDisturbance last(watch, session, since);
    if (poll_until(session, [&] {
            last.update();
            return session.bridges_locked();
        }, 10s) < 0.0)
        return {};
    const auto now = Clock::now();
    return {seconds(now - since), seconds(now - last.at())};
}

void expect_tone_on_jack(const StallWatch& watch, router::LiveSession& session, const std::string& port,
                         const std::string& why, double amplitude) {
    JackProbe probe("probe-tone", 1, 0.0, 0.0);
    ASSERT_TRUE(probe.ok()) << why;
    ASSERT_EQ(run_command("jack_connect " + port + " " + probe.port("in", 1)).exit_code, 0) << why;
    const auto got = take_clean(watch, session_misses(session), [&] {
        probe.start_recording();
        poll_for(session, 900ms); // short takes: see expect_tone_on()
        return probe.take_recording(0);
    }, bridges_settle(session));
    ASSERT_GT(got.size(), 30000u) << why;
    const SineFit fit = fit_sine_near(std::span<const float>(got).subspan(4800, got.size() - 9600), 997.0, probe.rate());
    std::cout << "[ figures  ] " << why << ": tone on " << port << " amplitude " << fit.amplitude << " (" << amplitude
              << " due), SNR " << fit.snr_db << " dB\n[ status   ] " << session.status_line() << "\n";
    EXPECT_NEAR(fit.amplitude, amplitude, 0.08 * amplitude) << why;
    EXPECT_GT(fit.snr_db, 40.0) << why << ": clicks, gaps or noise";
}

void poll_for(router::LiveSession& s, std::chrono::milliseconds how_long) {
    poll_until(s, [] { return false; }, how_long);
}

// The longest run of samples quieter than -40 dBFS, in frames: a gap in a
// tone (a sine at 0.25 is that quiet for about one sample per crossing).
std::size_t longest_silence(std::span<const float> x) {
    std::size_t run = 0;
    std::size_t worst = 0;
    for (float v : x) {
        run = std::fabs(v) < 0.01f ? run + 1 : 0;
        worst = std::max(worst, run);
    }
    return worst;
}

RecordedGap stop_and_measure(BackgroundProcess& recorder, const std::string& wav) {
    recorder.signal(SIGINT);
    recorder.wait_exit(5s);
    const Audio heard = read_wav(wav);
    const std::size_t skip = static_cast<std::size_t>(heard.rate / 4);
    if (heard.frames() <= skip) return {heard.frames(), heard.rate, 0};
    const auto l = channel(heard, 0);
    return {heard.frames(), heard.rate, longest_silence(std::span<const float>(l).subspan(skip))};
}

// The 997 Hz tone the session plays at -12 dB is heard on `sink` at
// `amplitude`; a take during a witnessed host stall or a missed cycle is
// taken again (stall_watch.hpp).
void expect_tone_on(const StallWatch& watch, router::LiveSession& session, const std::string& sink,
                    const std::string& why, const std::string& status, double amplitude) {
    // Short takes: on a host that stalls a few times a second, a 1.5 s take
    // was seen to stall eight times in a row, a 1 s one is clean far more
    // often. The recorder's first 0.4 s is left out: with the graph at
    // 44.1 kHz and quantum 128 its first sound came 0.2 s in, fading in over
    // 90 ms (the engine's bridge read on with no gap meanwhile).
    const Audio heard = take_clean(watch, session_misses(session), [&] { return capture_sink(sink, 1.0); },
                                   bridges_settle(session));
    ASSERT_GT(heard.frames(), 36000u) << why;
    const auto l = channel(heard, 0);
    const std::span<const float> steady(l.data() + 19200, l.size() - 25200);
    const SineFit fit = fit_sine_near(steady, 997.0, heard.rate);
    std::cout << "[ figures  ] " << why << ": tone on " << sink << " amplitude " << fit.amplitude << " (" << amplitude << " due), SNR "
              << fit.snr_db << " dB\n";
    if (fit.snr_db < 60) {
        std::cout << "[ trace    ] longest gap " << longest_silence(steady) << " frames; first 40 ms:";
        for (std::size_t i = 0; i < 1920 && i < steady.size(); i += 24) std::cout << " " << steady[i];
        std::cout << "\n[ trace    ] before the take: " << status << "\n[ trace    ] after it: " << session.status_line()
                  << "\n";
    }
    EXPECT_NEAR(fit.amplitude, amplitude, 0.08 * amplitude) << why;
    EXPECT_GT(fit.snr_db, 40.0) << why << ": clicks, gaps or noise; the session said: " << status;
}

// The session's tone on a JACK input, heard on test-sink-a through one bridge.
graph::Model tone_to_sink_a(const std::string& name) {
    return model_of(R"({ "switchyard": 1, "name": ")" + name + R"(",
      "inputs": [ { "id": "synth", "channels": 1, "jack": { "connect": [] } } ],
      "outputs": [ { "id": "a", "channels": 2, "pipewire": { "target": "test-sink-a" } } ],
      "routes": [ { "from": "synth", "to": "a" } ] })");
}

// Starts `session` with its tone on "synth" and JACK as the hub, polls until
// its bridge has locked (until_locked()), and drops the events of the start.
void start_until_bridged(const StallWatch& watch, router::LiveSession& session) {
    session.set_test_tone("synth", 997.0, -12.0);
    ASSERT_EQ(session.start(), "");
    ASSERT_EQ(session.hub(), Server::Jack);
    ASSERT_GE(until_locked(watch, session), 0.0) << session.status_line();
    session.take_events();
}

void recall_route_gain(router::LiveSession& session, std::size_t route, double gain_db, const std::string& when) {
    graph::Model recalled = session.model();
    recalled.routes.at(route).gain_db = gain_db;
    EXPECT_TRUE(session.apply(recalled).empty()) << "the recall " << when;
}

// Crossing rebuilds for new sizes since the last events were taken.
int resized_events(router::LiveSession& session) {
    int resized = 0;
    for (const auto& e : session.take_events()) resized += e.state == "resized";
    return resized;
}

RateBack::~RateBack() {
    run_command("pw-metadata -n settings 0 clock.force-rate " + std::to_string(rate) + " && sleep 0.3");
    run_command("pw-metadata -n settings 0 clock.force-rate 0");
}

// Makes sure the shared JACK server runs again when a test that stopped it ends.
JackBack::~JackBack() {
    if (run_command("jack_lsp -s \"$JACK_DEFAULT_SERVER\" >/dev/null 2>&1", 10).exit_code != 0) restart_jack();
}

Clicks take_clicks(const StallWatch& watch, router::LiveSession& session, JackProbe& probe) {
    Clicks c;
    c.got = take_clean(watch, session_misses(session), [&] {
        probe.start_recording();
        poll_for(session, 1500ms);
        c.sent = probe.take_sent();
        return probe.take_recording(0);
    }, bridges_settle(session));
    return c;
}

} // namespace sy::test

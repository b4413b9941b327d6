// Helpers for integration tests against the real servers that
// scripts/test-servers.sh starts (a JACK server on the dummy backend, PipeWire
// with two null sinks, WirePlumber, pipewire-pulse, Xvfb, a session bus).
//
// The tests run in the environment of DIR/env (scripts/test.sh sources it for
// the whole ctest run): JACK_DEFAULT_SERVER names the JACK server,
// XDG_RUNTIME_DIR holds PipeWire's socket, SY_TEST_SERVERS_DIR is DIR.
// Use these names, never a literal "test-jack": a second instance on the same
// machine gets another server name.
//
// The sinks (48000 Hz and 44100 Hz, stereo, FL FR):
//   test-sink-a  "Test Sink A"  48000 Hz
//   test-sink-b  "Test Sink B"  44100 Hz
//
// Typical test:
//
//   class MyTest : public sy::test::ServersTest {};   // skips/fails without servers
//   TEST_F(MyTest, ToneReachesTheSink) {
//       sy::test::BackgroundProcess engine({SY_SWITCHYARD_BIN, "run", preset});
//       ASSERT_TRUE(sy::test::wait_until([] { return sy::test::jack_port_exists("switchyard:out_1"); },
//                                        std::chrono::seconds(5))) << engine.output();
//       const std::string wav = sy::test::record_sink("test-sink-a", 1.0);
//       const auto audio = sy::test::read_wav(wav);
//       EXPECT_NEAR(sy::test::to_db(sy::test::peak(audio)), -6.0, 0.5);
//   }
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "router/offline/wav_file.hpp"

namespace sy::test {

// ---- the servers -----------------------------------------------------------

// Checks that the JACK test server answers and that PipeWire is up with
// test-sink-a. When one is missing: GTEST_SKIP if SY_REQUIRE_SERVERS is unset,
// a fatal failure if it is set (CI sets it, so nothing is skipped silently).
// Either way the reason names what is missing. Call it from a fixture's
// SetUp() (a skip or failure there stops the test body from running), or use
// ServersTest, or SY_REQUIRE_SERVERS_OR_RETURN() inside a TEST body.
void require_servers();

// A fixture whose SetUp() calls require_servers().
class ServersTest : public ::testing::Test {
protected:
    void SetUp() override { require_servers(); }
};

// $JACK_DEFAULT_SERVER, or "test-jack" when unset.
std::string jack_server_name();

// "scripts/test-servers.sh kill-jack|restart-jack $SY_TEST_SERVERS_DIR":
// stops the JACK server (as a crash would look to its clients), or stops it if
// it runs and starts it again under the same name, waiting until it answers.
// True on success; a failure is also reported with ADD_FAILURE and the output.
bool kill_jack();
bool restart_jack();
// "... kill-pipewire|start-pipewire": PipeWire, WirePlumber and
// pipewire-pulse stopped, or started again as a desktop restarts them (the
// null sinks come back with their names). start_pipewire() returns once the
// sinks' ports are listed.
bool kill_pipewire();
bool start_pipewire();
// Any test-servers.sh subcommand on the tests' servers; ADD_FAILURE on failure.
bool servers_script(const std::string& subcommand);

// ---- commands and processes ------------------------------------------------

struct CommandResult {
    int exit_code = -1;  // 124 when timed out, 128+N when killed by signal N
    std::string output;  // stdout and stderr together
};

// Runs cmd through /bin/sh, at most timeout_s seconds (then TERM, KILL 2 s later).
CommandResult run_command(const std::string& cmd, double timeout_s = 60.0);

// s in single quotes for /bin/sh: run_command("pw-play " + shell_quote(path)).
std::string shell_quote(std::string_view s);

// `"engine": { "latency": "<mode>" }, ` when SY_TEST_LATENCY names a mode
// (bench/live_figures.sh measures both), else nothing: for the presets of
// the tests that measure latency and dropouts.
std::string engine_latency_member();

// A program started in the background and stopped by its PID when the object
// goes (RAII): for `switchyard run ...` and test clients. argv[0] is looked up
// in PATH. stdin is /dev/null; stdout and stderr go to a log file that
// output() reads. The process inherits the test's environment and gets
// SIGTERM if the thread that started it ends (so a test that crashes or
// times out leaves no client behind): start it from the test's own thread.
// When the test has failed, the destructor prints the tail of the output.
class BackgroundProcess {
public:
    explicit BackgroundProcess(std::vector<std::string> argv);
    ~BackgroundProcess();  // stop()
    BackgroundProcess(BackgroundProcess&& other) noexcept;
    BackgroundProcess& operator=(BackgroundProcess&& other) noexcept;
    BackgroundProcess(const BackgroundProcess&) = delete;
    BackgroundProcess& operator=(const BackgroundProcess&) = delete;

    // "/bin/sh -c 'exec CMD'": one command with redirections or variables,
    // e.g. shell("pw-cat -p --target test-sink-a \"$TONE\" 2>/dev/null").
    // exec keeps the PID the command's own, so stop() reaches it; for a list
    // of commands (a; b) wrap it: shell("sh -c 'a; b'") (stop() then reaches
    // only that sh).
    static BackgroundProcess shell(const std::string& cmd);

    pid_t pid() const { return pid_; }  // -1 if it could not be started
    bool running();                     // started and not exited yet
    void signal(int sig);               // sends sig if still running
    // Waits for the process to exit by itself; its exit status (128+N for
    // signal N), or -1 if it still runs after timeout.
    int wait_exit(std::chrono::milliseconds timeout);
    // SIGTERM, waits up to grace, then SIGKILL. Returns the exit status as
    // wait_exit does; -1 if it was never started. Safe to call twice.
    int stop(std::chrono::milliseconds grace = std::chrono::milliseconds(2000));
    std::string output() const;  // everything it printed so far
    const std::string& log_path() const { return log_path_; }

private:
    BackgroundProcess() = default;
    void reap(int status);

    pid_t pid_ = -1;
    int status_ = -1;
    bool reaped_ = false;
    std::string name_;
    std::string log_path_;
};

// Polls condition every poll until it is true (returns true) or timeout
// passes (returns false). The condition is tried once more at the deadline.
bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds timeout,
                std::chrono::milliseconds poll = std::chrono::milliseconds(50));

// ---- JACK and PipeWire graph -----------------------------------------------

// Ports of the JACK test server (jack_lsp), e.g. "system:playback_1".
std::vector<std::string> jack_ports();
bool jack_port_exists(const std::string& port);

// A connection or link from an output port to an input port, full names.
struct PortLink {
    std::string output;
    std::string input;
    bool operator==(const PortLink&) const = default;
};

// Connections on the JACK test server (jack_lsp -c), each listed once.
std::vector<PortLink> jack_connections();
bool jack_connected(const std::string& output, const std::string& input);

// PipeWire ports as pw-link names them ("node.name:port.name").
std::vector<std::string> pipewire_input_ports();   // pw-link -i
std::vector<std::string> pipewire_output_ports();  // pw-link -o
// PipeWire links (pw-link -l), each listed once.
std::vector<PortLink> pipewire_links();
bool pipewire_linked(const std::string& output, const std::string& input);

// ---- audio in and out of the sinks -----------------------------------------

// Records what reaches a sink (its monitor) for seconds, as 32-bit float WAV
// at rate and channels, as pw-record -P '{ stream.capture.sink=true }'
// --target NODE would, but in the graph cycle (sink_capture.hpp), from 0.3 s
// after the stream first heard audio. Returns the WAV's path (a fresh file in
// the temp folder, or wav_path when given); "" and ADD_FAILURE on error.
std::string record_sink(const std::string& node_name, double seconds, int rate = 48000,
                        int channels = 2, const std::string& wav_path = {});

// The same recording, in memory; an empty Audio and ADD_FAILURE on error.
sy::router::Audio capture_sink(const std::string& node_name, double seconds, int rate = 48000, int channels = 2);

// pw-record's recording of a sink in the background, for as long as the
// returned process runs; stop() it (SIGTERM: pw-record closes the WAV
// properly) before reading.
BackgroundProcess start_recording(const std::string& node_name, const std::string& wav_path,
                                  int rate = 48000, int channels = 2);

// Plays a sound file into a node (pw-play --target NODE FILE), blocking.
CommandResult play_to_sink(const std::string& node_name, const std::string& wav_path,
                           double timeout_s = 60.0);

// A fresh, empty path in the temp folder ending in suffix (e.g. ".wav").
std::string temp_path(const std::string& suffix);
// A fresh, empty folder named stem-XXXXXX in the same place. Both live in
// one folder of the test program's own, removed with it when it ends.
std::string temp_folder(const std::string& stem);

// ---- WAV analysis ----------------------------------------------------------

using Audio = sy::router::Audio;

// Reads any file libsndfile reads, as float; an empty Audio and ADD_FAILURE
// with the reason when it cannot.
Audio read_wav(const std::string& path);

// A sine of frequency hz and linear amplitude on every channel, written as a
// 32-bit float WAV. True on success (ADD_FAILURE otherwise).
bool write_tone_wav(const std::string& path, int rate, int channels, double seconds, double hz,
                    double amplitude);

// One channel of interleaved audio.
std::vector<float> channel(const Audio& audio, int ch);

// Largest |sample| and root mean square, over one channel or (ch = -1) all.
double peak(const Audio& audio, int ch = -1);
double rms(const Audio& audio, int ch = -1);
double peak(std::span<const float> signal);
double rms(std::span<const float> signal);

// 20*log10(linear); -inf dB is returned as -999.
double to_db(double linear);

// Index of the first sample with |x| >= threshold, or -1.
long first_above(std::span<const float> signal, double threshold);

// Where signal best matches reference: signal[n] ~ reference[n - frames].
// frames > 0 means signal is late. Searches |frames| <= max_lag (FFT based).
// correlation is the cross-correlation at that lag over the square root of
// both signals' energies: 1 when signal is reference delayed (plus silence),
// lower when noise or other sound is mixed in.
struct Lag {
    long frames = 0;
    double correlation = 0.0;
};
Lag cross_correlation_lag(std::span<const float> reference, std::span<const float> signal,
                          long max_lag);

} // namespace sy::test

// Inside a TEST body: require_servers() and return if it skipped or failed.
#define SY_REQUIRE_SERVERS_OR_RETURN()                                                    \
    do {                                                                                   \
        ::sy::test::require_servers();                                                     \
        if (::testing::Test::IsSkipped() || ::testing::Test::HasFatalFailure()) return;    \
    } while (0)

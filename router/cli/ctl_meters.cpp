#include "router/cli/ctl_meters.hpp"

#include <algorithm>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <iostream>

#include "router/client/control_client.hpp"
#include "router/cli/ctl_print.hpp"

namespace sy::router {

namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr int kBarWidth = 30;
constexpr double kBarFloorDb = -60.0;

volatile std::sig_atomic_t stop_requested = 0;

void on_signal(int) { stop_requested = 1; }

// Without SA_RESTART, so the wait for the next event returns at once.
void catch_stop_signals() {
    struct sigaction action {};
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, nullptr);
    sigaction(SIGTERM, &action, nullptr);
}

// Tolerant reads: a field of another type is "not there", never a throw.
bool is_true(const json& object, const char* key) {
    return object.is_object() && object.contains(key) && object[key].is_boolean() && object[key].get<bool>();
}

bool is_event(const json& message, const char* name) {
    return message.is_object() && message.contains("event") && message["event"] == name;
}

double loudest(const json& channels) {
    double level = 0.0;
    if (!channels.is_array()) return level;
    for (const auto& c : channels) {
        if (c.is_number()) level = std::max(level, c.get<double>());
    }
    return level;
}

// "M -18.2  S -19.0  I -19.4 LUFS  TP -1.2 dBTP": momentary, short-term,
// integrated and true peak; "-" for a figure there is none of yet.
std::string loudness_text(const json& l) {
    if (!l.is_object()) return "";
    auto figure = [&](const char* key) {
        const json& v = l.value(key, json());
        char text[16];
        if (!v.is_number()) return std::string("    -");
        std::snprintf(text, sizeof text, "%5.1f", v.get<double>());
        return std::string(text);
    };
    return "M " + figure("momentary_lufs") + "  S " + figure("short_term_lufs") + "  I " + figure("integrated_lufs") +
           " LUFS  TP " + figure("true_peak_dbtp") + " dBTP";
}

int bar_cells(double linear) {
    if (!(linear > 0.0)) return 0;
    const double db = 20.0 * std::log10(linear);
    return std::clamp(static_cast<int>(std::lround((db - kBarFloorDb) / -kBarFloorDb * kBarWidth)), 0, kBarWidth);
}

// The endpoint ids in the engine's order (inputs, buses, outputs), so the
// view does not reshuffle; ids the list lacks come after, alphabetically.
std::vector<std::string> endpoint_order(ControlClient& client) {
    std::vector<std::string> ids;
    const auto r = client.request({{"cmd", "endpoints"}});
    if (!r.ok() || !is_true(r.reply, "ok") || !r.reply.contains("result")) return ids;
    for (const auto& e : r.reply["result"]) {
        if (e.is_object() && e.contains("id") && e["id"].is_string()) ids.push_back(e["id"].get<std::string>());
    }
    return ids;
}

class MeterView {
public:
    explicit MeterView(std::vector<std::string> order) : order_(std::move(order)) {}

    void draw(const json& endpoints) {
        if (!endpoints.is_object()) return;
        std::vector<std::string> ids;
        for (const auto& id : order_) {
            if (endpoints.contains(id)) ids.push_back(id);
        }
        for (const auto& [id, levels] : endpoints.items()) {
            if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
        }
        std::size_t width = 8;
        for (const auto& id : ids) width = std::max(width, id.size());

        std::string frame;
        if (lines_ > 0) frame += "\x1b[" + std::to_string(lines_) + "A\x1b[J"; // back to the top, clear below
        for (const auto& id : ids) {
            const json& levels = endpoints[id];
            const double peak = loudest(levels.is_object() ? levels.value("peak", json()) : json());
            const double rms = loudest(levels.is_object() ? levels.value("rms", json()) : json());
            const int rms_cells = bar_cells(rms);
            const int peak_cells = std::max(rms_cells, bar_cells(peak));
            const std::string bar = std::string(rms_cells, '#') + std::string(peak_cells - rms_cells, '=') +
                                    std::string(kBarWidth - peak_cells, ' ');
            char line[512];
            std::snprintf(line, sizeof line, "%-*s [%s] peak %6s  rms %6s dBFS  %s\n", static_cast<int>(width),
                          id.c_str(), bar.c_str(), dbfs_text(peak).c_str(), dbfs_text(rms).c_str(),
                          loudness_text(levels.is_object() ? levels.value("loudness", json()) : json()).c_str());
            frame += line;
        }
        lines_ = static_cast<int>(ids.size());
        std::fputs(frame.c_str(), stdout);
        std::fflush(stdout);
    }

private:
    std::vector<std::string> order_;
    int lines_ = 0; // drawn by the last frame
};

} // namespace

int show_meters(ControlClient& client, const MeterViewOptions& options) {
    stop_requested = 0;
    catch_stop_signals();
    MeterView view(options.json_lines ? std::vector<std::string>{} : endpoint_order(client));

    const auto r = client.request({{"cmd", "subscribe"}, {"events", {"meters"}}, {"meter_hz", options.meter_hz}});
    if (!r.ok()) {
        std::cerr << "switchyard ctl: " << r.error << '\n';
        return 1;
    }
    if (!is_true(r.reply, "ok")) {
        print_refusal(r.reply.value("error", json::object()));
        return 1;
    }
    const auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                             std::chrono::duration<double>(std::max(options.seconds, 0.0)));
    while (!stop_requested) {
        auto wait = std::chrono::milliseconds(200);
        if (options.seconds > 0) {
            const auto now = Clock::now();
            if (now >= deadline) break;
            wait = std::min(wait, std::chrono::ceil<std::chrono::milliseconds>(deadline - now));
        }
        const auto message = client.next_event(wait);
        if (!client.connected() && !message) {
            std::cerr << "switchyard ctl: " << client.last_error() << '\n';
            return 1;
        }
        if (!message || !is_event(*message, "meters")) continue;
        if (options.json_lines) {
            std::printf("%s\n", message->dump(-1, ' ', false, json::error_handler_t::replace).c_str());
            std::fflush(stdout);
        } else {
            view.draw(message->value("endpoints", json::object()));
        }
    }
    return 0;
}

} // namespace sy::router

#include "router/cli/ctl_print.hpp"

#include <cmath>
#include <cstdio>
#include <iostream>
#include <vector>

namespace sy::router {

namespace {

using nlohmann::json;
using Row = std::vector<std::string>;

const json& field(const json& object, const char* key) {
    static const json missing;
    if (!object.is_object()) return missing;
    const auto it = object.find(key);
    return it == object.end() ? missing : *it;
}

std::string format(const char* spec, double value) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, spec, value);
    return buffer;
}

// Any value as a short text: strings bare, numbers without noise.
std::string text(const json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_null()) return "-";
    if (v.is_boolean()) return v.get<bool>() ? "yes" : "no";
    if (v.is_number_float()) return format("%g", v.get<double>());
    return v.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string db_text(const json& v) {
    if (v.is_null()) return "-inf dB";
    if (!v.is_number()) return text(v);
    return format("%+.1f dB", v.get<double>());
}

bool flag(const json& v) { return v.is_boolean() && v.get<bool>(); }

std::string joined(const json& list, const char* separator = ", ") {
    std::string s;
    if (!list.is_array()) return text(list);
    for (const auto& item : list) s += (s.empty() ? "" : separator) + text(item);
    return s.empty() ? "-" : s;
}

// "daw -> stream" for a route, "desktop" for an endpoint.
std::string target(const json& request) {
    if (request.contains("endpoint")) return text(field(request, "endpoint"));
    return text(field(request, "from")) + " -> " + text(field(request, "to"));
}

// Columns padded to their widest cell; the last one is not padded.
void print_table(const std::vector<Row>& rows, const std::vector<bool>& right) {
    std::vector<std::size_t> width;
    for (const auto& row : rows) {
        width.resize(std::max(width.size(), row.size()), 0);
        for (std::size_t i = 0; i < row.size(); ++i) width[i] = std::max(width[i], row[i].size());
    }
    for (const auto& row : rows) {
        std::string line;
        for (std::size_t i = 0; i < row.size(); ++i) {
            const std::string pad(width[i] - row[i].size(), ' ');
            const bool last = i + 1 == row.size();
            const bool align_right = i < right.size() && right[i];
            line += align_right ? pad + row[i] : row[i] + (last ? "" : pad);
            if (!last) line += "  ";
        }
        line.erase(line.find_last_not_of(' ') + 1); // an empty last cell leaves no trailing blanks
        std::printf("%s\n", line.c_str());
    }
}

void print_status(const json& r) {
    const json& hub = field(r, "hub");
    const json& preset = field(r, "preset");
    std::printf("engine    %s (revision %s)\n", text(field(r, "name")).c_str(), text(field(r, "revision")).c_str());
    if (!field(preset, "name").is_null() || !field(preset, "file").is_null()) {
        std::printf("preset    %s  %s\n", text(field(preset, "name")).c_str(), text(field(preset, "file")).c_str());
    }
    const json& load = field(hub, "dsp_load");
    std::printf("hub       %s  %s Hz  period %s  %s  dsp %s  xruns %s\n", text(field(hub, "server")).c_str(),
                text(field(hub, "rate")).c_str(), text(field(hub, "period")).c_str(),
                flag(field(hub, "running")) ? "running" : "stopped",
                load.is_number() ? format("%.1f%%", load.get<double>()).c_str() : "-",
                text(field(hub, "xruns")).c_str());
    // Bridges and waiting endpoints as two tables, indented under "engine".
    std::vector<Row> bridges, waiting;
    for (const auto& b : field(r, "bridges")) {
        const json& ratio = field(b, "ratio");
        bridges.push_back({"bridge  ", text(field(b, "id")), "fill " + text(field(b, "fill")) + "/" + text(field(b, "target")),
                           "ratio " + (ratio.is_number() ? format("%.6f", ratio.get<double>()) : text(ratio)),
                           flag(field(b, "locked")) ? "locked" : "unlocked", "underruns " + text(field(b, "underruns")),
                           "overruns " + text(field(b, "overruns"))});
    }
    for (const auto& w : field(r, "waiting")) waiting.push_back({"waiting ", text(field(w, "id")), text(field(w, "state"))});
    print_table(bridges, {});
    print_table(waiting, {});
}

void print_endpoints(const json& list) {
    std::vector<Row> rows{{"ID", "KIND", "CH", "RATE", "GAIN", "MUTE", "SOLO", "SERVER", "READY", "STATE"}};
    for (const auto& e : list) {
        rows.push_back({text(field(e, "id")), text(field(e, "kind")), text(field(e, "channels")),
                        text(field(e, "rate")), db_text(field(e, "gain_db")), flag(field(e, "mute")) ? "M" : "",
                        flag(field(e, "solo")) ? "S" : "", text(field(e, "server")), text(field(e, "ready")),
                        text(field(e, "state"))});
    }
    if (rows.size() == 1) return (void)std::printf("(no endpoints)\n");
    print_table(rows, {false, false, true, true, true});
}

void print_routes(const json& list) {
    std::vector<Row> rows{{"FROM", "TO", "GAIN", "MUTE", "SOLO", "MAP"}};
    for (const auto& r : list) {
        const json& map = field(r, "map");
        rows.push_back({text(field(r, "from")), text(field(r, "to")), db_text(field(r, "gain_db")),
                        flag(field(r, "mute")) ? "M" : "", flag(field(r, "solo")) ? "S" : "",
                        map.is_null() ? "" : map.dump(-1, ' ', false, json::error_handler_t::replace)});
    }
    if (rows.size() == 1) return (void)std::printf("(no routes)\n");
    print_table(rows, {false, false, true});
}

void print_paths(const json& list) {
    std::vector<Row> rows{{"PATH", "RUNS IN", "MS", "FRAMES", "PARTS"}};
    for (const auto& p : list) {
        std::string parts;
        for (const auto& part : field(p, "parts")) {
            const json& ms = field(part, "ms");
            parts += (parts.empty() ? "" : " + ") + text(field(part, "name")) + " " +
                     (ms.is_number() ? format("%.2f", ms.get<double>()) : text(ms)) + " ms";
            const json& why = field(part, "why");
            if (why.is_string()) parts += " [" + why.get<std::string>() + "]";
        }
        const json& ms = field(p, "total_ms");
        const json& runs_in = field(p, "runs_in");
        rows.push_back({joined(field(p, "hops"), " -> "), runs_in.is_string() ? runs_in.get<std::string>() : "-",
                        ms.is_number() ? format("%.2f", ms.get<double>()) : text(ms), text(field(p, "total_frames")), parts});
    }
    if (rows.size() == 1) return (void)std::printf("(no path from an input to an output)\n");
    print_table(rows, {false, false, true, true});
}

void print_presets(const json& list) {
    std::vector<Row> rows{{"NAME", "FILE"}};
    for (const auto& p : list) rows.push_back({text(field(p, "name")), text(field(p, "file"))});
    if (rows.size() == 1) return (void)std::printf("(no saved presets)\n");
    print_table(rows, {});
}

void print_routes_removed(const json& list) {
    std::string s;
    for (const auto& r : list) s += (s.empty() ? "" : ", ") + text(field(r, "from")) + " -> " + text(field(r, "to"));
    if (!s.empty()) std::printf("  routes removed: %s\n", s.c_str());
}

} // namespace

std::string dbfs_text(double linear) {
    if (!(linear > 0.0)) return "-inf";
    return format("%.1f", 20.0 * std::log10(linear));
}

void print_result(const json& request, const json& r) {
    const std::string cmd = text(field(request, "cmd"));
    if (cmd == "status") return print_status(r);
    if (cmd == "endpoints") return print_endpoints(r);
    if (cmd == "routes") return print_routes(r);
    if (cmd == "paths") return print_paths(r);
    if (cmd == "preset.list") return print_presets(r);
    if (cmd == "gain") return (void)std::printf("%s: %s\n", target(request).c_str(), db_text(field(r, "gain_db")).c_str());
    if (cmd == "mute") {
        return (void)std::printf("%s: %s\n", target(request).c_str(), flag(field(r, "mute")) ? "muted" : "not muted");
    }
    if (cmd == "solo") {
        return (void)std::printf("%s: %s\n", target(request).c_str(), flag(field(r, "solo")) ? "soloed" : "not soloed");
    }
    if (cmd == "route.add" || cmd == "route.remove") {
        return (void)std::printf("%s route %s\n", cmd == "route.add" ? "added" : "removed", target(request).c_str());
    }
    if (cmd == "endpoint.add") return (void)std::printf("added endpoint %s\n", text(field(r, "id")).c_str());
    if (cmd == "endpoint.remove") {
        std::printf("removed endpoint %s\n", text(field(r, "id")).c_str());
        return print_routes_removed(field(r, "routes_removed"));
    }
    if (cmd == "endpoint.rename") {
        return (void)std::printf("renamed endpoint %s to %s\n", text(field(request, "endpoint")).c_str(),
                                 text(field(r, "id")).c_str());
    }
    if (cmd == "preset.load") {
        std::printf("loaded %s (%s)\n", text(field(r, "name")).c_str(), text(field(r, "file")).c_str());
        for (const char* part : {"kept", "added", "removed"}) {
            std::printf("  %-8s %s\n", (std::string(part) + ":").c_str(), joined(field(r, part)).c_str());
        }
        return;
    }
    if (cmd == "preset.save") {
        return (void)std::printf("saved %s to %s\n", text(field(r, "name")).c_str(), text(field(r, "file")).c_str());
    }
    // `model` and anything without a view of its own: the document itself.
    std::printf("%s\n", r.dump(2, ' ', false, json::error_handler_t::replace).c_str());
}

void print_refusal(const json& error) {
    std::cerr << "switchyard ctl: " << text(field(error, "code")) << ": " << text(field(error, "message")) << '\n';
    for (const auto& p : field(error, "problems")) {
        std::cerr << "  " << text(field(p, "field")) << ": " << text(field(p, "message")) << '\n';
    }
}

} // namespace sy::router

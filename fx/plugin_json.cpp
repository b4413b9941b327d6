#include "fx/plugin_json.hpp"

#include <algorithm>
#include <cctype>
#include <sstream>

namespace sy::fx {
namespace {

using nlohmann::json;

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::string number(double v) {
    std::ostringstream out;
    out << v;
    return out.str();
}

} // namespace

json plugins_json(const std::vector<PluginSummary>& plugins, const std::string& search) {
    const std::string needle = lower(search);
    std::vector<const PluginSummary*> hits;
    for (const auto& p : plugins) {
        const std::string hay = lower(p.name + "\n" + p.category + "\n" + p.uri);
        if (needle.empty() || hay.find(needle) != std::string::npos) hits.push_back(&p);
    }
    std::sort(hits.begin(), hits.end(), [](const PluginSummary* a, const PluginSummary* b) {
        return lower(a->name) == lower(b->name) ? a->uri < b->uri : lower(a->name) < lower(b->name);
    });
    json list = json::array();
    for (const PluginSummary* p : hits) {
        list.push_back({{"uri", p->uri}, {"name", p->name}, {"category", p->category}, {"inputs", p->audio_in},
                        {"outputs", p->audio_out}});
    }
    return list;
}

json plugin_json(const PluginInfo& info) {
    json controls = json::array();
    for (const auto& c : info.controls) {
        if (c.output) continue;
        json points = json::array();
        for (const auto& p : c.scale_points) points.push_back({{"value", p.value}, {"label", p.label}});
        controls.push_back({{"symbol", c.symbol}, {"name", c.name}, {"unit", c.unit}, {"min", c.min}, {"max", c.max},
                            {"default", c.def}, {"integer", c.integer}, {"toggled", c.toggled},
                            {"enumeration", c.enumeration}, {"logarithmic", c.logarithmic}, {"scale_points", points}});
    }
    return {{"uri", info.uri},
            {"name", info.name},
            {"category", info.category},
            {"inputs", info.audio_in.size()},
            {"outputs", info.audio_out.size()},
            {"reports_latency", info.latency_port >= 0},
            {"controls", controls}};
}

std::string plugins_text(const json& list) {
    std::string out;
    for (const auto& p : list) {
        out += p["name"].get<std::string>() + "  [" + p["category"].get<std::string>() + ", " +
               std::to_string(p["inputs"].get<int>()) + " in / " + std::to_string(p["outputs"].get<int>()) + " out]  " +
               p["uri"].get<std::string>() + "\n";
    }
    return out;
}

std::string plugin_text(const json& plugin) {
    std::string out = plugin["name"].get<std::string>() + "  " + plugin["uri"].get<std::string>() + "\n";
    for (const auto& c : plugin["controls"]) {
        const std::string unit = c["unit"].get<std::string>();
        out += "  " + c["symbol"].get<std::string>() + "  " + c["name"].get<std::string>() + ": " +
               number(c["min"].get<double>()) + " .. " + number(c["max"].get<double>()) + (unit.empty() ? "" : " " + unit) +
               ", default " + number(c["default"].get<double>());
        if (!c["scale_points"].empty()) {
            out += " (";
            bool first = true;
            for (const auto& p : c["scale_points"]) {
                out += (first ? "" : ", ") + number(p["value"].get<double>()) + " " + p["label"].get<std::string>();
                first = false;
            }
            out += ")";
        }
        out += "\n";
    }
    return out;
}

} // namespace sy::fx

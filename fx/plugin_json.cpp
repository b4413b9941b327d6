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

// The text forms read what they are given tolerantly: a reply of another
// shape prints what it has, never throws.
std::string plugins_text(const json& list) {
    std::string out;
    if (!list.is_array()) return out;
    for (const auto& p : list) {
        if (!p.is_object()) continue;
        out += p.value("name", "?") + "  [" + p.value("category", "") + ", " + std::to_string(p.value("inputs", 0)) +
               " in / " + std::to_string(p.value("outputs", 0)) + " out]  " + p.value("uri", "") + "\n";
    }
    return out;
}

std::string plugin_text(const json& plugin) {
    if (!plugin.is_object()) return {};
    std::string out = plugin.value("name", "?") + "  " + plugin.value("uri", "") + "\n";
    for (const auto& c : plugin.value("controls", json::array())) {
        if (!c.is_object()) continue;
        const std::string unit = c.value("unit", "");
        out += "  " + c.value("symbol", "?") + "  " + c.value("name", "") + ": " + number(c.value("min", 0.0)) + " .. " +
               number(c.value("max", 0.0)) + (unit.empty() ? "" : " " + unit) + ", default " +
               number(c.value("default", 0.0));
        const json points = c.value("scale_points", json::array());
        if (!points.empty()) {
            out += " (";
            bool first = true;
            for (const auto& p : points) {
                out += (first ? "" : ", ") + number(p.value("value", 0.0)) + " " + p.value("label", "");
                first = false;
            }
            out += ")";
        }
        out += "\n";
    }
    return out;
}

} // namespace sy::fx

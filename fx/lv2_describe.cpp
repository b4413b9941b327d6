#include "fx/lv2_describe.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <set>
#include <vector>

namespace sy::fx {
namespace {

constexpr const char* kLv2 = "http://lv2plug.in/ns/lv2core#";
constexpr const char* kUnits = "http://lv2plug.in/ns/extensions/units#";

// Features this host gives; any other required feature makes a plugin
// unsupported, said before instantiation fails less clearly.
const std::set<std::string> kGivenFeatures = {
    "http://lv2plug.in/ns/ext/urid#map",          "http://lv2plug.in/ns/ext/urid#unmap",
    "http://lv2plug.in/ns/ext/options#options",   "http://lv2plug.in/ns/ext/buf-size#boundedBlockLength",
    "http://lv2plug.in/ns/lv2core#isLive",        "http://lv2plug.in/ns/lv2core#hardRTCapable",
    "http://lv2plug.in/ns/lv2core#inPlaceBroken",
};

struct Node {
    LilvNode* node;
    explicit Node(LilvNode* n) : node(n) {}
    ~Node() { lilv_node_free(node); }
    Node(const Node&) = delete;
    Node& operator=(const Node&) = delete;
    operator const LilvNode*() const { return node; }
};

struct Vocabulary {
    Node audio, control, atom, cv, input, output, sidechain, optional, integer, toggled, enumeration, logarithmic,
        unit, unit_symbol, minimum_size;
    explicit Vocabulary(LilvWorld* w)
        : audio(lilv_new_uri(w, (std::string(kLv2) + "AudioPort").c_str())),
          control(lilv_new_uri(w, (std::string(kLv2) + "ControlPort").c_str())),
          atom(lilv_new_uri(w, "http://lv2plug.in/ns/ext/atom#AtomPort")),
          cv(lilv_new_uri(w, (std::string(kLv2) + "CVPort").c_str())),
          input(lilv_new_uri(w, (std::string(kLv2) + "InputPort").c_str())),
          output(lilv_new_uri(w, (std::string(kLv2) + "OutputPort").c_str())),
          sidechain(lilv_new_uri(w, (std::string(kLv2) + "isSideChain").c_str())),
          optional(lilv_new_uri(w, (std::string(kLv2) + "connectionOptional").c_str())),
          integer(lilv_new_uri(w, (std::string(kLv2) + "integer").c_str())),
          toggled(lilv_new_uri(w, (std::string(kLv2) + "toggled").c_str())),
          enumeration(lilv_new_uri(w, (std::string(kLv2) + "enumeration").c_str())),
          logarithmic(lilv_new_uri(w, "http://lv2plug.in/ns/ext/port-props#logarithmic")),
          unit(lilv_new_uri(w, (std::string(kUnits) + "unit").c_str())),
          unit_symbol(lilv_new_uri(w, (std::string(kUnits) + "symbol").c_str())),
          minimum_size(lilv_new_uri(w, "http://lv2plug.in/ns/ext/resize-port#minimumSize")) {}
};

// units:db -> "dB"; a unit of the plugin's own -> its units:symbol.
std::string unit_of(LilvWorld* world, const LilvPlugin* plugin, const LilvPort* port, const Vocabulary& v) {
    Node unit(lilv_port_get(plugin, port, v.unit));
    if (!unit.node) return {};
    if (lilv_node_is_uri(unit.node)) {
        const std::string uri = lilv_node_as_uri(unit.node);
        if (uri.rfind(kUnits, 0) == 0) {
            static const std::vector<std::pair<std::string, std::string>> known = {
                {"db", "dB"}, {"hz", "Hz"}, {"khz", "kHz"}, {"ms", "ms"}, {"s", "s"}, {"pc", "%"},
                {"bpm", "BPM"}, {"cent", "ct"}, {"semitone12TET", "st"}, {"frame", "frames"}, {"coef", ""}};
            const std::string name = uri.substr(std::string(kUnits).size());
            for (const auto& [key, text] : known) {
                if (key == name) return text;
            }
            return name;
        }
    }
    Node symbol(lilv_world_get(world, unit.node, v.unit_symbol, nullptr));
    return symbol.node && lilv_node_is_string(symbol.node) ? lilv_node_as_string(symbol.node) : std::string{};
}

ControlPort read_control(LilvWorld* world, const LilvPlugin* plugin, const LilvPort* port, int index,
                         const Vocabulary& v, float min, float max, float def) {
    ControlPort c;
    c.index = index;
    c.symbol = lilv_node_as_string(lilv_port_get_symbol(plugin, port));
    Node name(lilv_port_get_name(plugin, port));
    c.name = name.node ? lilv_node_as_string(name.node) : c.symbol;
    c.output = lilv_port_is_a(plugin, port, v.output);
    c.min = std::isnan(min) ? 0.0 : min;
    c.max = std::isnan(max) ? 1.0 : max;
    c.def = std::isnan(def) ? c.min : def;
    c.integer = lilv_port_has_property(plugin, port, v.integer);
    c.toggled = lilv_port_has_property(plugin, port, v.toggled);
    c.enumeration = lilv_port_has_property(plugin, port, v.enumeration);
    c.logarithmic = lilv_port_has_property(plugin, port, v.logarithmic);
    c.unit = unit_of(world, plugin, port, v);
    if (LilvScalePoints* points = lilv_port_get_scale_points(plugin, port)) {
        LILV_FOREACH(scale_points, it, points) {
            const LilvScalePoint* p = lilv_scale_points_get(points, it);
            c.scale_points.push_back({lilv_node_as_float(lilv_scale_point_get_value(p)),
                                      lilv_node_as_string(lilv_scale_point_get_label(p))});
        }
        lilv_scale_points_free(points);
        // lilv gives them in no set order (it differed between two builds);
        // people read them, and the GUI lists them, by value.
        std::sort(c.scale_points.begin(), c.scale_points.end(),
                  [](const ScalePoint& a, const ScalePoint& b) { return a.value < b.value; });
    }
    return c;
}

std::string missing_feature(const LilvPlugin* plugin) {
    LilvNodes* required = lilv_plugin_get_required_features(plugin);
    std::string missing;
    LILV_FOREACH(nodes, it, required) {
        const std::string uri = lilv_node_as_uri(lilv_nodes_get(required, it));
        if (!kGivenFeatures.count(uri) && missing.empty()) missing = uri;
    }
    lilv_nodes_free(required);
    return missing.empty() ? std::string{} : "it needs the feature " + missing + ", which Switchyard does not give";
}

} // namespace

PluginInfo describe_plugin(LilvWorld* world, const LilvPlugin* plugin) {
    const Vocabulary v(world);
    PluginInfo info;
    info.uri = lilv_node_as_uri(lilv_plugin_get_uri(plugin));
    Node name(lilv_plugin_get_name(plugin));
    info.name = name.node ? lilv_node_as_string(name.node) : info.uri;
    if (const LilvPluginClass* cls = lilv_plugin_get_class(plugin)) {
        info.category = lilv_node_as_string(lilv_plugin_class_get_label(cls));
    }
    info.port_count = static_cast<int>(lilv_plugin_get_num_ports(plugin));
    const auto n = static_cast<std::size_t>(info.port_count);
    std::vector<float> mins(n), maxs(n), defs(n);
    lilv_plugin_get_port_ranges_float(plugin, mins.data(), maxs.data(), defs.data());
    for (int i = 0; i < info.port_count; ++i) {
        const LilvPort* port = lilv_plugin_get_port_by_index(plugin, static_cast<uint32_t>(i));
        const bool in = lilv_port_is_a(plugin, port, v.input);
        const auto k = static_cast<std::size_t>(i);
        if (lilv_port_is_a(plugin, port, v.audio)) {
            if (!in) {
                info.audio_out.push_back(i);
            } else if (lilv_port_has_property(plugin, port, v.sidechain)) {
                info.sidechain_in.push_back(i);
            } else {
                info.audio_in.push_back(i);
            }
        } else if (lilv_port_is_a(plugin, port, v.control)) {
            info.controls.push_back(read_control(world, plugin, port, i, v, mins[k], maxs[k], defs[k]));
        } else if (lilv_port_is_a(plugin, port, v.atom)) {
            (in ? info.atom_in : info.atom_out).push_back(i);
            if (!in) {
                Node size(lilv_port_get(plugin, port, v.minimum_size));
                info.atom_out_bytes.push_back(size.node && lilv_node_is_int(size.node) ? lilv_node_as_int(size.node) : 0);
            }
        } else if (!lilv_port_has_property(plugin, port, v.optional) && info.unsupported.empty()) {
            info.unsupported = "its port \"" + std::string(lilv_node_as_string(lilv_port_get_symbol(plugin, port))) +
                               "\" is of a kind Switchyard does not feed (CV or event)";
        }
    }
    if (lilv_plugin_has_latency(plugin)) info.latency_port = static_cast<int>(lilv_plugin_get_latency_port_index(plugin));
    if (info.unsupported.empty()) info.unsupported = missing_feature(plugin);
    if (info.unsupported.empty() && info.audio_in.empty()) info.unsupported = "it has no audio input";
    if (info.unsupported.empty() && info.audio_out.empty()) info.unsupported = "it has no audio output";
    return info;
}

} // namespace sy::fx

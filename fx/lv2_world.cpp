#include "fx/lv2_world.hpp"

#include <dlfcn.h>

#include <lv2/atom/atom.h>
#include <lv2/buf-size/buf-size.h>
#include <lv2/options/options.h>
#include <lv2/parameters/parameters.h>

#include "fx/lv2_describe.hpp"

namespace sy::fx {
namespace {

// The options a plugin is instantiated with. Plugins may keep the pointers,
// so each set lives as long as the process (one per rate and block length).
struct OptionSet {
    std::int32_t min_block = 1;
    std::int32_t max_block = 0;
    std::int32_t nominal_block = 0;
    float rate = 0.0f;
    LV2_Options_Option options[5]{};
    LV2_Feature feature{LV2_OPTIONS__options, nullptr};
};

// A plugin's library stays loaded for the life of the process once it has
// been: lilv would dlclose it with its last instance, and loading it again
// for the next edit gains nothing, some plugins keep static state that
// would die with it, and the leak checker could no longer see what a
// plugin's own statics hold (it reported their allocations as leaked).
void keep_loaded(const LilvPlugin* plugin) {
    const LilvNode* library = lilv_plugin_get_library_uri(plugin);
    char* path = library ? lilv_file_uri_parse(lilv_node_as_uri(library), nullptr) : nullptr;
    if (!path) return;
    // RTLD_NOLOAD: only the copy lilv has loaded; RTLD_NODELETE: never unloaded.
    dlopen(path, RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE);
    lilv_free(path);
}

} // namespace

Lv2World& Lv2World::get() {
    static Lv2World world;
    return world;
}

Lv2World::Lv2World() : world_(lilv_world_new()) { lilv_world_load_all(world_); }

Lv2World::~Lv2World() { lilv_world_free(world_); }

const LilvPlugin* Lv2World::find(const std::string& uri) {
    LilvNode* node = lilv_new_uri(world_, uri.c_str());
    if (!node) return nullptr;
    const LilvPlugin* plugin = lilv_plugins_get_by_uri(lilv_world_get_all_plugins(world_), node);
    lilv_node_free(node);
    return plugin;
}

std::shared_ptr<const PluginInfo> Lv2World::describe(const std::string& uri) {
    std::lock_guard lock(mutex_);
    if (auto it = described_.find(uri); it != described_.end()) return it->second;
    const LilvPlugin* plugin = find(uri);
    std::shared_ptr<const PluginInfo> info;
    if (plugin) info = std::make_shared<const PluginInfo>(describe_plugin(world_, plugin));
    described_.emplace(uri, info);
    return info;
}

std::vector<PluginSummary> Lv2World::list() {
    std::lock_guard lock(mutex_);
    std::vector<PluginSummary> out;
    const LilvPlugins* plugins = lilv_world_get_all_plugins(world_);
    LILV_FOREACH(plugins, it, plugins) {
        const LilvPlugin* plugin = lilv_plugins_get(plugins, it);
        const std::string uri = lilv_node_as_uri(lilv_plugin_get_uri(plugin));
        auto cached = described_.find(uri);
        if (cached == described_.end()) {
            cached = described_.emplace(uri, std::make_shared<const PluginInfo>(describe_plugin(world_, plugin))).first;
        }
        const PluginInfo& info = *cached->second;
        if (!info.unsupported.empty()) continue;
        out.push_back({info.uri, info.name, info.category, static_cast<int>(info.audio_in.size()),
                       static_cast<int>(info.audio_out.size())});
    }
    return out;
}

LilvInstance* Lv2World::instantiate(const std::string& uri, double rate, int max_frames, std::string& error) {
    std::lock_guard lock(mutex_);
    const LilvPlugin* plugin = find(uri);
    if (!plugin) {
        error = "no LV2 plugin " + uri + " is installed";
        return nullptr;
    }
    static std::map<std::pair<int, int>, std::unique_ptr<OptionSet>> option_sets; // under mutex_
    auto& set = option_sets[{static_cast<int>(rate), max_frames}];
    if (!set) {
        set = std::make_unique<OptionSet>();
        set->max_block = set->nominal_block = max_frames;
        set->rate = static_cast<float>(rate);
        const LV2_URID int_type = urids_.map(LV2_ATOM__Int);
        auto option = [&](const char* key, std::uint32_t size, LV2_URID type, const void* value) {
            return LV2_Options_Option{LV2_OPTIONS_INSTANCE, 0, urids_.map(key), size, type, value};
        };
        set->options[0] = option(LV2_BUF_SIZE__minBlockLength, sizeof(std::int32_t), int_type, &set->min_block);
        set->options[1] = option(LV2_BUF_SIZE__maxBlockLength, sizeof(std::int32_t), int_type, &set->max_block);
        set->options[2] = option(LV2_BUF_SIZE__nominalBlockLength, sizeof(std::int32_t), int_type, &set->nominal_block);
        set->options[3] = option(LV2_PARAMETERS__sampleRate, sizeof(float), urids_.map(LV2_ATOM__Float), &set->rate);
        set->feature.data = set->options;
    }
    static LV2_Feature map{LV2_URID__map, nullptr};
    static LV2_Feature unmap{LV2_URID__unmap, nullptr};
    static LV2_Feature bounded{LV2_BUF_SIZE__boundedBlockLength, nullptr};
    map.data = urids_.map_feature_data();
    unmap.data = urids_.unmap_feature_data();
    const LV2_Feature* features[] = {&map, &unmap, &set->feature, &bounded, nullptr};
    LilvInstance* instance = lilv_plugin_instantiate(plugin, rate, features);
    if (instance) keep_loaded(plugin);
    if (!instance) error = "the plugin " + uri + " failed to instantiate at " + std::to_string(static_cast<int>(rate)) + " Hz";
    return instance;
}

} // namespace sy::fx

// The installed LV2 plugins, through lilv: loaded once per process on first
// use (LV2_PATH or lilv's default folders), described on demand, and
// instantiated with the features this host gives (URID map and unmap,
// options with the block length and rate, bounded block length). lilv is not
// thread-safe, so every call here takes one lock: these run on control
// threads only, never on an audio thread.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <lilv/lilv.h>

#include "fx/plugin_info.hpp"
#include "fx/urid_map.hpp"

namespace sy::fx {

class Lv2World {
public:
    static Lv2World& get();
    ~Lv2World();
    Lv2World(const Lv2World&) = delete;
    Lv2World& operator=(const Lv2World&) = delete;

    // Null when no plugin with that URI is installed.
    std::shared_ptr<const PluginInfo> describe(const std::string& uri);
    std::vector<PluginSummary> list();

    // A new instance, or null with `error` saying why. The caller connects,
    // activates, runs and frees it (lilv_instance_free, on a control thread).
    LilvInstance* instantiate(const std::string& uri, double rate, int max_frames, std::string& error);

    UridMap& urids() { return urids_; }

private:
    Lv2World();
    const LilvPlugin* find(const std::string& uri); // with mutex_ held
    std::shared_ptr<const PluginInfo> read_info(const LilvPlugin* plugin); // with mutex_ held

    std::mutex mutex_;
    LilvWorld* world_ = nullptr;
    UridMap urids_;
    std::map<std::string, std::shared_ptr<const PluginInfo>> described_;
};

} // namespace sy::fx

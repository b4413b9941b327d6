// An LV2 plugin running on a strip: one lilv instance per group of
// channels (fx/plugin_fit.hpp), all set alike. Made, activated, deactivated
// and freed on the control thread; run on one audio thread. Control values
// cross with one relaxed atomic store each: the audio thread copies them
// into the plugin's control ports at the start of every cycle.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <lilv/lilv.h>

#include "fx/insert_unit.hpp"
#include "fx/plugin_info.hpp"

namespace sy::fx {

class Lv2Plugin final : public InsertUnit {
public:
    // Null, with `error` saying why, when the plugin is not installed, does
    // not fit `channels` or fails to instantiate.
    static std::unique_ptr<Lv2Plugin> make(const std::string& uri, int channels, int rate, int max_frames,
                                           std::string& error);
    ~Lv2Plugin() override;

    void run(const float* const* in, float* const* out, int frames) noexcept override;
    bool set_control(const std::string& symbol, const graph::ControlValue& value, std::string& why) override;
    void apply_controls(const std::map<std::string, graph::ControlValue>& controls) override;
    int latency_frames() const override { return latency_.load(std::memory_order_relaxed); }

    const PluginInfo& info() const { return *info_; }

private:
    struct Instance;
    Lv2Plugin(std::shared_ptr<const PluginInfo> info, int channels, int max_frames);
    bool add_instance(int rate, std::string& error);
    void connect_fixed(Instance& instance);

    std::shared_ptr<const PluginInfo> info_;
    int channels_ = 0;
    int max_frames_ = 0;
    int group_ = 0;
    std::vector<std::unique_ptr<Instance>> instances_;
    // By index into info_->controls: the value the control thread set last.
    std::unique_ptr<std::atomic<float>[]> pending_;
    std::vector<float> silence_;  // sidechains and spare inputs
    std::vector<float> spare_out_; // outputs the strip does not keep
    std::atomic<int> latency_{0};
    std::uint32_t sequence_urid_ = 0; // atom:Sequence and atom:Chunk, for the atom ports
    std::uint32_t chunk_urid_ = 0;
};

} // namespace sy::fx

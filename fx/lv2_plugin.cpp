#include "fx/lv2_plugin.hpp"

#include <algorithm>
#include <cmath>

#include <lv2/atom/atom.h>

#include "fx/lv2_world.hpp"
#include "fx/plugin_fit.hpp"

namespace sy::fx {

struct Lv2Plugin::Instance {
    LilvInstance* lilv = nullptr;
    std::vector<float> ports;                      // control port values, by port index
    std::vector<std::vector<std::uint64_t>> atoms; // one buffer per atom port, 8-byte aligned
};

namespace {

constexpr std::size_t kAtomInBytes = 64;
constexpr std::size_t kAtomOutMinBytes = 8192;

// The empty sequence an atom input reads, and the room an output may fill:
// set again every cycle, as the atom extension asks.
void reset_atoms(std::vector<std::vector<std::uint64_t>>& atoms, std::size_t inputs, LV2_URID sequence,
                 LV2_URID chunk) {
    for (std::size_t i = 0; i < atoms.size(); ++i) {
        auto* seq = reinterpret_cast<LV2_Atom_Sequence*>(atoms[i].data());
        if (i < inputs) {
            seq->atom.size = sizeof(LV2_Atom_Sequence_Body);
            seq->atom.type = sequence;
            seq->body.unit = 0;
            seq->body.pad = 0;
        } else {
            seq->atom.size = static_cast<std::uint32_t>(atoms[i].size() * sizeof(std::uint64_t) - sizeof(LV2_Atom));
            seq->atom.type = chunk;
        }
    }
}

} // namespace

std::unique_ptr<Lv2Plugin> Lv2Plugin::make(const std::string& uri, int channels, int rate, int max_frames,
                                           std::string& error) {
    Lv2World& world = Lv2World::get();
    auto info = world.describe(uri);
    if (!info) {
        error = "no LV2 plugin " + uri + " is installed";
        return nullptr;
    }
    const Fit fit = fit_plugin(*info, channels);
    if (!fit.why_not.empty()) {
        error = fit.why_not;
        return nullptr;
    }
    std::unique_ptr<Lv2Plugin> plugin(new Lv2Plugin(info, channels, max_frames));
    plugin->sequence_urid_ = world.urids().map(LV2_ATOM__Sequence);
    plugin->chunk_urid_ = world.urids().map(LV2_ATOM__Chunk);
    plugin->group_ = fit.group;
    for (int i = 0; i < fit.instances; ++i) {
        if (!plugin->add_instance(rate, error)) return nullptr;
    }
    return plugin;
}

Lv2Plugin::Lv2Plugin(std::shared_ptr<const PluginInfo> info, int channels, int max_frames)
    : info_(std::move(info)),
      channels_(channels),
      max_frames_(max_frames),
      pending_(std::make_unique<std::atomic<float>[]>(info_->controls.size())),
      silence_(static_cast<std::size_t>(max_frames), 0.0f),
      spare_out_(static_cast<std::size_t>(max_frames), 0.0f) {
    for (std::size_t i = 0; i < info_->controls.size(); ++i) {
        pending_[i].store(static_cast<float>(info_->controls[i].def), std::memory_order_relaxed);
    }
}

Lv2Plugin::~Lv2Plugin() {
    for (auto& instance : instances_) {
        lilv_instance_deactivate(instance->lilv);
        lilv_instance_free(instance->lilv);
    }
}

bool Lv2Plugin::add_instance(int rate, std::string& error) {
    auto instance = std::make_unique<Instance>();
    instance->lilv = Lv2World::get().instantiate(info_->uri, rate, max_frames_, error);
    if (!instance->lilv) return false;
    instance->ports.assign(static_cast<std::size_t>(info_->port_count), 0.0f);
    for (const auto& c : info_->controls) instance->ports[static_cast<std::size_t>(c.index)] = static_cast<float>(c.def);
    for (std::size_t i = 0; i < info_->atom_in.size(); ++i) instance->atoms.emplace_back(kAtomInBytes / 8);
    for (std::size_t i = 0; i < info_->atom_out.size(); ++i) {
        const std::size_t bytes = std::max<std::size_t>(kAtomOutMinBytes, static_cast<std::size_t>(info_->atom_out_bytes[i]));
        instance->atoms.emplace_back((bytes + 7) / 8);
    }
    connect_fixed(*instance);
    lilv_instance_activate(instance->lilv);
    instances_.push_back(std::move(instance));
    return true;
}

// Control, atom and sidechain ports keep their buffers for the instance's
// life; audio ports are connected every cycle to the strip's buffers.
void Lv2Plugin::connect_fixed(Instance& instance) {
    for (const auto& c : info_->controls) {
        lilv_instance_connect_port(instance.lilv, static_cast<uint32_t>(c.index), &instance.ports[static_cast<std::size_t>(c.index)]);
    }
    std::size_t a = 0;
    for (int index : info_->atom_in) lilv_instance_connect_port(instance.lilv, static_cast<uint32_t>(index), instance.atoms[a++].data());
    for (int index : info_->atom_out) lilv_instance_connect_port(instance.lilv, static_cast<uint32_t>(index), instance.atoms[a++].data());
    for (int index : info_->sidechain_in) lilv_instance_connect_port(instance.lilv, static_cast<uint32_t>(index), silence_.data());
}

void Lv2Plugin::run(const float* const* in, float* const* out, int frames) noexcept {
    // audio thread
    const std::size_t n_controls = info_->controls.size();
    for (std::size_t k = 0; k < instances_.size(); ++k) {
        Instance& instance = *instances_[k];
        for (std::size_t i = 0; i < n_controls; ++i) {
            const ControlPort& c = info_->controls[i];
            if (!c.output) instance.ports[static_cast<std::size_t>(c.index)] = pending_[i].load(std::memory_order_relaxed);
        }
        reset_atoms(instance.atoms, info_->atom_in.size(), sequence_urid_, chunk_urid_);
        const int first = static_cast<int>(k) * group_;
        for (std::size_t j = 0; j < info_->audio_in.size(); ++j) {
            // A mono strip feeds its channel to every input.
            const int c = channels_ == 1 ? 0 : first + static_cast<int>(j);
            lilv_instance_connect_port(instance.lilv, static_cast<uint32_t>(info_->audio_in[j]), const_cast<float*>(in[c]));
        }
        for (std::size_t j = 0; j < info_->audio_out.size(); ++j) {
            float* dst = static_cast<int>(j) < group_ ? out[first + static_cast<int>(j)] : spare_out_.data();
            lilv_instance_connect_port(instance.lilv, static_cast<uint32_t>(info_->audio_out[j]), dst);
        }
        lilv_instance_run(instance.lilv, static_cast<uint32_t>(frames));
    }
    if (info_->latency_port >= 0 && !instances_.empty()) {
        const float reported = instances_[0]->ports[static_cast<std::size_t>(info_->latency_port)];
        latency_.store(std::isfinite(reported) && reported > 0 ? static_cast<int>(std::lround(reported)) : 0,
                       std::memory_order_relaxed);
    }
}

bool Lv2Plugin::set_control(const std::string& symbol, const graph::ControlValue& value, std::string& why) {
    why = control_problem(*info_, symbol, value);
    if (!why.empty()) return false;
    for (std::size_t i = 0; i < info_->controls.size(); ++i) {
        if (info_->controls[i].symbol == symbol) {
            pending_[i].store(static_cast<float>(std::get<double>(value)), std::memory_order_relaxed);
        }
    }
    return true;
}

void Lv2Plugin::apply_controls(const std::map<std::string, graph::ControlValue>& controls) {
    for (std::size_t i = 0; i < info_->controls.size(); ++i) {
        const ControlPort& c = info_->controls[i];
        if (c.output) continue;
        double value = c.def;
        if (auto it = controls.find(c.symbol); it != controls.end() && control_problem(*info_, c.symbol, it->second).empty()) {
            value = std::get<double>(it->second);
        }
        pending_[i].store(static_cast<float>(value), std::memory_order_relaxed);
    }
}

} // namespace sy::fx

#include "router/pipewire/channels.hpp"

#include <array>
#include <cstddef>

namespace sy::router {

namespace {

// Standard layouts, as PipeWire's and PulseAudio's channel maps order them.
constexpr std::array<const char*, 1> kMono{"MONO"};
constexpr std::array<const char*, 2> kStereo{"FL", "FR"};
constexpr std::array<const char*, 3> k21{"FL", "FR", "LFE"};
constexpr std::array<const char*, 4> kQuad{"FL", "FR", "RL", "RR"};
constexpr std::array<const char*, 5> k50{"FL", "FR", "FC", "RL", "RR"};
constexpr std::array<const char*, 6> k51{"FL", "FR", "FC", "LFE", "RL", "RR"};
constexpr std::array<const char*, 7> k61{"FL", "FR", "FC", "LFE", "RC", "SL", "SR"};
constexpr std::array<const char*, 8> k71{"FL", "FR", "FC", "LFE", "RL", "RR", "SL", "SR"};
constexpr std::array<const char*, 64> kAux{
    "AUX0",  "AUX1",  "AUX2",  "AUX3",  "AUX4",  "AUX5",  "AUX6",  "AUX7",  "AUX8",  "AUX9",  "AUX10", "AUX11", "AUX12",
    "AUX13", "AUX14", "AUX15", "AUX16", "AUX17", "AUX18", "AUX19", "AUX20", "AUX21", "AUX22", "AUX23", "AUX24", "AUX25",
    "AUX26", "AUX27", "AUX28", "AUX29", "AUX30", "AUX31", "AUX32", "AUX33", "AUX34", "AUX35", "AUX36", "AUX37", "AUX38",
    "AUX39", "AUX40", "AUX41", "AUX42", "AUX43", "AUX44", "AUX45", "AUX46", "AUX47", "AUX48", "AUX49", "AUX50", "AUX51",
    "AUX52", "AUX53", "AUX54", "AUX55", "AUX56", "AUX57", "AUX58", "AUX59", "AUX60", "AUX61", "AUX62", "AUX63"};

template <std::size_t N> const char* pick(const std::array<const char*, N>& layout, int channel) {
    return layout[static_cast<std::size_t>(channel)];
}

} // namespace

const char* pipewire_channel_position(int channels, int channel) {
    if (channel < 0 || channel >= channels || channel >= static_cast<int>(kAux.size())) return "UNK";
    switch (channels) {
    case 1: return pick(kMono, channel);
    case 2: return pick(kStereo, channel);
    case 3: return pick(k21, channel);
    case 4: return pick(kQuad, channel);
    case 5: return pick(k50, channel);
    case 6: return pick(k51, channel);
    case 7: return pick(k61, channel);
    case 8: return pick(k71, channel);
    default: return pick(kAux, channel);
    }
}

std::string pipewire_position_list(int channels) {
    std::string list = "[";
    for (int c = 0; c < channels; ++c) {
        list += ' ';
        list += pipewire_channel_position(channels, c);
    }
    return list + " ]";
}

std::string pipewire_port_name(const std::string& endpoint_id, int channels, int channel) {
    if (channels == 2) return endpoint_id + (channel == 0 ? "_FL" : "_FR");
    return endpoint_id + "_" + std::to_string(channel + 1);
}

} // namespace sy::router

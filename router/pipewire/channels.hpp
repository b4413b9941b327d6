// How Switchyard names the channels of a PipeWire endpoint: the
// `audio.channel` position of each port (and the `audio.position` of a
// virtual device), and the port names people see in pw-link and qpwgraph.
#pragma once

#include <string>

namespace sy::router {

// The SPA channel position name of `channel` (0-based) in an endpoint of
// `channels` channels: MONO; FL FR; the usual surround layouts up to 7.1;
// AUX0.. beyond that, so that PulseAudio clients map 5.1 and 7.1 correctly.
const char* pipewire_channel_position(int channels, int channel);

// "[ FL FR ]": the SPA JSON list for a virtual device's audio.position.
std::string pipewire_position_list(int channels);

// Port name on Switchyard's node: <id>_FL / <id>_FR for two channels,
// <id>_1 .. <id>_n otherwise.
std::string pipewire_port_name(const std::string& endpoint_id, int channels, int channel);

} // namespace sy::router

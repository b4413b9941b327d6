// The LSP plugins the insert tests run: install-deps.sh installs
// lsp-plugins-lv2 on every machine, so a missing one is a failure here.
#pragma once

namespace sy::test {

inline constexpr const char* kLspEqStereo = "http://lsp-plug.in/plugins/lv2/para_equalizer_x16_stereo";
inline constexpr const char* kLspEqMono = "http://lsp-plug.in/plugins/lv2/para_equalizer_x16_mono";
inline constexpr const char* kLspCompressorStereo = "http://lsp-plug.in/plugins/lv2/compressor_stereo";
inline constexpr const char* kLspCompressorMono = "http://lsp-plug.in/plugins/lv2/compressor_mono";
inline constexpr const char* kLspGateStereo = "http://lsp-plug.in/plugins/lv2/gate_stereo";
inline constexpr const char* kLspLimiterStereo = "http://lsp-plug.in/plugins/lv2/limiter_stereo";

} // namespace sy::test

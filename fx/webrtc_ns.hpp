// The C interface of webrtc's noise suppressor (upstream
// modules/audio_processing/ns/noise_suppression.h). Debian's
// libwebrtc-audio-processing exports these functions but installs only the
// C++ AudioProcessing header, and AudioProcessing::ProcessStream takes a
// mutex on every frame, which an audio thread must not. These calls take
// none and, once the suppressor is made and initialised, allocate nothing.
#pragma once

#include <cstddef>
#include <cstdint>

extern "C" {
typedef struct NsHandleT NsHandle;
NsHandle* WebRtcNs_Create();
void WebRtcNs_Free(NsHandle* handle);
// fs: 8000, 16000, 32000 or 48000. At 32000 the suppressor takes two bands
// of 10 ms at 16 kHz each: the lower is denoised, the upper scaled by a
// gain the lower band's analysis gives.
int WebRtcNs_Init(NsHandle* handle, std::uint32_t fs);
// 0 mild, 1 medium, 2 aggressive, 3 very aggressive.
int WebRtcNs_set_policy(NsHandle* handle, int mode);
// Samples are in 16-bit range (+-32768), as float.
void WebRtcNs_Analyze(NsHandle* handle, const float* frame);
void WebRtcNs_Process(NsHandle* handle, const float* const* frame, std::size_t bands, float* const* out);
}

// The URID map and unmap features every LV2 host gives its plugins: URIs to
// small integers, stable for the life of the process. Plugins map the URIs
// they use when they are instantiated, on the control thread; the lock here
// is never taken on an audio thread by the plugins hosted (the real-time
// tests count locks around a Plan with plugins in it). lilv has no map of
// its own to lend, so this is the few lines every host writes.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

#include <lv2/urid/urid.h>

namespace sy::fx {

class UridMap {
public:
    UridMap();
    UridMap(const UridMap&) = delete;
    UridMap& operator=(const UridMap&) = delete;

    LV2_URID map(const char* uri);
    const char* unmap(LV2_URID urid);

    LV2_URID_Map* map_feature_data() { return &map_; }
    LV2_URID_Unmap* unmap_feature_data() { return &unmap_; }

private:
    std::mutex mutex_;
    std::deque<std::string> uris_; // urid - 1 -> uri; a deque keeps c_str() stable
    std::unordered_map<std::string, LV2_URID> ids_;
    LV2_URID_Map map_{};
    LV2_URID_Unmap unmap_{};
};

} // namespace sy::fx

#include "fx/urid_map.hpp"

namespace sy::fx {

UridMap::UridMap() {
    map_.handle = this;
    map_.map = [](LV2_URID_Map_Handle h, const char* uri) { return static_cast<UridMap*>(h)->map(uri); };
    unmap_.handle = this;
    unmap_.unmap = [](LV2_URID_Unmap_Handle h, LV2_URID urid) { return static_cast<UridMap*>(h)->unmap(urid); };
}

LV2_URID UridMap::map(const char* uri) {
    std::lock_guard lock(mutex_);
    auto [it, added] = ids_.emplace(uri, static_cast<LV2_URID>(uris_.size() + 1));
    if (added) uris_.push_back(it->first);
    return it->second;
}

const char* UridMap::unmap(LV2_URID urid) {
    std::lock_guard lock(mutex_);
    if (urid == 0 || urid > uris_.size()) return nullptr;
    return uris_[urid - 1].c_str();
}

} // namespace sy::fx

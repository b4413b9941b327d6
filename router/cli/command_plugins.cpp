#include <iostream>

#include "fx/lv2_world.hpp"
#include "fx/plugin_json.hpp"
#include "router/cli/commands.hpp"

namespace sy::router {

int command_plugins(const std::string& search, const std::string& uri, bool json) {
    fx::Lv2World& world = fx::Lv2World::get();
    if (!uri.empty()) {
        const auto info = world.describe(uri);
        if (!info) {
            std::cerr << "switchyard plugins: no LV2 plugin " << uri << " is installed\n";
            return kExitFailed;
        }
        const auto described = fx::plugin_json(*info);
        std::cout << (json ? described.dump(2) + "\n" : fx::plugin_text(described));
        return kExitOk;
    }
    const auto list = fx::plugins_json(world.list(), search);
    std::cout << (json ? list.dump(2) + "\n" : fx::plugins_text(list));
    return kExitOk;
}

} // namespace sy::router

#include "fx/insert_factory.hpp"

#include "fx/builtin.hpp"
#include "fx/lv2_plugin.hpp"

namespace sy::fx {

std::unique_ptr<InsertUnit> make_unit(const graph::Insert& insert, int channels, int rate, int max_frames,
                                      std::string& error) {
    std::unique_ptr<InsertUnit> unit = insert.builtin.empty()
                                           ? std::unique_ptr<InsertUnit>(Lv2Plugin::make(insert.lv2, channels, rate, max_frames, error))
                                           : make_builtin(insert.builtin, channels, rate, max_frames, error);
    if (!unit) return nullptr;
    for (const auto& [symbol, value] : insert.controls) {
        if (!unit->set_control(symbol, value, error)) return nullptr;
    }
    return unit;
}

} // namespace sy::fx

#include "fx/insert_check.hpp"

#include "fx/builtin.hpp"
#include "fx/lv2_world.hpp"
#include "fx/plugin_fit.hpp"

namespace sy::fx {

graph::Problems check_insert(const graph::Insert& insert, int channels, const std::string& where) {
    graph::Problems out;
    if (!insert.builtin.empty()) {
        if (!is_builtin(insert.builtin)) {
            out.push_back({where + ".builtin", "no built-in \"" + insert.builtin + "\": " + builtin_names()});
            return out;
        }
        for (const auto& [symbol, value] : insert.controls) {
            std::string why = builtin_control_problem(insert.builtin, symbol, value);
            if (!why.empty()) out.push_back({where + ".controls." + symbol, why});
        }
        return out;
    }
    const auto info = Lv2World::get().describe(insert.lv2);
    if (!info) {
        out.push_back({where + ".lv2", "no LV2 plugin " + insert.lv2 +
                                           " is installed (`switchyard plugins` lists those that are)"});
        return out;
    }
    const Fit fit = fit_plugin(*info, channels);
    if (!fit.why_not.empty()) out.push_back({where + ".lv2", fit.why_not});
    for (const auto& [symbol, value] : insert.controls) {
        std::string why = control_problem(*info, symbol, value);
        if (!why.empty()) out.push_back({where + ".controls." + symbol, why});
    }
    return out;
}

graph::Problems check_inserts(const graph::Model& model) {
    graph::Problems out;
    for (const auto* list : {&model.inputs, &model.buses, &model.outputs}) {
        for (std::size_t i = 0; i < list->size(); ++i) {
            const graph::Endpoint& e = (*list)[i];
            for (std::size_t j = 0; j < e.inserts.size(); ++j) {
                for (auto& p : check_insert(e.inserts[j], e.channels, graph::insert_field(e.kind, i, j))) {
                    out.push_back(std::move(p));
                }
            }
        }
    }
    return out;
}

} // namespace sy::fx

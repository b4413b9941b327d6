#include "fx/insert_factory.hpp"

#include <vector>

#include "fx/builtin.hpp"
#include "fx/lv2_plugin.hpp"

namespace sy::fx {
namespace {

// A plugin reports its latency from run(), for the controls it runs with
// (a lookahead, a linear-phase mode): one block of silence, here on the
// control thread, gives the budget its figure before audio does.
void run_silence(InsertUnit& unit, int channels, int frames) {
    const auto n = static_cast<std::size_t>(frames) * static_cast<std::size_t>(channels);
    std::vector<float> zeros(n, 0.0f), sink(n, 0.0f);
    std::vector<const float*> in;
    std::vector<float*> out;
    for (int c = 0; c < channels; ++c) {
        in.push_back(zeros.data() + static_cast<std::ptrdiff_t>(c) * frames);
        out.push_back(sink.data() + static_cast<std::ptrdiff_t>(c) * frames);
    }
    unit.run(in.data(), out.data(), frames);
}

} // namespace

std::unique_ptr<InsertUnit> make_unit(const graph::Insert& insert, int channels, int rate, int max_frames,
                                      std::string& error) {
    std::unique_ptr<InsertUnit> unit = insert.builtin.empty()
                                           ? std::unique_ptr<InsertUnit>(Lv2Plugin::make(insert.lv2, channels, rate, max_frames, error))
                                           : make_builtin(insert.builtin, channels, rate, max_frames, error);
    if (!unit) return nullptr;
    for (const auto& [symbol, value] : insert.controls) {
        if (!unit->set_control(symbol, value, error)) return nullptr;
    }
    run_silence(*unit, channels, max_frames);
    return unit;
}

} // namespace sy::fx

#include "fx/builtin.hpp"

#include "fx/denoiser.hpp"

namespace sy::fx {

bool is_builtin(const std::string& name) { return name == "denoise"; }

std::string builtin_names() { return "the built-in is \"denoise\""; }

std::string builtin_control_problem(const std::string& name, const std::string& symbol, const graph::ControlValue& value) {
    if (name == "denoise") return Denoiser::control_problem(symbol, value);
    return "no built-in \"" + name + "\"";
}

std::unique_ptr<InsertUnit> make_builtin(const std::string& name, int channels, int rate, int, std::string& error) {
    if (name == "denoise") return Denoiser::make(channels, rate, error);
    error = "no built-in \"" + name + "\"";
    return nullptr;
}

} // namespace sy::fx

#include "gui/mixer_board.hpp"

#include <glibmm/main.h>

namespace sy::gui {

MixerBoard::MixerBoard(EngineLink& link) : link_(link) {
    set_policy(Gtk::POLICY_AUTOMATIC, Gtk::POLICY_NEVER);
    row_.set_border_width(8);
    add(row_);
    get_accessible()->set_name("mixer");
}

void MixerBoard::show_view(const EngineView& view) {
    bool same = view.endpoints.size() == strips_.size();
    for (std::size_t i = 0; same && i < strips_.size(); ++i) {
        const auto& e = view.endpoints[i];
        same = strips_[i]->id() == e.id && strips_[i]->kind() == e.kind && strips_[i]->channels() == e.channels;
    }
    if (same) {
        for (std::size_t i = 0; i < strips_.size(); ++i) strips_[i]->update(view.endpoints[i]);
        return;
    }
    for (auto& s : strips_) row_.remove(*s);
    for (auto& s : separators_) row_.remove(*s);
    strips_.clear();
    separators_.clear();
    // The engine lists inputs, then buses, then outputs.
    for (std::size_t i = 0; i < view.endpoints.size(); ++i) {
        const auto& e = view.endpoints[i];
        if (i > 0 && view.endpoints[i - 1].kind != e.kind) {
            separators_.push_back(std::make_unique<Gtk::Separator>(Gtk::ORIENTATION_VERTICAL));
            row_.pack_start(*separators_.back(), false, false, 4);
            separators_.back()->show();
        }
        strips_.push_back(std::make_unique<MixerStrip>(link_, e));
        strips_.back()->signal_message().connect([this](std::string m) { message_.emit(m); });
        row_.pack_start(*strips_.back(), false, false);
    }
    row_.show();
}

void MixerBoard::feed_meters(const nlohmann::json& endpoints) {
    if (!endpoints.is_object()) return;
    const double now = static_cast<double>(g_get_monotonic_time()) / 1e6;
    for (auto& s : strips_) {
        const auto it = endpoints.find(s->id());
        if (it != endpoints.end()) s->feed_meter(*it, now);
    }
}

void MixerBoard::silence() {
    for (auto& s : strips_) s->silence_meter();
}

MixerStrip* MixerBoard::strip(const std::string& id) {
    for (auto& s : strips_) {
        if (s->id() == id) return s.get();
    }
    return nullptr;
}

} // namespace sy::gui

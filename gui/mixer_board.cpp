#include "gui/mixer_board.hpp"

#include <cmath>

#include <glibmm/main.h>

#include "gui/loudness_target.hpp"

namespace sy::gui {

MixerBoard::MixerBoard(EngineLink& link, std::string target_file)
    : Gtk::Box(Gtk::ORIENTATION_VERTICAL, 0), link_(link), catalog_(link),
      target_file_(target_file.empty() ? default_loudness_target_file() : std::move(target_file)),
      target_(read_loudness_target(target_file_)) {
    get_accessible()->set_name("mixer");
    for (const auto& t : kLoudnessTargets) {
        target_combo_.append(std::to_string(static_cast<int>(t.lufs)), t.label);
        if (std::abs(t.lufs - target_) < 0.01) target_combo_.set_active_id(std::to_string(static_cast<int>(t.lufs)));
    }
    target_combo_.get_accessible()->set_name("loudness target");
    target_combo_.set_tooltip_text("What every strip's LUFS figure is held against: green within 1 LU of it, "
                                   "red above, amber below");
    target_combo_.signal_changed().connect(sigc::mem_fun(*this, &MixerBoard::on_target_changed));
    target_label_.get_style_context()->add_class("sy-hint");
    target_label_.set_xalign(0.0f);
    // At the row's end, as a master section: a bar above the strips would
    // take height the strips need.
    target_box_.pack_start(target_label_, false, false);
    target_box_.pack_start(target_combo_, false, false);
    row_.pack_end(target_box_, false, false);
    target_box_.show_all();

    scroller_.set_policy(Gtk::POLICY_AUTOMATIC, Gtk::POLICY_AUTOMATIC);
    row_.set_border_width(8);
    scroller_.add(row_);
    pack_start(scroller_, true, true);
    catalog_.signal_loaded().connect([this] {
        for (auto& s : strips_) s->inserts().refresh_names();
    });
}

void MixerBoard::on_target_changed() {
    const std::string id = target_combo_.get_active_id();
    if (id.empty()) return;
    target_ = std::stod(id);
    for (auto& s : strips_) s->set_loudness_target(target_);
    if (const std::string error = write_loudness_target(target_file_, target_); !error.empty()) {
        message_.emit("Loudness target: " + error);
    }
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
        strips_.push_back(std::make_unique<MixerStrip>(link_, catalog_, e, target_));
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

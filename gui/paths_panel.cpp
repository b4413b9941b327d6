#include "gui/paths_panel.hpp"

#include <algorithm>
#include <cstdio>

#include <atkmm/object.h>

namespace sy::gui {

namespace {

std::string ms_text(double ms) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f ms", ms);
    return buf;
}

} // namespace

PathsPanel::PathsPanel() : Gtk::Box(Gtk::ORIENTATION_VERTICAL, 6) {
    title_.set_text("Paths by latency");
    title_.set_xalign(0.0f);
    title_.get_style_context()->add_class("sy-panel-title");
    over_label_.set_text("highlight over");
    over_label_.get_style_context()->add_class("sy-hint");
    threshold_.set_range(0.5, 500.0);
    threshold_.set_increments(0.5, 5.0);
    threshold_.set_digits(1);
    threshold_.set_value(kDefaultThresholdMs);
    threshold_.get_accessible()->set_name("latency threshold in ms");
    threshold_.set_tooltip_text("Paths slower than this many milliseconds are highlighted");
    threshold_.signal_value_changed().connect([this] {
        restyle();
        threshold_changed_.emit(threshold_.get_value());
    });
    auto* ms = Gtk::manage(new Gtk::Label("ms"));
    ms->get_style_context()->add_class("sy-hint");
    header_.pack_start(title_, true, true);
    header_.pack_start(over_label_, false, false);
    header_.pack_start(threshold_, false, false);
    header_.pack_start(*ms, false, false);
    pack_start(header_, false, false);

    list_.set_selection_mode(Gtk::SELECTION_SINGLE);
    list_.get_accessible()->set_name("paths");
    list_.signal_row_selected().connect([this](Gtk::ListBoxRow* row) {
        std::vector<std::string> hops;
        for (auto& r : rows_) {
            if (&r->row == row) hops = r->path.hops;
        }
        picked_.emit(hops);
    });
    scroller_.set_policy(Gtk::POLICY_NEVER, Gtk::POLICY_AUTOMATIC);
    scroller_.add(list_);
    scroller_.set_vexpand(true);
    pack_start(scroller_, true, true);
    pack_start(legend_, false, false);
}

void PathsPanel::show_paths(const std::vector<PathView>& paths) {
    paths_ = paths;
    std::stable_sort(paths_.begin(), paths_.end(), [](const PathView& a, const PathView& b) { return a.total_ms > b.total_ms; });
    rebuild();
}

void PathsPanel::rebuild() {
    for (auto& r : rows_) list_.remove(r->row);
    rows_.clear();
    for (const auto& p : paths_) {
        auto r = std::make_unique<Row>();
        r->path = p;
        r->text.set_text(p.text());
        r->text.set_xalign(0.0f);
        r->text.set_ellipsize(Pango::ELLIPSIZE_MIDDLE);
        r->ms.set_text(ms_text(p.total_ms));
        r->ms.get_style_context()->add_class("sy-path-ms");
        r->runs_in.set_text(p.runs_in);
        r->runs_in.get_style_context()->add_class("sy-hint");
        if (!p.runs_in.empty())
            r->runs_in.set_tooltip_text("runs in " + p.runs_in + "'s cycle; a bridge in its bar is its input crossing into it");
        r->top.pack_start(r->text, true, true);
        r->top.pack_start(r->runs_in, false, false);
        r->top.pack_start(r->ms, false, false);
        r->box.pack_start(r->top, false, false);
        r->box.pack_start(r->bar, false, false);
        r->row.add(r->box);
        r->row.get_style_context()->add_class("sy-path-row");
        r->row.get_accessible()->set_name("path " + p.text() + " " + ms_text(p.total_ms));
        r->row.show_all();
        list_.append(r->row);
        rows_.push_back(std::move(r));
    }
    restyle();
}

void PathsPanel::restyle() {
    const double threshold = threshold_.get_value();
    double scale = threshold * 1.25;
    for (const auto& p : paths_) scale = std::max(scale, p.total_ms);
    for (auto& r : rows_) {
        r->bar.set(r->path, scale, threshold);
        if (r->path.total_ms > threshold) {
            r->row.get_style_context()->add_class("sy-over");
            r->ms.set_text("\u26a0 " + ms_text(r->path.total_ms));
        } else {
            r->row.get_style_context()->remove_class("sy-over");
            r->ms.set_text(ms_text(r->path.total_ms));
        }
    }
}

int PathsPanel::rows_over_threshold() const {
    int n = 0;
    for (const auto& r : rows_) n += r->path.total_ms > threshold_.get_value();
    return n;
}

} // namespace sy::gui

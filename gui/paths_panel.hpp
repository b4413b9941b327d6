// Every path the engine reports (input -> buses -> output), worst latency
// first, each with its total in ms and its parts as a stacked bar. Paths
// over the threshold (a spin button, in ms) are highlighted. Picking a row
// highlights that path's routes on the patchbay.
#pragma once

#include <memory>
#include <vector>

#include <gtkmm/box.h>
#include <gtkmm/label.h>
#include <gtkmm/listbox.h>
#include <gtkmm/scrolledwindow.h>
#include <gtkmm/spinbutton.h>

#include "gui/engine_view.hpp"
#include "gui/latency_bar.hpp"

namespace sy::gui {

class PathsPanel : public Gtk::Box {
public:
    static constexpr double kDefaultThresholdMs = 20.0;

    PathsPanel();

    void show_paths(const std::vector<PathView>& paths);
    double threshold_ms() const { return threshold_.get_value(); }
    void set_threshold_ms(double ms) { threshold_.set_value(ms); }
    int rows_over_threshold() const;
    int rows() const { return static_cast<int>(rows_.size()); }

    // The hops of the path picked (empty: none).
    sigc::signal<void, std::vector<std::string>>& signal_path_picked() { return picked_; }
    sigc::signal<void, double>& signal_threshold() { return threshold_changed_; }

private:
    struct Row {
        PathView path;
        Gtk::ListBoxRow row;
        Gtk::Box box{Gtk::ORIENTATION_VERTICAL, 3};
        Gtk::Box top{Gtk::ORIENTATION_HORIZONTAL, 6};
        Gtk::Label text, ms;
        Gtk::Label runs_in; // whose cycle runs the path: "jack" or "pipewire"
        LatencyBar bar;
    };
    void rebuild();
    void restyle();

    Gtk::Box header_{Gtk::ORIENTATION_HORIZONTAL, 6};
    Gtk::Label title_, over_label_;
    Gtk::SpinButton threshold_;
    Gtk::ScrolledWindow scroller_;
    Gtk::ListBox list_;
    LatencyLegend legend_;
    std::vector<PathView> paths_;
    std::vector<std::unique_ptr<Row>> rows_;
    sigc::signal<void, std::vector<std::string>> picked_;
    sigc::signal<void, double> threshold_changed_;
};

} // namespace sy::gui

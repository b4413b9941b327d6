// A path's latency budget as one stacked bar: a segment per part, coloured
// by kind (device, period, bridge, resampler, quantum, insert), on a scale shared by
// every bar in its panel so lengths compare, with the threshold marked.
#pragma once

#include <vector>

#include <gtkmm/drawingarea.h>

#include "gui/engine_view.hpp"

namespace sy::gui {

class LatencyBar : public Gtk::DrawingArea {
public:
    LatencyBar();

    // `scale_ms` is the length of the whole bar; `threshold_ms` <= 0: no mark.
    void set(const PathView& path, double scale_ms, double threshold_ms);

protected:
    bool on_draw(const Cairo::RefPtr<Cairo::Context>& cr) override;

private:
    std::vector<LatencyPartView> parts_;
    double total_ms_ = 0.0, scale_ms_ = 1.0, threshold_ms_ = 0.0;
};

// A row of coloured squares naming the kinds: the bars' key.
class LatencyLegend : public Gtk::DrawingArea {
public:
    LatencyLegend();

protected:
    bool on_draw(const Cairo::RefPtr<Cairo::Context>& cr) override;
};

} // namespace sy::gui

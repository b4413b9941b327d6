// A peak and RMS meter for one endpoint, one bar per channel: RMS solid,
// peak lighter above it, a peak-hold line, green up to -18 dBFS, yellow to
// -6, red above. It draws what MeterBallistics holds; the strip feeds it
// from the engine's `meters` events (30 a second), so the engine does
// nothing for it but read its atomics.
#pragma once

#include <gtkmm/drawingarea.h>

#include "gui/meter_ballistics.hpp"

namespace sy::gui {

class LevelMeter : public Gtk::DrawingArea {
public:
    static constexpr double kBottomDb = -60.0;
    static constexpr double kGreenTopDb = -18.0;
    static constexpr double kYellowTopDb = -6.0;

    explicit LevelMeter(int channels);

    MeterBallistics& ballistics() { return ballistics_; }
    void changed() { queue_draw(); }

protected:
    bool on_draw(const Cairo::RefPtr<Cairo::Context>& cr) override;

private:
    MeterBallistics ballistics_;
    int channels_;
};

} // namespace sy::gui

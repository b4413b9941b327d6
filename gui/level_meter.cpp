#include "gui/level_meter.hpp"

#include <algorithm>
#include <cstdio>

#include <atkmm/object.h>

namespace sy::gui {

namespace {

constexpr int kScaleWidth = 22; // the dB figures on the left
constexpr int kBarWidth = 9;
constexpr int kBarGap = 3;

struct Zone {
    double from_db, to_db;
    double r, g, b;
};
constexpr Zone kZones[] = {
    {LevelMeter::kBottomDb, LevelMeter::kGreenTopDb, 0.22, 0.80, 0.36},
    {LevelMeter::kGreenTopDb, LevelMeter::kYellowTopDb, 0.96, 0.80, 0.19},
    {LevelMeter::kYellowTopDb, 0.0, 0.95, 0.26, 0.21},
};

} // namespace

LevelMeter::LevelMeter(int channels) : channels_(std::max(1, channels)) {
    // 80 px still tells -60 from -18 from 0 dBFS; the strip also holds its
    // inserts and loudness, and with one insert all of it fits the mixer's
    // 290 px. It grows with the mixer.
    set_size_request(kScaleWidth + channels_ * (kBarWidth + kBarGap), 80);
    set_vexpand(true);
}

bool LevelMeter::on_draw(const Cairo::RefPtr<Cairo::Context>& cr) {
    const double h = get_allocated_height();
    const double top = 4, bottom = h - 4;
    auto y_of = [&](double db) {
        const double f = std::clamp((db - kBottomDb) / (0.0 - kBottomDb), 0.0, 1.0);
        return bottom - f * (bottom - top);
    };

    // Scale: figures and ticks.
    Pango::FontDescription font("Sans 6.5");
    double last_y = -1e9;
    for (double db : {0.0, -6.0, -12.0, -18.0, -30.0, -45.0, -60.0}) {
        // A short meter would print figures over each other: one that
        // would touch the last is left out (its tick stays).
        const bool figure = y_of(db) - last_y >= 10.0 || db == kBottomDb;
        if (figure) last_y = y_of(db);
        char text[8];
        std::snprintf(text, sizeof text, "%.0f", db);
        auto layout = create_pango_layout(text);
        layout->set_font_description(font);
        int tw = 0, th = 0;
        layout->get_pixel_size(tw, th);
        if (figure) {
            cr->set_source_rgba(0.65, 0.68, 0.74, 0.9);
            cr->move_to(kScaleWidth - 4 - tw, std::clamp(y_of(db) - th / 2.0, 0.0, h - th));
            layout->show_in_cairo_context(cr);
        }
        cr->set_source_rgba(1, 1, 1, 0.12);
        cr->rectangle(kScaleWidth - 3, y_of(db), 2, 1);
        cr->fill();
    }

    const auto& chans = ballistics_.channels();
    for (int c = 0; c < channels_; ++c) {
        const double x = kScaleWidth + c * (kBarWidth + kBarGap);
        MeterBallistics::Channel ch;
        if (c < static_cast<int>(chans.size())) ch = chans[static_cast<std::size_t>(c)];
        for (const Zone& z : kZones) {
            const double z_top = y_of(z.to_db), z_bottom = y_of(z.from_db);
            // Unlit: a dim trace of the zone, so the scale reads even in silence.
            cr->set_source_rgba(z.r, z.g, z.b, 0.12);
            cr->rectangle(x, z_top, kBarWidth, z_bottom - z_top);
            cr->fill();
            // Peak, lighter.
            const double peak_top = std::max(z_top, y_of(ch.peak_db));
            if (peak_top < z_bottom) {
                cr->set_source_rgba(z.r, z.g, z.b, 0.45);
                cr->rectangle(x, peak_top, kBarWidth, z_bottom - peak_top);
                cr->fill();
            }
            // RMS, solid.
            const double rms_top = std::max(z_top, y_of(ch.rms_db));
            if (rms_top < z_bottom) {
                cr->set_source_rgba(z.r, z.g, z.b, 1.0);
                cr->rectangle(x, rms_top, kBarWidth, z_bottom - rms_top);
                cr->fill();
            }
        }
        if (ch.hold_db > kBottomDb) {
            const double y = y_of(ch.hold_db);
            cr->set_source_rgba(0.95, 0.95, 0.95, 0.95);
            cr->rectangle(x, y - 1, kBarWidth, 2);
            cr->fill();
        }
    }
    return true;
}

} // namespace sy::gui

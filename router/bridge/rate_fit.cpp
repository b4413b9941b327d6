#include "router/bridge/rate_fit.hpp"

namespace sy::router {

void RateFit::add(double frames_read, double writer_position) {
    // Reader thread only. Sums relative to the newest point, moved there
    // point by point, so that they stay small and exact over any run.
    const double dx = reader_frames - x_origin;
    xx += dx * (dx * n - 2.0 * x);
    xy -= dx * y;
    x -= dx * n;
    const double dy = writer_position - y_origin;
    xy -= dy * x;
    y -= dy * n;
    x_origin = reader_frames;
    y_origin = writer_position;
    n += 1.0;
    points += 1.0;
    reader_frames += frames_read;
}

void RateFit::new_segment() {
    // Reader thread only. Centred sums: what a segment adds to the pooled
    // slope whatever its offset.
    closed_sxx = pooled_sxx();
    closed_sxy = pooled_sxy();
    n = x = xx = y = xy = 0.0;
}

double RateFit::pooled_sxx() const { return closed_sxx + (n > 0.0 ? xx - x * x / n : 0.0); }

double RateFit::pooled_sxy() const { return closed_sxy + (n > 0.0 ? xy - x * y / n : 0.0); }

bool RateFit::ready() const { return points >= 3.0 && pooled_sxx() > 0.0; }

double RateFit::writer_frames_per_reader_frame() const { return pooled_sxy() / pooled_sxx(); }

} // namespace sy::router

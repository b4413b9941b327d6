// The line the bridge's loop learns the clocks' rate ratio from while it
// acquires (see Bridge::steer()).
#pragma once

namespace sy::router {

// A least-squares line through (our frames read, the writer's position
// at that read's time) since acquiring began: its slope is the clocks'
// rate ratio. Sums of the points' offsets from the newest one.
// A cycle either side lost (an xrun: its clock moved on, its frames did
// not) shifts the line by up to a period; the fit then starts a new
// segment and the slope is pooled over all segments, so only the rate
// is learnt from them and never a step.
struct RateFit {
    double n = 0.0, x = 0.0, xx = 0.0, y = 0.0, xy = 0.0; // this segment
    double x_origin = 0.0, y_origin = 0.0; // the newest point
    double reader_frames = 0.0;            // frames read so far
    double points = 0.0;                   // in all segments
    double closed_sxx = 0.0, closed_sxy = 0.0; // centred sums of the segments before this one
    void add(double frames_read, double writer_position);
    void new_segment();
    // Centred sums over every segment, this one included.
    double pooled_sxx() const;
    double pooled_sxy() const;
    bool ready() const;
    double writer_frames_per_reader_frame() const;
};

} // namespace sy::router

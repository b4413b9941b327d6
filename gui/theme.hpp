// The look: a dark theme, one colour per kind of endpoint (inputs teal,
// buses amber, outputs blue) used by the boxes, the curves and the strips,
// and the CSS classes the widgets put on (sy-input, sy-waiting, ...).
#pragma once

#include <string>

#include "gui/engine_view.hpp"
#include "gui/latency_parts.hpp"

namespace sy::gui {

// Once, after GTK is up: prefers the dark variant and loads our CSS.
void install_theme();

// switchyard.svg where `cmake --install` put it, or in the source tree; "" if neither.
std::string icon_file();

Rgb kind_colour(EndpointKind kind);
const char* kind_css_class(EndpointKind kind); // "sy-input", "sy-bus", "sy-output"

} // namespace sy::gui

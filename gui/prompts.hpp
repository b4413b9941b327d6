// The two small questions the GUI asks: a line of text (rename an endpoint,
// save a preset under a name) and a yes/no (remove an endpoint). Not modal
// loops: the answer comes to a callback, so the main loop (meters, the
// engine link) keeps running while the dialog is open.
#pragma once

#include <functional>
#include <string>

#include <gtkmm/window.h>

namespace sy::gui {

// `on_answer` runs with the text when the person confirms, not at all on cancel.
void ask_text(Gtk::Window* parent, const std::string& title, const std::string& prompt, const std::string& initial,
              std::function<void(const std::string&)> on_answer);

void ask_confirm(Gtk::Window* parent, const std::string& question, const std::string& detail,
                 const std::string& confirm_label, std::function<void()> on_yes);

} // namespace sy::gui

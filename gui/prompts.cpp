#include "gui/prompts.hpp"

#include <atkmm/object.h>
#include <glibmm/main.h>
#include <gtkmm/box.h>
#include <gtkmm/dialog.h>
#include <gtkmm/entry.h>
#include <gtkmm/label.h>
#include <gtkmm/messagedialog.h>

namespace sy::gui {

void ask_text(Gtk::Window* parent, const std::string& title, const std::string& prompt, const std::string& initial,
              std::function<void(const std::string&)> on_answer) {
    auto* dialog = new Gtk::Dialog(title, true);
    if (parent) dialog->set_transient_for(*parent);
    dialog->add_button("_Cancel", Gtk::RESPONSE_CANCEL);
    dialog->add_button("_OK", Gtk::RESPONSE_OK);
    dialog->set_default_response(Gtk::RESPONSE_OK);
    auto* label = Gtk::manage(new Gtk::Label(prompt));
    label->set_xalign(0.0f);
    auto* entry = Gtk::manage(new Gtk::Entry());
    entry->set_text(initial);
    entry->set_activates_default(true);
    entry->get_accessible()->set_name(title);
    Gtk::Box* area = dialog->get_content_area();
    area->set_spacing(8);
    area->set_border_width(12);
    area->pack_start(*label, false, false);
    area->pack_start(*entry, false, false);
    dialog->signal_response().connect([dialog, entry, on_answer = std::move(on_answer)](int response) {
        const std::string text = entry->get_text();
        dialog->hide();
        // Deleted once GTK is done with this signal.
        Glib::signal_idle().connect_once([dialog] { delete dialog; });
        if (response == Gtk::RESPONSE_OK && !text.empty()) on_answer(text);
    });
    dialog->show_all();
}

void ask_confirm(Gtk::Window* parent, const std::string& question, const std::string& detail,
                 const std::string& confirm_label, std::function<void()> on_yes) {
    auto* dialog = new Gtk::MessageDialog(question, false, Gtk::MESSAGE_QUESTION, Gtk::BUTTONS_NONE, true);
    if (parent) dialog->set_transient_for(*parent);
    dialog->set_secondary_text(detail);
    dialog->add_button("_Cancel", Gtk::RESPONSE_CANCEL);
    dialog->add_button(confirm_label, Gtk::RESPONSE_OK);
    dialog->set_default_response(Gtk::RESPONSE_CANCEL);
    dialog->signal_response().connect([dialog, on_yes = std::move(on_yes)](int response) {
        dialog->hide();
        Glib::signal_idle().connect_once([dialog] { delete dialog; });
        if (response == Gtk::RESPONSE_OK) on_yes();
    });
    dialog->show_all();
}

} // namespace sy::gui

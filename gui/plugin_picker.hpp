// The list an insert is picked from: the built-in denoiser and every plugin
// the engine can run (PluginCatalog), narrowed as the person types into the
// search field (name, category or URI, any case). Enter in the field or a
// click on a row picks one; Esc closes it. Main thread only.
#pragma once

#include <string>
#include <vector>

#include <gtkmm/box.h>
#include <gtkmm/label.h>
#include <gtkmm/listbox.h>
#include <gtkmm/scrolledwindow.h>
#include <gtkmm/searchentry.h>
#include <gtkmm/window.h>
#include <sigc++/sigc++.h>

#include "gui/plugin_catalog.hpp"

namespace sy::gui {

struct PluginChoice {
    std::string uri;     // an LV2 plugin's, or ""
    std::string builtin; // "denoise", or ""
    std::string name;
};

class PluginPicker : public Gtk::Window {
public:
    PluginPicker(PluginCatalog& catalog, const std::string& endpoint);

    void open(); // shows it with an empty search, fetching the list if it is not here yet
    Gtk::SearchEntry& search() { return search_; }
    Gtk::ListBox& list() { return list_; }
    int rows() const { return static_cast<int>(shown_.size()); }
    const PluginChoice* row_choice(int index) const;

    sigc::signal<void, PluginChoice>& signal_chosen() { return chosen_; }

private:
    void refill();
    void pick(int index);

    PluginCatalog& catalog_;
    std::vector<PluginChoice> shown_; // one per row of list_, in order
    Gtk::Box root_{Gtk::ORIENTATION_VERTICAL, 6};
    Gtk::SearchEntry search_;
    Gtk::Label hint_;
    Gtk::ScrolledWindow scroller_;
    Gtk::ListBox list_;
    sigc::connection loaded_;
    sigc::signal<void, PluginChoice> chosen_;
};

} // namespace sy::gui

#include "gui/plugin_picker.hpp"

#include <algorithm>
#include <cctype>

#include <atkmm/object.h>
#include <gdk/gdkkeysyms.h>

namespace sy::gui {

namespace {

bool holds(const std::string& text, const std::string& search) {
    auto lower = [](std::string s) {
        std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        return s;
    };
    return lower(text).find(lower(search)) != std::string::npos;
}

} // namespace

PluginPicker::PluginPicker(PluginCatalog& catalog, const std::string& endpoint) : catalog_(catalog) {
    set_title("Add an insert to " + endpoint);
    get_accessible()->set_name("plugin picker " + endpoint);
    set_default_size(440, 480);
    root_.set_border_width(10);
    search_.set_placeholder_text("Search by name, kind or URI");
    search_.get_accessible()->set_name("plugin search");
    search_.signal_search_changed().connect(sigc::mem_fun(*this, &PluginPicker::refill));
    // Enter takes the first that matches what is typed now: the search
    // entry waits a moment before it says the text changed.
    search_.signal_activate().connect([this] {
        refill();
        pick(0);
    });
    hint_.set_xalign(0.0f);
    hint_.get_style_context()->add_class("sy-hint");
    list_.get_accessible()->set_name("plugin list");
    list_.set_activate_on_single_click(true);
    list_.signal_row_activated().connect([this](Gtk::ListBoxRow* row) { pick(row->get_index()); });
    scroller_.set_policy(Gtk::POLICY_NEVER, Gtk::POLICY_AUTOMATIC);
    scroller_.add(list_);
    root_.pack_start(search_, false, false);
    root_.pack_start(hint_, false, false);
    root_.pack_start(scroller_, true, true);
    add(root_);
    signal_key_press_event().connect([this](GdkEventKey* key) {
        if (key->keyval != GDK_KEY_Escape) return false;
        hide();
        return true;
    });
    loaded_ = catalog_.signal_loaded().connect(sigc::mem_fun(*this, &PluginPicker::refill));
    root_.show_all();
}

void PluginPicker::open() {
    catalog_.load();
    search_.set_text("");
    refill();
    present();
    search_.grab_focus();
}

const PluginChoice* PluginPicker::row_choice(int index) const {
    if (index < 0 || index >= rows()) return nullptr;
    return &shown_[static_cast<std::size_t>(index)];
}

void PluginPicker::refill() {
    // Rows are managed: removed, they are gone.
    for (auto* child : list_.get_children()) list_.remove(*child);
    shown_.clear();
    const std::string search = search_.get_text();
    if (search.empty() || holds(kDenoiserName, search) || holds(kDenoiserBuiltin, search)) {
        shown_.push_back({"", kDenoiserBuiltin, kDenoiserName});
    }
    for (const PluginEntry* p : filter_plugins(catalog_.plugins(), search)) shown_.push_back({p->uri, "", p->name});
    for (const auto& choice : shown_) {
        auto* label = Gtk::manage(new Gtk::Label(choice.name));
        label->set_xalign(0.0f);
        label->set_ellipsize(Pango::ELLIPSIZE_END);
        auto* row = Gtk::manage(new Gtk::ListBoxRow());
        row->add(*label);
        row->set_tooltip_text(choice.builtin.empty() ? choice.uri : "built in: " + choice.builtin);
        row->get_accessible()->set_name("plugin " + choice.name);
        list_.append(*row);
    }
    list_.show_all();
    hint_.set_text(catalog_.loaded() ? std::to_string(shown_.size()) + " to choose from"
                                     : "Asking the engine for its plugins...");
}

void PluginPicker::pick(int index) {
    const PluginChoice* choice = row_choice(index);
    if (!choice) return;
    const PluginChoice chosen = *choice; // refill() may run while the signal is handled
    hide();
    chosen_.emit(chosen);
}

} // namespace sy::gui

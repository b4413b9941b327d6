// A strip's inserts, in signal order: per insert a button with its id and
// its plugin's short name (it opens the control editor), a bypass toggle
// (`insert.bypass`) and a remove button (`insert.remove`); below them an
// "add insert" button that opens the PluginPicker and adds the chosen
// plugin under a fresh id (`insert.add`). The rows are made anew only when
// the list of inserts changes; bypass follows the engine. Main thread only.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <gtkmm/box.h>
#include <gtkmm/button.h>
#include <gtkmm/label.h>
#include <gtkmm/togglebutton.h>
#include <sigc++/sigc++.h>

#include "gui/control_editor.hpp"
#include "gui/engine_link.hpp"
#include "gui/engine_view.hpp"
#include "gui/plugin_catalog.hpp"
#include "gui/plugin_picker.hpp"

namespace sy::gui {

class InsertList : public Gtk::Box {
public:

    InsertList(EngineLink& link, PluginCatalog& catalog, std::string endpoint);
    ~InsertList() override;

    void update(const std::vector<InsertView>& inserts);
    void refresh_names(); // the catalog's list arrived: short names for the rows

    void open_picker();
    void open_editor(const std::string& insert); // once the plugin's controls are here
    PluginPicker* picker() { return picker_.get(); }  // null until first opened
    ControlEditor* editor() { return editor_.get(); } // the open one, or null
    Gtk::Button& add_button() { return add_; }
    Gtk::ToggleButton* bypass(const std::string& insert);

    sigc::signal<void, std::string>& signal_message() { return message_; }

private:
    struct Row;
    void rebuild();
    void on_bypass(Row& row);
    void remove_insert(const std::string& insert);
    void add_insert(const PluginChoice& choice);
    void show_editor(const InsertView& insert, const nlohmann::json& details);
    Gtk::Window* toplevel_window();

    EngineLink& link_;
    PluginCatalog& catalog_;
    std::string endpoint_;
    std::vector<InsertView> inserts_;
    std::vector<std::unique_ptr<Row>> rows_;
    bool updating_ = false; // a state set from the engine is not sent back
    Gtk::Box rows_box_{Gtk::ORIENTATION_VERTICAL, 1};
    Gtk::Button add_{"+ Insert"};
    std::unique_ptr<PluginPicker> picker_;
    std::unique_ptr<ControlEditor> editor_;
    std::shared_ptr<int> alive_ = std::make_shared<int>(0); // replies after we are gone touch nothing
    sigc::signal<void, std::string> message_;
};

} // namespace sy::gui

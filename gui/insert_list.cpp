#include "gui/insert_list.hpp"

#include <atkmm/object.h>

namespace sy::gui {

struct InsertList::Row {
    std::string id;
    Gtk::Box box{Gtk::ORIENTATION_HORIZONTAL, 1};
    Gtk::Button name;
    Gtk::Label label;
    Gtk::ToggleButton bypass{"B"};
    Gtk::Button remove{"\u00d7"};
};

InsertList::InsertList(EngineLink& link, PluginCatalog& catalog, std::string endpoint)
    : Gtk::Box(Gtk::ORIENTATION_VERTICAL, 1), link_(link), catalog_(catalog), endpoint_(std::move(endpoint)) {
    get_style_context()->add_class("sy-inserts");
    add_.get_style_context()->add_class("sy-insert-add");
    add_.get_accessible()->set_name("add insert " + endpoint_);
    add_.set_tooltip_text("Add an insert (an LV2 plugin or the built-in denoiser) to " + endpoint_);
    add_.signal_clicked().connect(sigc::mem_fun(*this, &InsertList::open_picker));
    pack_start(rows_box_, false, false);
    pack_end(add_, false, false);
}

InsertList::~InsertList() = default;

void InsertList::update(const std::vector<InsertView>& inserts) {
    bool same = inserts.size() == inserts_.size();
    for (std::size_t i = 0; same && i < inserts.size(); ++i) {
        same = inserts[i].id == inserts_[i].id && inserts[i].uri == inserts_[i].uri &&
               inserts[i].builtin == inserts_[i].builtin;
    }
    inserts_ = inserts;
    if (!same) {
        rebuild();
    } else {
        updating_ = true;
        for (std::size_t i = 0; i < rows_.size(); ++i) rows_[i]->bypass.set_active(inserts_[i].bypass);
        updating_ = false;
    }
    // An editor of an insert that is gone has nothing left to edit.
    if (editor_) {
        bool still = false;
        for (const auto& i : inserts_) still = still || i.id == editor_->insert_id();
        if (!still) editor_.reset();
    }
}

void InsertList::rebuild() {
    for (auto& r : rows_) rows_box_.remove(r->box);
    rows_.clear();
    updating_ = true;
    for (const auto& insert : inserts_) {
        auto row = std::make_unique<Row>();
        Row& r = *row;
        r.id = insert.id;
        r.label.set_ellipsize(Pango::ELLIPSIZE_END);
        r.label.set_max_width_chars(8);
        r.label.set_xalign(0.0f);
        r.name.add(r.label);
        r.name.set_relief(Gtk::RELIEF_NONE);
        r.name.get_style_context()->add_class("sy-insert");
        r.name.get_accessible()->set_name("insert " + endpoint_ + " " + insert.id);
        r.name.signal_clicked().connect([this, id = insert.id] { open_editor(id); });
        r.bypass.get_style_context()->add_class("sy-bypass");
        r.bypass.get_accessible()->set_name("bypass " + endpoint_ + " " + insert.id);
        r.bypass.set_tooltip_text("Bypass " + insert.id + ": its plugin keeps running, its sound is left out");
        r.bypass.set_active(insert.bypass);
        r.bypass.signal_toggled().connect([this, &r] { on_bypass(r); });
        r.remove.get_accessible()->set_name("remove insert " + endpoint_ + " " + insert.id);
        r.remove.set_tooltip_text("Remove " + insert.id + " (it fades out)");
        r.remove.signal_clicked().connect([this, id = insert.id] { remove_insert(id); });
        r.box.pack_start(r.name, true, true);
        r.box.pack_start(r.bypass, false, false);
        r.box.pack_start(r.remove, false, false);
        rows_box_.pack_start(r.box, false, false);
        r.box.show_all();
        rows_.push_back(std::move(row));
    }
    updating_ = false;
    rows_box_.show();
    refresh_names();
    if (!inserts_.empty()) catalog_.load(); // for the short names
}

void InsertList::refresh_names() {
    for (std::size_t i = 0; i < rows_.size() && i < inserts_.size(); ++i) {
        const std::string plugin = catalog_.short_name(inserts_[i]);
        rows_[i]->label.set_text(inserts_[i].id + " \u00b7 " + plugin);
        rows_[i]->name.set_tooltip_text(inserts_[i].id + ": " + plugin + ". Click to edit its controls");
    }
}

Gtk::ToggleButton* InsertList::bypass(const std::string& insert) {
    for (auto& r : rows_) {
        if (r->id == insert) return &r->bypass;
    }
    return nullptr;
}

void InsertList::on_bypass(Row& row) {
    if (updating_) return;
    const bool on = row.bypass.get_active();
    const std::string id = row.id;
    std::weak_ptr<int> alive = alive_;
    link_.request({{"cmd", "insert.bypass"}, {"endpoint", endpoint_}, {"insert", id}, {"on", on}},
                  [this, alive, id, on](const EngineReply& reply) {
                      if (alive.expired() || reply.ok) return;
                      message_.emit("Could not " + std::string(on ? "bypass " : "bring back ") + endpoint_ + "/" + id +
                                    ": " + reply_error(reply));
                      updating_ = true;
                      if (auto* b = bypass(id)) b->set_active(!on);
                      updating_ = false;
                  });
}

void InsertList::remove_insert(const std::string& insert) {
    std::weak_ptr<int> alive = alive_;
    link_.request({{"cmd", "insert.remove"}, {"endpoint", endpoint_}, {"insert", insert}},
                  [this, alive, insert](const EngineReply& reply) {
                      if (alive.expired()) return;
                      message_.emit(reply.ok ? "Removed insert " + insert + " from " + endpoint_
                                             : "Could not remove " + endpoint_ + "/" + insert + ": " + reply_error(reply));
                  });
}

void InsertList::open_picker() {
    if (!picker_) {
        picker_ = std::make_unique<PluginPicker>(catalog_, endpoint_);
        picker_->signal_chosen().connect(sigc::mem_fun(*this, &InsertList::add_insert));
    }
    if (auto* top = toplevel_window()) picker_->set_transient_for(*top);
    picker_->open();
}

void InsertList::add_insert(const PluginChoice& choice) {
    std::vector<std::string> taken;
    for (const auto& i : inserts_) taken.push_back(i.id);
    const std::string id = fresh_insert_id(choice.builtin.empty() ? choice.uri : choice.builtin, taken);
    nlohmann::json insert{{"id", id}};
    if (choice.builtin.empty()) {
        insert["lv2"] = choice.uri;
    } else {
        insert["builtin"] = choice.builtin;
    }
    std::weak_ptr<int> alive = alive_;
    const std::string name = choice.name;
    link_.request({{"cmd", "insert.add"}, {"endpoint", endpoint_}, {"insert", insert}},
                  [this, alive, id, name](const EngineReply& reply) {
                      if (alive.expired()) return;
                      message_.emit(reply.ok ? "Added insert " + id + " (" + name + ") to " + endpoint_
                                             : "Could not add " + name + " to " + endpoint_ + ": " + reply_error(reply));
                  });
}

void InsertList::open_editor(const std::string& id) {
    const InsertView* insert = nullptr;
    for (const auto& i : inserts_) {
        if (i.id == id) insert = &i;
    }
    if (!insert) return;
    if (!insert->builtin.empty()) {
        show_editor(*insert, nullptr);
        return;
    }
    std::weak_ptr<int> alive = alive_;
    catalog_.describe(insert->uri, [this, alive, id](const nlohmann::json& details, const std::string& error) {
        if (alive.expired()) return;
        if (!error.empty()) {
            message_.emit("Could not read the controls of " + endpoint_ + "/" + id + ": " + error);
            return;
        }
        for (const auto& i : inserts_) {
            if (i.id == id) show_editor(i, details); // unless it went while we asked
        }
    });
}

void InsertList::show_editor(const InsertView& insert, const nlohmann::json& details) {
    // One editor a strip: opening another closes the first.
    editor_ = std::make_unique<ControlEditor>(link_, endpoint_, insert, details);
    editor_->signal_message().connect([this](std::string m) { message_.emit(m); });
    if (auto* top = toplevel_window()) editor_->set_transient_for(*top);
    editor_->present();
}

Gtk::Window* InsertList::toplevel_window() { return dynamic_cast<Gtk::Window*>(get_toplevel()); }

} // namespace sy::gui

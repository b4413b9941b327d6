#include "gui/preset_actions.hpp"

#include "gui/prompts.hpp"

namespace sy::gui {

namespace {

using nlohmann::json;

json preset_request(const char* cmd, const std::string& name_or_file) {
    json r = {{"cmd", cmd}};
    r[name_or_file.find('/') != std::string::npos ? "file" : "name"] = name_or_file;
    return r;
}

std::string count(const json& result, const char* key) {
    return result.contains(key) && result[key].is_array() ? std::to_string(result[key].size()) : "0";
}

} // namespace

PresetActions::PresetActions(EngineLink& link, std::string recent_file) : link_(link), recent_(std::move(recent_file)) {}

void PresetActions::remember(const std::string& name_or_file) {
    if (const std::string error = recent_.push(name_or_file); !error.empty()) message_.emit("Recent presets: " + error);
    recent_changed_.emit();
}

void PresetActions::load(const std::string& name_or_file) {
    link_.request(preset_request("preset.load", name_or_file), [this, name_or_file](const EngineReply& r) {
        if (!r.ok) {
            message_.emit("Could not load preset " + name_or_file + ": " + reply_error(r));
            return;
        }
        remember(name_or_file);
        message_.emit("Loaded preset " + r.result.value("name", name_or_file) + ": " + count(r.result, "kept") + " kept, " +
                      count(r.result, "added") + " added, " + count(r.result, "removed") + " removed");
    });
}

void PresetActions::save(Gtk::Window* parent) {
    link_.request({{"cmd", "preset.save"}}, [this, parent](const EngineReply& r) {
        if (r.ok) {
            remember(r.result.value("name", std::string("preset")));
            message_.emit("Saved preset to " + r.result.value("file", std::string("?")));
            return;
        }
        // No file to save over yet: ask for a name instead.
        if (r.code == "bad_request" || r.code == "not_found") {
            save_as(parent);
            return;
        }
        message_.emit("Could not save the preset: " + reply_error(r));
    });
}

void PresetActions::save_as(Gtk::Window* parent) {
    ask_text(parent, "Save preset as", "Name (a-z, 0-9, - and _), saved in your presets folder:", "",
             [this](const std::string& name) { save_named(name); });
}

void PresetActions::save_named(const std::string& name) {
    link_.request(preset_request("preset.save", name), [this, name](const EngineReply& r) {
        if (!r.ok) {
            message_.emit("Could not save preset " + name + ": " + reply_error(r));
            return;
        }
        remember(r.result.value("name", name));
        message_.emit("Saved preset " + name + " to " + r.result.value("file", std::string("?")));
    });
}

} // namespace sy::gui

#include "gui/plugin_catalog.hpp"

#include <algorithm>
#include <cctype>

namespace sy::gui {

namespace {

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

std::string uri_tail(const std::string& uri) {
    const auto cut = uri.find_last_of("/#");
    return cut == std::string::npos ? uri : uri.substr(cut + 1);
}

// The id a person would give an insert of this kind.
std::string id_base(const std::string& uri_or_builtin) {
    const std::string tail = lower(uri_tail(uri_or_builtin));
    static const std::pair<const char*, const char*> kWords[] = {
        {"equalizer", "eq"}, {"compressor", "comp"}, {"limiter", "limiter"},
        {"gate", "gate"},    {"denoise", "denoise"}, {"reverb", "reverb"}, {"delay", "delay"},
    };
    for (const auto& [word, id] : kWords) {
        if (tail.find(word) != std::string::npos) return id;
    }
    std::string base;
    for (char c : tail) {
        if (!std::isalnum(static_cast<unsigned char>(c))) break;
        base += c;
    }
    return base.empty() ? "insert" : base;
}

} // namespace

std::vector<PluginEntry> read_plugins(const nlohmann::json& result) {
    std::vector<PluginEntry> out;
    const nlohmann::json* list = &result;
    if (result.is_object() && result.contains("plugins")) list = &result["plugins"];
    if (!list->is_array()) return out;
    for (const auto& p : *list) {
        if (!p.is_object() || !p.contains("uri") || !p["uri"].is_string()) continue;
        PluginEntry e;
        e.uri = p["uri"].get<std::string>();
        e.name = p.value("name", e.uri);
        e.category = p.value("category", std::string());
        e.inputs = p.value("inputs", 0);
        e.outputs = p.value("outputs", 0);
        out.push_back(std::move(e));
    }
    return out;
}

std::vector<const PluginEntry*> filter_plugins(const std::vector<PluginEntry>& plugins, const std::string& search) {
    std::vector<const PluginEntry*> out;
    const std::string want = lower(search);
    for (const auto& p : plugins) {
        if (want.empty() || lower(p.name).find(want) != std::string::npos ||
            lower(p.category).find(want) != std::string::npos || lower(p.uri).find(want) != std::string::npos) {
            out.push_back(&p);
        }
    }
    return out;
}

std::string plugin_short_name(const std::string& name) {
    const auto space = name.find(' ');
    if (space == std::string::npos || space > 4) return name;
    for (std::size_t i = 0; i < space; ++i) {
        if (!std::isupper(static_cast<unsigned char>(name[i]))) return name;
    }
    return name.substr(space + 1);
}

std::string fresh_insert_id(const std::string& uri_or_builtin, const std::vector<std::string>& taken) {
    const std::string base = id_base(uri_or_builtin);
    auto free = [&](const std::string& id) { return std::find(taken.begin(), taken.end(), id) == taken.end(); };
    if (free(base)) return base;
    for (int n = 2;; ++n) {
        const std::string id = base + "-" + std::to_string(n);
        if (free(id)) return id;
    }
}

PluginCatalog::PluginCatalog(EngineLink& link) : link_(link) {}

void PluginCatalog::load() {
    if (loaded_ || loading_ || !link_.connected()) return;
    loading_ = true;
    std::weak_ptr<int> alive = alive_;
    link_.request({{"cmd", "plugins"}}, [this, alive](const EngineReply& reply) {
        if (alive.expired()) return;
        loading_ = false;
        if (!reply.ok) return; // asked again when the picker next opens
        plugins_ = read_plugins(reply.result);
        loaded_ = true;
        loaded_signal_.emit();
    });
}

std::string PluginCatalog::short_name(const InsertView& insert) const {
    if (!insert.builtin.empty()) return insert.builtin == kDenoiserBuiltin ? "Denoiser" : insert.builtin;
    for (const auto& p : plugins_) {
        if (p.uri == insert.uri) return plugin_short_name(p.name);
    }
    return uri_tail(insert.uri);
}

void PluginCatalog::describe(const std::string& uri, OnDetails on_details) {
    if (const auto it = details_.find(uri); it != details_.end()) {
        on_details(it->second, "");
        return;
    }
    std::weak_ptr<int> alive = alive_;
    link_.request({{"cmd", "plugins"}, {"uri", uri}}, [this, alive, uri, on_details](const EngineReply& reply) {
        if (alive.expired()) return;
        if (!reply.ok) {
            on_details(nullptr, reply_error(reply));
            return;
        }
        details_[uri] = reply.result;
        on_details(reply.result, "");
    });
}

} // namespace sy::gui

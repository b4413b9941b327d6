#include "gui/engine_mirror.hpp"

#include <memory>

#include <glibmm.h>

namespace sy::gui {

namespace {

using nlohmann::json;

// The four replies one fetch waits for.
struct Fetch {
    json endpoints, routes, paths, model;
    int missing = 4;
    bool failed = false;
};

} // namespace

EngineMirror::EngineMirror(EngineLink& link) : link_(link) {
    links_.push_back(link_.signal_connected().connect(sigc::mem_fun(*this, &EngineMirror::on_connected)));
    links_.push_back(link_.signal_disconnected().connect(sigc::mem_fun(*this, &EngineMirror::on_disconnected)));
    links_.push_back(link_.signal_event().connect(sigc::mem_fun(*this, &EngineMirror::on_event)));
    if (link_.connected()) on_connected();
}

EngineMirror::~EngineMirror() {
    for (auto& c : links_) c.disconnect();
    status_timer_.disconnect();
    refetch_idle_.disconnect();
}

void EngineMirror::on_connected() {
    link_.request({{"cmd", "subscribe"}, {"events", {"meters", "devices", "changes", "xruns"}}, {"meter_hz", kMeterHz}});
    fetching_ = false;
    fetch();
    fetch_status();
    fetch_presets();
    status_timer_.disconnect();
    status_timer_ = Glib::signal_timeout().connect_seconds(
        [this] {
            fetch_status();
            return true;
        },
        1);
}

void EngineMirror::on_disconnected(const std::string&) {
    status_timer_.disconnect();
    ++generation_;
    fetching_ = false;
    status_ = json();
    status_changed_.emit();
}

void EngineMirror::on_event(const json& event) {
    const std::string kind = event.value("event", std::string());
    if (kind == "meters") {
        if (event.contains("endpoints")) meters_.emit(event["endpoints"]);
    } else if (kind == "changed" || kind == "device") {
        // A device's state shows at once; its ports and paths come with the fetch.
        if (kind == "device") {
            if (EndpointView* e = view_.find(event.value("id", std::string()))) {
                e->state = event.value("state", e->state);
                e->ready = event.value("ready", e->ready);
            }
        }
        refetch();
        if (kind == "changed") fetch_presets();
    } else if (kind == "presets") {
        fetch_presets(); // another client saved one
    } else if (kind == "xrun") {
        fetch_status();
    }
}

void EngineMirror::refetch() {
    if (refetch_idle_.connected()) return;
    // A short pause gathers a burst (a preset load sends several events).
    refetch_idle_ = Glib::signal_timeout().connect(
        [this] {
            fetch();
            return false;
        },
        30);
}

void EngineMirror::fetch() {
    if (!link_.connected()) return;
    if (fetching_) {
        fetch_again_ = true;
        return;
    }
    fetching_ = true;
    fetch_again_ = false;
    const std::uint64_t generation = ++generation_;
    auto f = std::make_shared<Fetch>();
    auto done = [this, f, generation](json Fetch::*slot) {
        return [this, f, generation, slot](const EngineReply& r) {
            if (generation != generation_) return;
            if (r.ok) {
                (*f).*slot = r.result;
            } else {
                f->failed = true;
            }
            if (--f->missing > 0) return;
            fetching_ = false;
            if (!f->failed) {
                EngineView next;
                next.endpoints = read_endpoints(f->endpoints);
                read_model_details(f->model, next.endpoints);
                next.routes = read_routes(f->routes);
                next.paths = read_paths(f->paths);
                view_ = std::move(next);
                ++fetches_;
                view_changed_.emit();
            }
            if (fetch_again_) fetch();
        };
    };
    link_.request({{"cmd", "endpoints"}}, done(&Fetch::endpoints));
    link_.request({{"cmd", "routes"}}, done(&Fetch::routes));
    link_.request({{"cmd", "paths"}}, done(&Fetch::paths));
    link_.request({{"cmd", "model"}}, done(&Fetch::model));
}

void EngineMirror::refresh_presets() { fetch_presets(); }

void EngineMirror::fetch_status() {
    link_.request({{"cmd", "status"}}, [this](const EngineReply& r) {
        if (!r.ok) return;
        status_ = r.result;
        status_changed_.emit();
    });
}

void EngineMirror::fetch_presets() {
    link_.request({{"cmd", "preset.list"}}, [this](const EngineReply& r) {
        if (!r.ok || !r.result.is_array()) return;
        std::vector<PresetEntry> list;
        for (const auto& p : r.result) {
            if (p.is_object()) list.push_back({p.value("name", std::string()), p.value("file", std::string())});
        }
        presets_ = std::move(list);
        presets_changed_.emit();
    });
}

} // namespace sy::gui

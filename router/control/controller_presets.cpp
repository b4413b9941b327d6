// The commands that reach presets on disk: list, load (recalled glitch-free
// by LiveSession::apply) and save (atomically).
#include <algorithm>
#include <filesystem>
#include <set>
#include <system_error>

#include "presets/endpoint_reader.hpp"
#include "presets/preset_dirs.hpp"
#include "presets/preset_reader.hpp"
#include "presets/preset_writer.hpp"
#include "router/control/controller.hpp"

namespace sy::router {

namespace {

using nlohmann::json;
namespace fs = std::filesystem;

// `name` or `file` from a request, as a path; "" and an error when neither fits.
std::string preset_path(RequestArgs& args, Outcome& error) {
    if (args.has("file")) {
        const std::string file = args.text("file");
        if (args.failed()) error = args.failure();
        return file;
    }
    const std::string name = args.text("name");
    if (args.failed()) {
        error = Outcome::fail("bad_request", "name a preset (\"name\") or a file (\"file\")");
        return {};
    }
    if (!presets::is_valid_id(name)) {
        error = Outcome::fail("bad_request", "\"" + name + "\" is not a preset name: use a-z, 0-9, '_' and '-' only");
        return {};
    }
    return (presets::presets_dir() / (name + ".json")).string();
}

std::set<std::string> ids(const graph::Model& m) {
    std::set<std::string> out;
    for (const auto* list : {&m.inputs, &m.buses, &m.outputs}) {
        for (const auto& e : *list) out.insert(e.id);
    }
    return out;
}

json sorted_list(const std::set<std::string>& s) { return json(std::vector<std::string>(s.begin(), s.end())); }

} // namespace

Outcome Controller::preset_list(ClientId, RequestArgs&) {
    std::vector<std::pair<std::string, std::string>> found;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(presets::presets_dir(), ec)) {
        const fs::path& p = entry.path();
        if (p.extension() != ".json" || !entry.is_regular_file(ec)) continue;
        found.emplace_back(p.stem().string(), p.string());
    }
    std::sort(found.begin(), found.end());
    json out = json::array();
    for (const auto& [name, file] : found) out.push_back({{"name", name}, {"file", file}});
    return Outcome::ok(std::move(out));
}

Outcome Controller::preset_load(ClientId, RequestArgs& args) {
    Outcome error;
    const std::string path = preset_path(args, error);
    if (error.error) return error;
    std::error_code ec;
    if (!args.has("file") && !fs::exists(path, ec)) {
        return Outcome::fail("not_found", "no preset \"" + args.raw().at("name").get<std::string>() + "\" (" + path + ")");
    }
    presets::ReadResult read = presets::read_preset_file(path);
    if (!read.model) {
        const auto& p = read.problems.front();
        std::string where = p.line > 0 ? path + ":" + std::to_string(p.line) + ":" + std::to_string(p.column)
                                       : path + (p.field.empty() ? "" : ": " + p.field);
        return Outcome::fail("preset_error", where + ": " + p.message, read.problems);
    }
    const std::set<std::string> before = ids(session_.model());
    const std::set<std::string> after = ids(*read.model);
    std::set<std::string> kept, added, removed;
    for (const auto& id : after) (before.count(id) ? kept : added).insert(id);
    for (const auto& id : before) {
        if (!after.count(id)) removed.insert(id);
    }
    json result = {{"name", read.model->name}, {"file", path}, {"kept", sorted_list(kept)},
                   {"added", sorted_list(added)}, {"removed", sorted_list(removed)}};
    Outcome outcome = change(*read.model, current_by_, std::move(result));
    if (!outcome.error) {
        preset_file_ = path;
    } else {
        outcome.error->code = "preset_error";
    }
    return outcome;
}

Outcome Controller::preset_save(ClientId, RequestArgs& args) {
    std::string path = preset_file_;
    if (args.has("name") || args.has("file")) {
        Outcome error;
        path = preset_path(args, error);
        if (error.error) return error;
    } else if (path.empty()) {
        return Outcome::fail("bad_request", "the running state came from no preset file: give a \"name\" or a \"file\"");
    }
    std::error_code ec;
    fs::create_directories(fs::path(path).parent_path(), ec);
    const presets::WriteResult w = presets::write_preset_file(path, session_.model());
    if (!w.ok) return Outcome::fail("io_error", w.error);
    preset_file_ = path;
    send_to(&Subscription::changes, {{"event", "presets"}, {"by", current_by_}});
    return Outcome::ok({{"name", fs::path(path).stem().string()}, {"file", path}});
}

} // namespace sy::router

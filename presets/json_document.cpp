#include "presets/json_document.hpp"

#include <set>
#include <string>
#include <vector>

#include "presets/field_path.hpp"
#include "presets/syntax_error.hpp"

namespace sy::presets {
namespace {

using nlohmann::json;

// Follows the parser through the document so that a duplicate key can be
// named by its field path ("inputs[1].channels").
class DuplicateKeys {
public:
    explicit DuplicateKeys(graph::Problems& problems) : problems_(problems) {}

    bool operator()(int /*depth*/, json::parse_event_t event, json& parsed) {
        switch (event) {
        case json::parse_event_t::object_start:
            push(false);
            break;
        case json::parse_event_t::array_start:
            push(true);
            break;
        case json::parse_event_t::key: {
            Frame& top = frames_.back();
            top.key = parsed.get<std::string>();
            if (!top.keys.insert(top.key).second) {
                problems_.push_back({member(top.path, top.key),
                                     "given twice in the same object (only the last one would count)", 0, 0});
            }
            break;
        }
        case json::parse_event_t::object_end:
        case json::parse_event_t::array_end:
            frames_.pop_back();
            element_done();
            break;
        case json::parse_event_t::value:
            element_done();
            break;
        }
        return true; // keep everything: this only watches
    }

private:
    struct Frame {
        std::string path;
        bool array = false;
        std::size_t index = 0;
        std::string key;
        std::set<std::string> keys;
    };

    void push(bool array) {
        Frame frame;
        frame.path = current_path();
        frame.array = array;
        frames_.push_back(std::move(frame));
    }

    // Path of the value about to start inside the innermost container.
    std::string current_path() const {
        if (frames_.empty()) return {};
        const Frame& top = frames_.back();
        return top.array ? element(top.path, top.index) : member(top.path, top.key);
    }

    void element_done() {
        if (!frames_.empty() && frames_.back().array) ++frames_.back().index;
    }

    graph::Problems& problems_;
    std::vector<Frame> frames_;
};

} // namespace

std::optional<json> parse_document(std::string_view text, graph::Problems& problems) {
    graph::Problems duplicates;
    try {
        json document = json::parse(text.begin(), text.end(), DuplicateKeys(duplicates));
        problems.insert(problems.end(), duplicates.begin(), duplicates.end());
        return document;
    } catch (const json::parse_error& e) {
        // Only the syntax error: duplicates seen before it would be noise.
        problems.push_back(syntax_problem(text, e));
    } catch (const json::out_of_range& e) {
        problems.push_back(syntax_problem(text, e));
    } catch (const std::exception& e) {
        problems.push_back({"", std::string("cannot read the JSON: ") + e.what(), 0, 0});
    }
    return std::nullopt;
}

} // namespace sy::presets

#include "router/engine/insert_rack.hpp"

#include "fx/insert_factory.hpp"

namespace sy::router {
namespace {

std::string slot_key(const graph::Insert& insert, int channels, int rate) {
    return insert.kind() + "\x1f" + std::to_string(channels) + "\x1f" + std::to_string(rate);
}

} // namespace

graph::Problems InsertRack::prepare(const graph::Model& next, int max_frames, int ramp_frames, bool fade_in) {
    // control thread only
    prepared_.clear();
    next_strips_.clear();
    const int rate = next.engine.rate;
    for (const auto* list : {&next.inputs, &next.buses, &next.outputs}) {
        for (std::size_t i = 0; i < list->size(); ++i) {
            const graph::Endpoint& e = (*list)[i];
            next_strips_.insert(e.id);
            if (e.inserts.empty()) continue;
            Strip& strip = prepared_[e.id];
            const Strip* before = running_.count(e.id) ? &running_.at(e.id) : nullptr;
            std::vector<std::shared_ptr<fx::InsertSlot>> order;
            for (std::size_t j = 0; j < e.inserts.size(); ++j) {
                const graph::Insert& insert = e.inserts[j];
                const std::string key = slot_key(insert, e.channels, rate);
                std::shared_ptr<fx::InsertSlot> slot;
                if (before && before->keys.count(insert.id) && before->keys.at(insert.id) == key) {
                    slot = before->by_id.at(insert.id);
                } else {
                    std::string error;
                    auto unit = fx::make_unit(insert, e.channels, rate, max_frames, error);
                    if (!unit) {
                        prepared_.clear();
                        // The strip and insert are named too: a session's
                        // engine runs a part of the model, with its own indices.
                        return {{graph::insert_field(e.kind, i, j), "\"" + e.id + "\" insert \"" + insert.id + "\": " + error}};
                    }
                    slot = std::make_shared<fx::InsertSlot>(std::move(unit), e.channels, max_frames, ramp_frames,
                                                            insert.bypass, fade_in);
                }
                strip.by_id[insert.id] = slot;
                strip.keys[insert.id] = key;
                order.push_back(slot);
            }
            strip.chain = std::make_shared<fx::InsertChain>(std::move(order));
        }
    }
    return {};
}

bool InsertRack::fade_out_leaving() {
    // control thread only
    bool any = false;
    for (const auto& [endpoint, strip] : running_) {
        if (!next_strips_.count(endpoint)) continue; // the strip goes: its routes fade out instead
        const auto next = prepared_.find(endpoint);
        for (const auto& [id, slot] : strip.by_id) {
            if (next != prepared_.end()) {
                const auto kept = next->second.by_id.find(id);
                if (kept != next->second.by_id.end() && kept->second == slot) continue;
            }
            if (!slot->bypassed() || !slot->settled()) any = true;
            slot->set_bypass(true);
        }
    }
    return any;
}

void InsertRack::commit() {
    running_ = std::move(prepared_);
    prepared_.clear();
}

void InsertRack::set_controls(const graph::Model& model) {
    // control thread only. fx::check_inserts() passed every value already.
    for (const auto* list : {&model.inputs, &model.buses, &model.outputs}) {
        for (const auto& e : *list) {
            for (const auto& insert : e.inserts) {
                auto s = slot(e.id, insert.id);
                if (!s) continue;
                s->unit().apply_controls(insert.controls);
                s->set_bypass(insert.bypass);
            }
        }
    }
}

std::shared_ptr<fx::InsertChain> InsertRack::chain(const std::string& endpoint) const {
    auto it = running_.find(endpoint);
    return it == running_.end() ? nullptr : it->second.chain;
}

std::shared_ptr<fx::InsertSlot> InsertRack::slot(const std::string& endpoint, const std::string& insert) const {
    auto it = running_.find(endpoint);
    if (it == running_.end()) return nullptr;
    auto s = it->second.by_id.find(insert);
    return s == it->second.by_id.end() ? nullptr : s->second;
}

} // namespace sy::router

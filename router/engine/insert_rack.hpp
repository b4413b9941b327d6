// The inserts an Engine runs, kept across Plans. Each insert is one slot
// (fx/insert_slot.hpp) keyed by its strip, its id, its plugin, the strip's
// channels and the rate: an edit that keeps all five keeps the running
// unit, its state and its place in the crossfade. Plugins are instantiated
// here, on the control thread, before anything changes, so a plugin that
// fails leaves the running engine as it was.
#pragma once

#include <map>
#include <memory>
#include <set>
#include <string>

#include "fx/insert_chain.hpp"
#include "graph/model.hpp"
#include "graph/problem.hpp"

namespace sy::router {

class InsertRack {
public:
    // Control thread. Makes the slots `next` needs that are not running.
    // On a problem nothing is kept, and the problem names the insert.
    graph::Problems prepare(const graph::Model& next, int max_frames, int ramp_frames, bool fade_in);
    // Control thread, after prepare(): running slots the prepared model
    // drops head for dry. True when one was not dry already (wait a ramp).
    bool fade_out_leaving();
    // Control thread: the prepared slots become the running ones.
    void commit();
    // Control thread: controls and bypass of the running slots as `model`
    // sets them (it names the same inserts the rack runs).
    void set_controls(const graph::Model& model);

    // The chain of a strip with inserts, for the Plan; null when it has none.
    std::shared_ptr<fx::InsertChain> chain(const std::string& endpoint) const;
    // The slot an insert runs in, or null.
    std::shared_ptr<fx::InsertSlot> slot(const std::string& endpoint, const std::string& insert) const;

private:
    struct Strip {
        std::map<std::string, std::shared_ptr<fx::InsertSlot>> by_id;
        std::map<std::string, std::string> keys; // insert id -> slot key
        std::shared_ptr<fx::InsertChain> chain;
    };
    std::map<std::string, Strip> running_;
    std::map<std::string, Strip> prepared_;
    std::set<std::string> next_strips_; // every strip of the prepared model, with inserts or not
};

} // namespace sy::router

#include "graph/topology.hpp"

#include <algorithm>
#include <unordered_map>

namespace sy::graph {

namespace {

struct Edge {
    std::size_t to;
    std::size_t route;
};

enum class Mark { None, Open, Done };

struct Search {
    const std::vector<std::vector<Edge>>& edges;
    std::vector<Mark> marks;
    std::vector<std::size_t> stack;
    std::vector<std::size_t> finished;
    std::vector<std::size_t> cycle;
    std::size_t cycle_route = 0;

    // Depth-first; recursion depth is bounded by the bus count (tens).
    bool visit(std::size_t n) {
        marks[n] = Mark::Open;
        stack.push_back(n);
        for (const Edge& e : edges[n]) {
            if (marks[e.to] == Mark::Open) {
                auto start = std::find(stack.begin(), stack.end(), e.to);
                cycle.assign(start, stack.end());
                cycle.push_back(e.to);
                cycle_route = e.route;
                return false;
            }
            if (marks[e.to] == Mark::None && !visit(e.to)) return false;
        }
        stack.pop_back();
        marks[n] = Mark::Done;
        finished.push_back(n);
        return true;
    }
};

} // namespace

BusOrder order_buses(const Model& model) {
    std::unordered_map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < model.buses.size(); ++i) index.emplace(model.buses[i].id, i);

    std::vector<std::vector<Edge>> edges(model.buses.size());
    for (std::size_t r = 0; r < model.routes.size(); ++r) {
        auto from = index.find(model.routes[r].from);
        auto to = index.find(model.routes[r].to);
        if (from != index.end() && to != index.end()) edges[from->second].push_back({to->second, r});
    }

    Search search{edges, std::vector<Mark>(model.buses.size(), Mark::None), {}, {}, {}, 0};
    BusOrder result;
    for (std::size_t n = 0; n < model.buses.size(); ++n) {
        if (search.marks[n] == Mark::None && !search.visit(n)) {
            for (std::size_t c : search.cycle) result.cycle.push_back(model.buses[c].id);
            result.cycle_route = search.cycle_route;
            return result;
        }
    }
    // Post-order lists consumers before feeders; mixing needs the reverse.
    for (auto it = search.finished.rbegin(); it != search.finished.rend(); ++it) {
        result.order.push_back(model.buses[*it].id);
    }
    return result;
}

} // namespace sy::graph

#include "graph/latency_budget.hpp"

#include <map>

#include "dsp/resampler.hpp"

namespace sy::graph {

namespace {

struct PathSearch {
    const Model& model;
    std::multimap<std::string, const Route*> out_of; // from -> routes
    std::vector<std::vector<std::string>> paths;

    // Depth-first from an input; bus cycles were ruled out by validation, the
    // depth check only guards against a model that skipped it.
    void walk(std::vector<std::string>& hops) {
        const Endpoint* here = model.find(hops.back());
        if (!here || hops.size() > 64) return;
        if (here->kind == EndpointKind::Output) {
            paths.push_back(hops);
            return;
        }
        auto [first, last] = out_of.equal_range(hops.back());
        for (auto it = first; it != last; ++it) {
            hops.push_back(it->second->to);
            walk(hops);
            hops.pop_back();
        }
    }
};

// The inserts of every strip along `hops`, in signal order.
void add_insert_parts(const Model& model, const std::vector<std::string>& hops, const InsertLatency& insert_latency,
                      std::vector<LatencyPart>& parts) {
    if (!insert_latency) return;
    for (const auto& id : hops) {
        const Endpoint* e = model.find(id);
        if (!e) continue;
        for (const auto& insert : e->inserts) {
            if (insert.bypass) continue;
            const double frames = insert_latency(*e, insert);
            if (frames <= 0.0) continue;
            LatencyPart part{"insert " + e->id + "/" + insert.id, frames, frames * 1000.0 / model.engine.rate, "insert"};
            part.why = insert.lv2.empty() ? "built-in " + insert.builtin : insert.lv2;
            parts.push_back(std::move(part));
        }
    }
}

} // namespace

std::vector<PathBudget> path_budgets(const Model& model, const ResamplerDelay& resampler_delay,
                                     const EndpointParts& endpoint_parts, const InsertLatency& insert_latency) {
    PathSearch search{model, {}, {}};
    for (const auto& r : model.routes) search.out_of.emplace(r.from, &r);
    for (const auto& in : model.inputs) {
        std::vector<std::string> hops{in.id};
        search.walk(hops);
    }

    const double hub_rate = model.engine.rate;
    auto ms_of = [&](double frames) { return frames * 1000.0 / hub_rate; };

    std::vector<PathBudget> budgets;
    for (auto& hops : search.paths) {
        PathBudget b;
        const Endpoint* in = model.find(hops.front());
        const Endpoint* out = model.find(hops.back());
        if (endpoint_parts) {
            for (auto& p : endpoint_parts(*in, *out)) b.parts.push_back(std::move(p));
            add_insert_parts(model, hops, insert_latency, b.parts);
            for (auto& p : endpoint_parts(*out, *out)) b.parts.push_back(std::move(p));
        } else {
            add_insert_parts(model, hops, insert_latency, b.parts);
            if (in->rate && *in->rate != model.engine.rate) {
                const double f = resampler_delay(*in->rate, hub_rate, in->quality.value_or(Quality::Medium));
                b.parts.push_back({"input resampler " + std::to_string(*in->rate) + " -> " + std::to_string(model.engine.rate), f, ms_of(f), "resampler"});
            }
            b.parts.push_back({"engine period", static_cast<double>(model.engine.period), ms_of(model.engine.period), "period"});
            if (out->rate && *out->rate != model.engine.rate) {
                const double out_frames = resampler_delay(hub_rate, *out->rate, out->quality.value_or(Quality::Medium));
                const double ms = out_frames * 1000.0 / *out->rate;
                b.parts.push_back({"output resampler " + std::to_string(model.engine.rate) + " -> " + std::to_string(*out->rate),
                                   ms * hub_rate / 1000.0, ms, "resampler"});
            }
        }
        for (const auto& p : b.parts) {
            b.total_frames += p.frames;
            b.total_ms += p.ms;
        }
        b.hops = std::move(hops);
        budgets.push_back(std::move(b));
    }
    return budgets;
}

ResamplerDelay engine_resampler_delay(const Model& model) {
    const ResamplerLib lib = model.engine.resampler.value_or(dsp::default_resampler_lib());
    return [lib](double from_rate, double to_rate, Quality quality) {
        auto r = dsp::make_resampler(lib, quality, 1, from_rate, to_rate);
        return r ? r->delay_out_frames() : 0.0;
    };
}

} // namespace sy::graph

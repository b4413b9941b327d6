// Field-by-field comparison of two Models (graph::Model has no operator==),
// naming the first field that differs.
#pragma once

#include <cmath>
#include <string>

#include <gtest/gtest.h>

#include "graph/model.hpp"

namespace sy::presets::test_support {

inline void expect_same_endpoint(const graph::Endpoint& a, const graph::Endpoint& b, const std::string& where) {
    EXPECT_EQ(a.id, b.id) << where;
    EXPECT_EQ(a.kind, b.kind) << where;
    EXPECT_EQ(a.channels, b.channels) << where;
    EXPECT_EQ(a.rate, b.rate) << where;
    EXPECT_EQ(a.quality, b.quality) << where;
    EXPECT_EQ(a.latency, b.latency) << where << ".latency";
    ASSERT_EQ(a.jack.has_value(), b.jack.has_value()) << where << ".jack";
    if (a.jack) {
        EXPECT_EQ(a.jack->connect, b.jack->connect) << where << ".jack.connect";
    }
    ASSERT_EQ(a.pipewire.has_value(), b.pipewire.has_value()) << where << ".pipewire";
    if (a.pipewire) {
        EXPECT_EQ(a.pipewire->target, b.pipewire->target) << where;
        EXPECT_EQ(a.pipewire->virtual_kind, b.pipewire->virtual_kind) << where;
        EXPECT_EQ(a.pipewire->description, b.pipewire->description) << where;
    }
    // Exact equality on purpose, as for a route's gain below.
    EXPECT_EQ(a.gain_db, b.gain_db) << where << ".gain_db";
    EXPECT_EQ(a.mute, b.mute) << where << ".mute";
    EXPECT_EQ(a.solo, b.solo) << where << ".solo";
    EXPECT_EQ(a.inserts, b.inserts) << where << ".inserts";
}

inline void expect_same_model(const graph::Model& a, const graph::Model& b) {
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.engine.rate, b.engine.rate);
    EXPECT_EQ(a.engine.period, b.engine.period);
    EXPECT_EQ(a.engine.resampler, b.engine.resampler);
    EXPECT_EQ(a.engine.latency, b.engine.latency);
    const std::pair<const char*, std::pair<const std::vector<graph::Endpoint>*, const std::vector<graph::Endpoint>*>>
        lists[] = {{"inputs", {&a.inputs, &b.inputs}},
                   {"buses", {&a.buses, &b.buses}},
                   {"outputs", {&a.outputs, &b.outputs}}};
    for (const auto& [name, pair] : lists) {
        ASSERT_EQ(pair.first->size(), pair.second->size()) << name;
        for (std::size_t i = 0; i < pair.first->size(); ++i) {
            expect_same_endpoint((*pair.first)[i], (*pair.second)[i], std::string(name) + "[" + std::to_string(i) + "]");
        }
    }
    ASSERT_EQ(a.routes.size(), b.routes.size());
    for (std::size_t i = 0; i < a.routes.size(); ++i) {
        const std::string where = "routes[" + std::to_string(i) + "]";
        const graph::Route& x = a.routes[i];
        const graph::Route& y = b.routes[i];
        EXPECT_EQ(x.from, y.from) << where;
        EXPECT_EQ(x.to, y.to) << where;
        // Exact equality on purpose: -inf == -inf, and a gain must survive the text unchanged.
        EXPECT_EQ(x.gain_db, y.gain_db) << where << ".gain_db";
        EXPECT_EQ(x.mute, y.mute) << where << ".mute";
        EXPECT_EQ(x.solo, y.solo) << where << ".solo";
        EXPECT_EQ(x.map, y.map) << where << ".map";
    }
}

} // namespace sy::presets::test_support

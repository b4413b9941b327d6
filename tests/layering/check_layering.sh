#!/usr/bin/env bash
# The layering rules of docs/architecture.md, checked on what the compiler
# really includes (not on grep): the parts below the servers (graph, dsp,
# fx, engine, bridge) reach no JACK, PipeWire, liblo or GTK header, nor
# does the controller, and the GUI and the client reach no JACK or
# PipeWire one.
#   check_layering.sh SOURCE_DIR CXX
set -euo pipefail
src=$1
cxx=$2
cd "$src"
failed=0

# The GUI's headers, when the GUI is built (the check is then skipped for
# gui/ without them, and says so).
gui_flags=$(pkg-config --cflags-only-I gtkmm-3.0 ayatana-appindicator3-0.1 2>/dev/null || true)
# lilv's, for the inserts (fx/), which the engine runs.
fx_flags=$(pkg-config --cflags-only-I lilv-0)

# Every header a source file includes, directly or not (one per line). A
# file that does not preprocess fails the check: it would otherwise pass.
includes() {
    local deps
    if ! deps=$("$cxx" -std=c++20 -I"$src" $gui_flags $fx_flags -M "$1"); then
        echo "FAIL: $1 does not preprocess" >&2
        return 1
    fi
    echo "$deps" | tr ' \\' '\n\n' | grep -v '^$' | tail -n +2
}

# check FORBIDDEN-REGEX FILE...: no file reaches a header matching the regex.
check() {
    local forbidden=$1
    shift
    for f in "$@"; do
        local deps hit
        deps=$(includes "$f") || { failed=1; continue; }
        hit=$(echo "$deps" | grep -E "$forbidden" | head -1 || true)
        if [ -n "$hit" ]; then
            echo "FAIL: $f reaches $hit"
            failed=1
        fi
    done
}

audio='^/usr/(local/)?include/(jack|pipewire-0\.3|spa-0\.2)/'
servers="$audio|^/usr/(local/)?include/(lo/|gtk|gdk|libayatana|libdbusmenu)"
check "$servers" graph/*.cpp dsp/*.cpp fx/*.cpp router/engine/*.cpp router/bridge/*.cpp router/control/controller*.cpp
check "$audio" router/client/*.cpp
if [ -n "$gui_flags" ]; then
    check "$audio" gui/*.cpp
else
    echo "gui/ not checked: no gtkmm-3.0 headers"
fi
[ "$failed" = 0 ] && echo "layering holds"
exit "$failed"

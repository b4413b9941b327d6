#!/usr/bin/env bash
# The main job, offline for now: a test tone and a voice-like sweep through the
# shipped streaming preset with `switchyard render`, then every path's latency
# budget with `switchyard paths`. Needs no audio server and no sound card.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/router/switchyard
preset=presets/examples/streaming.json
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

"$bin" check "$preset"
sox -n -r 48000 -c 2 "$work/daw.wav" synth 5 sine 440 gain -12
sox -n -r 44100 -c 1 "$work/mic.wav" synth 5 sine 200-2000 gain -18
"$bin" render "$preset" -i daw="$work/daw.wav" -i mic="$work/mic.wav" \
  -o obs="$work/obs.wav" -o phones="$work/phones.wav" -o monitor="$work/monitor.wav"
for out in obs phones monitor; do
  printf '%-8s ' "$out"
  sox "$work/$out.wav" -n stat 2>&1 | awk '/Samples read|Maximum amplitude|RMS +amplitude/ {printf "%s=%s  ", $1, $NF} END {print ""}'
done
"$bin" paths "$preset"

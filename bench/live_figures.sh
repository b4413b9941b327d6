#!/usr/bin/env bash
# End-to-end figures on real servers (a JACK dummy server and a headless
# PipeWire with null sinks, started privately for each period):
#   - the measured round trip JACK -> Switchyard -> PipeWire sink -> monitor
#     -> Switchyard -> JACK against the sum of the two paths' budgets,
#   - a soak with 11 paths: xruns and bridge under/overruns (counted, not
#     asserted, below period 256: this is a shared 2-core machine),
#   - the DSP load JACK reports, and per path.
# Usage: bench/live_figures.sh [SOAK_SECONDS]   (default 60; build first)
set -euo pipefail
cd "$(dirname "$0")/.."
soak=${1:-60}
bin=build/tests/integration_tests
[ -x "$bin" ] || { echo "build first: scripts/build.sh" >&2; exit 2; }

printf '%-7s %-10s %-14s %-14s %-7s %-8s %-9s %-10s\n' period "quantum" "measured ms" "budget ms" xruns underrun overrun "DSP load"
for period in 64 128 256; do
  dir=$(mktemp -d /tmp/sy-bench-XXXXXX)
  SY_TEST_JACK_PERIOD=$period scripts/test-servers.sh start "$dir" >/dev/null 2>&1
  out=$(
    . "$dir/env"
    SY_REQUIRE_SERVERS=1 SY_SOAK_SECONDS=$soak "$bin" \
      --gtest_filter='LiveLatency.*:LiveSoak.*' --gtest_also_run_disabled_tests 2>&1 || true
  )
  scripts/test-servers.sh stop "$dir" >/dev/null 2>&1 || true
  lat=$(grep -m1 'round trip' <<<"$out" || true)
  soakline=$(grep -m1 'bridge underruns' <<<"$out" || true)
  measured=$(sed -n 's/.*measured [0-9-]* frames (\([0-9.]*\) ms).*/\1/p' <<<"$lat")
  budget=$(sed -n 's/.*budget [0-9.]* frames (\([0-9.]*\) ms).*/\1/p' <<<"$lat")
  xruns=$(sed -n 's/.*xruns \([0-9]*\),.*/\1/p' <<<"$soakline")
  under=$(sed -n 's/.*underruns \([0-9]*\),.*/\1/p' <<<"$soakline")
  over=$(sed -n 's/.*overruns \([0-9]*\),.*/\1/p' <<<"$soakline")
  load=$(sed -n 's/.*DSP load \([0-9.]*\)%.*/\1/p' <<<"$soakline")
  printf '%-7s %-10s %-14s %-14s %-7s %-8s %-9s %-10s\n' "$period" "$period" "${measured:-?}" "${budget:-?}" \
    "${xruns:-?}" "${under:-?}" "${over:-?}" "${load:+$load%}"
done
echo "(11 paths in the soak; DSP load per path = load / 11; dummy JACK backend and PipeWire null sinks, no hardware)"

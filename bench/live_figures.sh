#!/usr/bin/env bash
# End-to-end figures on real servers (a JACK dummy server and a headless
# PipeWire with null sinks, started privately for each period):
#   - one crossing, measured: the round trip JACK -> Switchyard -> PipeWire
#     sink -> monitor -> Switchyard -> JACK less the devices' part of the
#     budget, halved; against the budget of each crossing and its margin,
#   - a soak with 11 paths: xruns and bridge under/overruns, counted once
#     the bridges have measured their writers for a minute (LiveSoak; not
#     asserted below period 256: this is a shared 2-core machine),
#   - the DSP load JACK reports.
# Each latency mode of the bridges (safe, low) gets a row per period.
#
# Usage: bench/live_figures.sh [SOAK_SECONDS] [LABEL=INTEGRATION_TESTS_BINARY...]
#   default: 60 s, now=build/tests/integration_tests (build first). Give
#   before=<a build of an earlier commit>/tests/integration_tests too to
#   print both in one run; a binary from before the latency modes existed
#   runs once per period (its preset has no "latency").
set -euo pipefail
cd "$(dirname "$0")/.."
soak=${1:-60}
shift || true
binaries=("$@")
[ ${#binaries[@]} -gt 0 ] || binaries=(now=build/tests/integration_tests)

printf '%-7s %-5s %-7s %-12s %-13s %-13s %-7s %-8s %-8s %-9s\n' build mode period "crossing ms" "budget ms" "margin ms" \
  xruns underrun overrun "DSP load"
for entry in "${binaries[@]}"; do
  label=${entry%%=*}
  bin=${entry#*=}
  [ -x "$bin" ] || { echo "no test binary at $bin: build first (scripts/build.sh)" >&2; exit 2; }
  modes=(safe low)
  "$bin" --gtest_list_tests | grep -q LiveReportedLatency || modes=(-)
  for mode in "${modes[@]}"; do
    for period in 64 128 256; do
      dir=$(mktemp -d /tmp/sy-bench-XXXXXX)
      SY_TEST_JACK_PERIOD=$period scripts/test-servers.sh start "$dir" >/dev/null 2>&1
      out=$(
        . "$dir/env"
        [ "$mode" = - ] || export SY_TEST_LATENCY=$mode
        SY_REQUIRE_SERVERS=1 SY_SOAK_SECONDS=$soak "$bin" \
          --gtest_filter='LiveLatency.*:LiveSoak.*' --gtest_also_run_disabled_tests 2>&1 || true
      )
      scripts/test-servers.sh stop "$dir" >/dev/null 2>&1 || true
      one=$(grep -m1 'one crossing' <<<"$out" || true)
      soakline=$(grep -m1 'bridge underruns' <<<"$out" || true)
      measured=$(sed -n 's/.*measured \([0-9.]*\) ms.*/\1/p' <<<"$one")
      budgets=$(sed -n 's/.*budget \([0-9.]*\) ms JACK -> PipeWire (margin \([0-9.]*\) ms) and \([0-9.]*\) ms PipeWire -> JACK (margin \([0-9.]*\) ms).*/\1 \2 \3 \4/p' <<<"$one")
      read -r out_ms out_margin back_ms back_margin <<<"${budgets:-? ? ? ?}"
      xruns=$(sed -n 's/.*xruns \([0-9]*\),.*/\1/p' <<<"$soakline")
      under=$(sed -n 's/.*underruns \([0-9]*\),.*/\1/p' <<<"$soakline")
      over=$(sed -n 's/.*overruns \([0-9]*\),.*/\1/p' <<<"$soakline")
      load=$(sed -n 's/.*DSP load \([0-9.]*\)%.*/\1/p' <<<"$soakline")
      printf '%-7s %-5s %-7s %-12s %-13s %-13s %-7s %-8s %-8s %-9s\n' "$label" "$mode" "$period" \
        "$(printf '%.2f' "${measured:-0}")" "$(printf '%.2f/%.2f' "${out_ms/\?/0}" "${back_ms/\?/0}")" \
        "$(printf '%.2f/%.2f' "${out_margin/\?/0}" "${back_margin/\?/0}")" \
        "${xruns:-?}" "${under:-?}" "${over:-?}" "${load:+$load%}"
    done
  done
done
echo "(budget and margin: JACK -> PipeWire / PipeWire -> JACK; 11 paths in the soak; dummy JACK backend and"
echo " PipeWire null sinks, no hardware; a shared 2-core VM: the soak's log names the host's stalls)"

#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs what is missing, builds with
# warnings as errors, runs every test, then the ASan+UBSan and TSan builds of
# the same tests. `scripts/test.sh quick` runs only the first build's tests.
# The first build's tests include the integration tests (ctest label
# `servers`): they run against real servers (jackd on its dummy backend,
# PipeWire with null sinks, ...) that scripts/test-servers.sh starts in
# build/test-servers and stops again by PID when this script exits. The
# sanitizer builds run the unit tests, and the ASan build the fault suite
# (LiveFaults, PipewireNodeRemoval) on fresh servers too.
set -euo pipefail
cd "$(dirname "$0")/.."
export SY_WERROR=ON

scripts/install-deps.sh

run_suite() {
  local dir=$1; shift
  echo "== tests: $dir"
  ctest --test-dir "$dir" --output-on-failure -j2 --timeout 300 "$@"
}

scripts/build.sh release
# The build leaves gigabytes of dirty pages; written back while the soak
# runs they stall real-time threads on a small machine (seen: xruns at
# period 256 right after a build, none a minute later).
sync

servers=$PWD/build/test-servers
stop_servers() { scripts/test-servers.sh stop "$servers" || echo "test.sh: could not stop the test servers in $servers" >&2; }
trap stop_servers EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
# A run that was killed outright may have left its servers: stop those first.
scripts/test-servers.sh stop "$servers"
scripts/test-servers.sh start "$servers"
(
  # shellcheck disable=SC1091
  . "$servers/env"
  # Integration tests fail, not skip, when a server is missing.
  export SY_REQUIRE_SERVERS=1
  run_suite build
)
stop_servers

if [ "${1:-}" != quick ]; then
  scripts/build.sh asan
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    run_suite build-asan -LE servers
  # The fault suite under ASan+UBSan on fresh servers: a use-after-free on a
  # server's restart, a late server or a port's removal fails here.
  scripts/test-servers.sh start "$servers"
  (
    # shellcheck disable=SC1091
    . "$servers/env"
    export SY_REQUIRE_SERVERS=1
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      run_suite build-asan --no-tests=error -L servers -R '^(LiveFaults|PipewireNodeRemoval)[.]'
  )
  stop_servers
  scripts/build.sh tsan
  # TSan needs the kernel's mmap randomisation within what it maps; setarch -R
  # turns randomisation off for the test run, which it always accepts.
  TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 setarch "$(uname -m)" -R \
    ctest --test-dir build-tsan --output-on-failure -j2 --timeout 600 -LE servers
fi

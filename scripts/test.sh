#!/usr/bin/env bash
# The whole test suite, as CI runs it: installs what is missing, builds with
# warnings as errors, runs every test, then the ASan+UBSan and TSan builds of
# the same tests. `scripts/test.sh quick` runs only the first build's tests.
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
run_suite build

if [ "${1:-}" != quick ]; then
  scripts/build.sh asan
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    run_suite build-asan
  scripts/build.sh tsan
  # TSan needs the kernel's mmap randomisation within what it maps; setarch -R
  # turns randomisation off for the test run, which it always accepts.
  TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 setarch "$(uname -m)" -R \
    ctest --test-dir build-tsan --output-on-failure -j2 --timeout 600
fi

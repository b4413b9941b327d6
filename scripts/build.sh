#!/usr/bin/env bash
# Configures and builds one flavour of Switchyard into its own folder.
#   scripts/build.sh                 release-like build in build/ (with benchmarks)
#   scripts/build.sh asan            ASan+UBSan build of the tests in build-asan/
#   scripts/build.sh tsan            TSan build of the tests in build-tsan/
# Warnings are errors when CI=true or SY_WERROR=ON.
set -euo pipefail
cd "$(dirname "$0")/.."

flavour=${1:-release}
werror=${SY_WERROR:-$([ "${CI:-}" = true ] && echo ON || echo OFF)}
jobs=${JOBS:-2}
generator=()
command -v ninja >/dev/null && generator=(-G Ninja)

case "$flavour" in
  release) dir=build; extra=(-DCMAKE_BUILD_TYPE=RelWithDebInfo) ;;
  # The sanitizer builds are for the unit tests: no GUI, no benchmarks.
  asan) dir=build-asan; extra=(-DCMAKE_BUILD_TYPE=Debug -DSY_SANITIZE=address -DSY_BENCH=OFF -DSY_GUI=OFF) ;;
  tsan) dir=build-tsan; extra=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DSY_SANITIZE=thread -DSY_BENCH=OFF -DSY_GUI=OFF) ;;
  *) echo "usage: $0 [release|asan|tsan]" >&2; exit 2 ;;
esac

cmake -S . -B "$dir" "${generator[@]}" "${extra[@]}" -DSY_WERROR="$werror" >/dev/null
cmake --build "$dir" -j"$jobs"

#!/usr/bin/env bash
# Installs every build, test and benchmark dependency from Debian 12's packages.
# Safe to run again: apt skips what is already there.
set -euo pipefail

packages=(
  build-essential cmake pkg-config ninja-build
  libjack-jackd2-dev jackd2 jack-tools
  libpipewire-0.3-dev pipewire pipewire-bin pipewire-jack pipewire-pulse pulseaudio-utils wireplumber
  libsamplerate0-dev libzita-resampler-dev libsndfile1-dev libebur128-dev
  liblilv-dev lv2-dev lsp-plugins-lv2 x42-plugins libwebrtc-audio-processing-dev espeak-ng
  nlohmann-json3-dev libcli11-dev liblo-dev
  libgtkmm-3.0-dev libayatana-appindicator3-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  xvfb xauth dbus dbus-x11 sox python3
  xdotool python3-dbus python3-gi libglib2.0-bin librsvg2-common desktop-file-utils
)

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
# jackd2 asks whether to enable real-time limits; answer for it.
echo "jackd2 jackd/tweak_rt_limits boolean false" | "${sudo_cmd[@]}" debconf-set-selections
"${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 \
  install -y -q --no-install-recommends "${missing[@]}"

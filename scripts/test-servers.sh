#!/usr/bin/env bash
# Real audio servers for the integration tests, in a private sandbox folder.
#
#   scripts/test-servers.sh start DIR        start everything, write DIR/env and DIR/pids
#   scripts/test-servers.sh env DIR          print DIR/env (sourceable export lines)
#   scripts/test-servers.sh stop DIR         stop exactly the recorded PIDs, remove DIR
#   scripts/test-servers.sh kill-jack DIR    stop only jackd (a test's "server died")
#   scripts/test-servers.sh restart-jack DIR stop jackd if it runs, start it again
#   scripts/test-servers.sh kill-pipewire DIR    stop pipewire-pulse, wireplumber and pipewire
#   scripts/test-servers.sh start-pipewire DIR   start them again (same config: the sinks come back)
#   scripts/test-servers.sh restart-pipewire DIR both, as `systemctl --user restart pipewire` does
#
# start brings up, in this order, each waited for until it answers:
#   Xvfb            a display for GUI tests (free display number via -displayfd)
#   dbus-daemon     a private session bus (WirePlumber wants one)
#   pipewire        with two null sinks: test-sink-a (48000 Hz) and test-sink-b (44100 Hz)
#   wireplumber     the session manager that links and starts PipeWire streams
#   pipewire-pulse  PulseAudio protocol on top of PipeWire (pactl, paplay)
#   jackd           -n test-jack -d dummy -r 48000 -p 256, real-time (-R) when the
#                   system grants SCHED_FIFO (root here), else --no-realtime
#
# Environment knobs:
#   SY_TEST_JACK_NAME    JACK server name (default test-jack; when test-jack is
#                        already taken by another instance, test-jack-<pid> is used)
#   SY_TEST_JACK_PERIOD  jackd dummy period in frames (default 256)
#   SY_TEST_TIMEOUT      seconds to wait for each server (default 10)
#
# DIR/pids holds one line per process in start order: "PID NAME STARTTIME"
# (STARTTIME from /proc/PID/stat, so a recycled PID is never mistaken for ours).
# Nothing is ever killed by name.
set -euo pipefail

marker=.switchyard-test-servers
jack_lock=/tmp/switchyard-test-jack.lock
timeout_s=${SY_TEST_TIMEOUT:-10}
timings=

die() { echo "test-servers: $*" >&2; exit 1; }
note() { echo "test-servers: $*" >&2; }

usage() {
  sed -n '2,8p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

now_ms() { local t=${EPOCHREALTIME/./}; echo $((t / 1000)); }

# --- processes --------------------------------------------------------------

# Fields of /proc/PID/stat after the command name: state is the 1st, starttime the 20th.
proc_field() {
  local pid=$1 n=$2 stat rest
  stat=$(cat "/proc/$pid/stat" 2>/dev/null) || return 1
  rest=${stat##*) }
  local -a fields
  read -r -a fields <<<"$rest"
  echo "${fields[n - 1]}"
}

# True while PID is the very process we started and not a zombie.
alive() {
  local pid=$1 start=$2 state
  state=$(proc_field "$pid" 1) || return 1
  [ "$state" != Z ] || return 1
  [ "$(proc_field "$pid" 20)" = "$start" ]
}

# gone PID START: no process with this PID and start time, not even a zombie.
gone() { [ "$(proc_field "$1" 20 2>/dev/null)" != "$2" ]; }

# A daemon we stopped is a zombie until its parent reaps it (PID 1 here, about
# every 2 s), and while it is one kill(pid, 0) still succeeds: a new jackd
# takes that for a live server of the same name ("server already active",
# seen on a restart in CI). Only jackd checks that way, so only jackd is
# waited for; launch_reaped gives it a parent that reaps it at once.
wait_reaped() {
  local pid=$1 name=$2 start=$3 deadline
  [ "$name" = jackd ] || return 0
  deadline=$(($(now_ms) + 5000))
  until gone "$pid" "$start"; do
    [ "$(now_ms)" -lt "$deadline" ] || { note "$name (pid $pid) is still a zombie after 5 s"; return 0; }
    sleep 0.01
  done
}

# TERM, up to 2 s to go, then KILL.
stop_pid() {
  local pid=$1 name=$2 start=$3
  alive "$pid" "$start" || { wait_reaped "$pid" "$name" "$start"; return 0; }
  stop_live_pid "$pid" "$name" "$start" || return 1
  wait_reaped "$pid" "$name" "$start"
}

stop_live_pid() {
  local pid=$1 name=$2 start=$3 deadline
  kill -TERM "$pid" 2>/dev/null || return 0
  deadline=$(($(now_ms) + 2000))
  while alive "$pid" "$start"; do
    if [ "$(now_ms)" -ge "$deadline" ]; then
      note "$name (pid $pid) ignored TERM for 2 s; sending KILL"
      kill -KILL "$pid" 2>/dev/null || true
      deadline=$(($(now_ms) + 2000))
      while alive "$pid" "$start"; do
        [ "$(now_ms)" -lt "$deadline" ] || { note "$name (pid $pid) survived KILL"; return 1; }
        sleep 0.01
      done
      return 0
    fi
    sleep 0.01
  done
}

# launch NAME CMD... : starts CMD detached, output to DIR/logs/NAME.log, records its PID.
launch() {
  local name=$1; shift
  # setsid without a fork (a background job is no group leader), so $! is the daemon.
  setsid "$@" </dev/null >>"$logs/$name.log" 2>&1 9>&- &
  record "$name" "$!"
}

# record NAME PID : notes the daemon's PID and start time in DIR/pids.
record() {
  local name=$1 pid=$2 start
  start=$(proc_field "$pid" 20) || fail_start "$name (pid $pid) exited at once"
  echo "$pid $name $start" >>"$dir/pids"
  last_pid=$pid last_start=$start
}

# launch_reaped NAME CMD... : as launch, but CMD runs as the child of a shell
# that waits for it, so it is reaped the moment it exits rather than when
# PID 1 gets round to it (see wait_reaped). The shell runs no other command.
launch_reaped() {
  local name=$1; shift
  local pidfile=$dir/$name.pid pid="" deadline
  rm -f "$pidfile"
  # shellcheck disable=SC2016 # expanded by the inner shell
  setsid bash -c '"$@" & echo "$!" >"$0.tmp" && mv "$0.tmp" "$0"; wait' "$pidfile" "$@" \
    </dev/null >>"$logs/$name.log" 2>&1 9>&- &
  deadline=$(($(now_ms) + 2000))
  until [ -s "$pidfile" ]; do
    [ "$(now_ms)" -lt "$deadline" ] || fail_start "$name did not start within 2 s"
    sleep 0.005
  done
  pid=$(cat "$pidfile")
  rm -f "$pidfile"
  record "$name" "$pid"
}

# wait_ready NAME PID START CHECK... : polls CHECK until it succeeds, the
# process dies, or the timeout passes.
wait_ready() {
  local name=$1 pid=$2 start=$3; shift 3
  local t0 deadline
  t0=$(now_ms)
  deadline=$((t0 + timeout_s * 1000))
  until "$@" >/dev/null 2>&1; do
    if ! alive "$pid" "$start"; then
      fail_start "$name (pid $pid) exited during start-up"
    fi
    if [ "$(now_ms)" -ge "$deadline" ]; then
      fail_start "$name (pid $pid) not ready after ${timeout_s} s (waited for: $*)"
    fi
    sleep 0.02
  done
  timings+="${timings:+, }$name $(($(now_ms) - t0)) ms"
}

fail_start() {
  local name=${1%% *}
  local log=$logs/${name%:}.log
  {
    echo "test-servers: start failed: $1"
    if [ -s "$log" ]; then echo "--- last lines of $log"; tail -n 20 "$log"; echo "---"; fi
  } >&2
  do_stop quiet || true
  exit 1
}

# --- folder layout ----------------------------------------------------------

set_paths() {
  [ -n "${1:-}" ] || usage
  dir=$(realpath -m -- "$1")
  logs=$dir/logs
}

# The runtime folder holds Unix sockets, whose paths must fit in 108 bytes:
# a deep DIR gets its runtime folder under /tmp, linked from DIR/runtime.
runtime_path() {
  if [ -L "$dir/runtime" ]; then readlink "$dir/runtime"; else echo "$dir/runtime"; fi
}

owned() { [ -f "$dir/$marker" ]; }

any_alive() {
  local pid name start
  [ -f "$dir/pids" ] || return 1
  while read -r pid name start; do
    alive "$pid" "$start" && return 0
  done <"$dir/pids"
  return 1
}

# --- jackd ------------------------------------------------------------------

jack_answers() { JACK_NO_START_SERVER=1 jack_lsp -s "$1" >/dev/null 2>&1; }

# Our jackd is ready when its name answers and it is still the process we started
# (another instance's server of the same name would answer too).
jack_ready() { jack_answers "$jack_name" && alive "$last_pid" "$last_start"; }

start_jack() {
  local period=${SY_TEST_JACK_PERIOD:-$1} rate=$2
  # jackd takes "abc" for a period without a word: check it here.
  [[ $period =~ ^[1-9][0-9]*$ ]] || fail_start "jackd: SY_TEST_JACK_PERIOD=$period is not a number of frames"
  # One instance at a time picks a name and brings its server up.
  exec 9>>"$jack_lock"
  flock -w 30 9 || die "could not lock $jack_lock within 30 s"
  if jack_answers "$jack_name"; then
    if [ "${jack_name_chosen:-}" = default ]; then
      note "JACK server name $jack_name is taken by another instance; using $jack_name-$$"
      jack_name=$jack_name-$$
      jack_answers "$jack_name" && fail_start "jackd: server name $jack_name is taken too"
    else
      flock -u 9
      fail_start "jackd: a JACK server named $jack_name already runs (not ours); set SY_TEST_JACK_NAME"
    fi
  fi
  # Real-time when the system grants it, as a real JACK set-up runs: without
  # it a shared 2-core machine preempts the process thread now and then
  # (one xrun in a one-minute soak at period 256, seen in CI).
  local rt=--no-realtime
  chrt -f 1 true 2>/dev/null && rt=--realtime
  launch_reaped jackd jackd -n "$jack_name" "$rt" -d dummy -r "$rate" -p "$period"
  wait_ready jackd "$last_pid" "$last_start" jack_ready
  flock -u 9
  echo "$jack_name $period $rate" >"$dir/jack"
}

# --- subcommands ------------------------------------------------------------

do_start() {
  if [ -e "$dir" ]; then
    if owned; then
      any_alive && die "$dir already has running servers; run: $0 stop $dir"
      clear_dir
    elif [ -n "$(ls -A "$dir" 2>/dev/null)" ]; then
      die "$dir exists and is not a test-servers folder; choose another DIR"
    fi
  fi
  mkdir -p "$dir" "$logs"
  touch "$dir/$marker"
  local runtime=$dir/runtime
  if [ $((${#runtime} + 20)) -gt 107 ]; then
    runtime=$(mktemp -d /tmp/sy-test-runtime.XXXXXX)
    ln -s "$runtime" "$dir/runtime"
  else
    mkdir "$runtime"
  fi
  chmod 700 "$runtime"
  mkdir -p "$dir/config/pipewire/pipewire.conf.d" "$dir/state"
  : >"$dir/pids"

  cat >"$dir/config/pipewire/pipewire.conf.d/50-test-sinks.conf" <<'EOF'
# Two null sinks, each its own clock driver: no sound card needed.
context.objects = [
  { factory = adapter
    args = { factory.name = support.null-audio-sink node.name = test-sink-a
             node.description = "Test Sink A" media.class = Audio/Sink
             audio.position = [ FL FR ] audio.rate = 48000
             monitor.channel-volumes = true object.linger = true } }
  { factory = adapter
    args = { factory.name = support.null-audio-sink node.name = test-sink-b
             node.description = "Test Sink B" media.class = Audio/Sink
             audio.position = [ FL FR ] audio.rate = 44100
             monitor.channel-volumes = true object.linger = true } }
]
EOF

  # Nothing from the caller's session may leak into the sandbox.
  unset PIPEWIRE_REMOTE PIPEWIRE_RUNTIME_DIR PULSE_SERVER PULSE_RUNTIME_PATH JACK_PROMISCUOUS_SERVER
  export XDG_RUNTIME_DIR=$runtime XDG_CONFIG_HOME=$dir/config XDG_STATE_HOME=$dir/state
  export PIPEWIRE_RUNTIME_DIR=$runtime
  export JACK_NO_AUDIO_RESERVATION=1 JACK_NO_START_SERVER=1 NO_AT_BRIDGE=1
  export DBUS_SESSION_BUS_ADDRESS=unix:path=$runtime/bus

  local t0 display
  t0=$(now_ms)

  launch Xvfb Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$dir/display"
  wait_ready Xvfb "$last_pid" "$last_start" grep -q '^[0-9][0-9]*$' "$dir/display"
  display=:$(head -n 1 "$dir/display")
  export DISPLAY=$display

  launch dbus-daemon dbus-daemon --session --address="$DBUS_SESSION_BUS_ADDRESS" --nofork --nopidfile
  wait_ready dbus-daemon "$last_pid" "$last_start" test -S "$runtime/bus"

  launch pipewire pipewire
  wait_ready pipewire "$last_pid" "$last_start" test -S "$runtime/pipewire-0"

  launch wireplumber wireplumber
  wait_ready wireplumber "$last_pid" "$last_start" sinks_ready

  launch pipewire-pulse pipewire-pulse
  if command -v pactl >/dev/null; then
    wait_ready pipewire-pulse "$last_pid" "$last_start" pactl info
  else
    note "pactl not installed (package pulseaudio-utils): only waiting for the socket"
    wait_ready pipewire-pulse "$last_pid" "$last_start" test -S "$runtime/pulse/native"
  fi

  jack_name=${SY_TEST_JACK_NAME:-test-jack}
  jack_name_chosen=$([ -n "${SY_TEST_JACK_NAME:-}" ] && echo explicit || echo default)
  start_jack 256 48000

  write_env
  note "started in $(($(now_ms) - t0)) ms ($timings): display $display, JACK server $jack_name; source $dir/env"
}

sinks_ready() {
  local ports
  ports=$(pw-link -i) || return 1
  grep -q '^test-sink-a:playback_FL$' <<<"$ports" && grep -q '^test-sink-b:playback_FL$' <<<"$ports"
}

write_env() {
  local runtime v
  runtime=$(runtime_path)
  {
    echo "# Sourceable: the environment of the test servers started in $dir"
    for v in XDG_RUNTIME_DIR XDG_CONFIG_HOME XDG_STATE_HOME DBUS_SESSION_BUS_ADDRESS DISPLAY \
             PIPEWIRE_RUNTIME_DIR JACK_NO_AUDIO_RESERVATION JACK_NO_START_SERVER NO_AT_BRIDGE; do
      printf 'export %s=%q\n' "$v" "${!v}"
    done
    printf 'export JACK_DEFAULT_SERVER=%q\n' "$jack_name"
    printf 'export PULSE_SERVER=%q\n' "unix:$runtime/pulse/native"
    printf 'export SY_TEST_SERVERS_DIR=%q\n' "$dir"
    echo "unset PIPEWIRE_REMOTE PULSE_RUNTIME_PATH"
  } >"$dir/env.tmp"
  mv "$dir/env.tmp" "$dir/env"
}

# Stops every recorded PID in reverse start order; removes DIR unless keep.
do_stop() {
  local mode=${1:-}
  [ -e "$dir" ] || return 0
  owned || die "$dir is not a test-servers folder; not touching it"
  local t0 failed=0 pid name start
  t0=$(now_ms)
  if [ -f "$dir/pids" ]; then
    while read -r pid name start; do
      stop_pid "$pid" "$name" "$start" || failed=1
    done < <(tac "$dir/pids")
  fi
  [ "$failed" = 0 ] || { note "some processes could not be stopped; keeping $dir"; return 1; }
  clear_dir
  [ "$mode" = quiet ] || note "stopped in $(($(now_ms) - t0)) ms"
}

clear_dir() {
  if [ -L "$dir/runtime" ]; then rm -rf -- "$(readlink "$dir/runtime")"; fi
  rm -rf -- "$dir"
}

load_jack() {
  if ! owned || [ ! -f "$dir/jack" ] || [ ! -f "$dir/env" ]; then die "no servers started in $dir"; fi
  read -r jack_name jack_period jack_rate <"$dir/jack"
  set -a
  # shellcheck disable=SC1091
  . "$dir/env"
  set +a
}

do_kill_jack() {
  load_jack
  local pid name start keep=()
  while read -r pid name start; do
    if [ "$name" = jackd ]; then
      stop_pid "$pid" "$name" "$start" || die "jackd (pid $pid) could not be stopped"
    else
      keep+=("$pid $name $start")
    fi
  done <"$dir/pids"
  printf '%s\n' "${keep[@]}" >"$dir/pids.tmp"
  mv "$dir/pids.tmp" "$dir/pids"
}

do_restart_jack() {
  do_kill_jack
  jack_name_chosen=explicit
  # A failed restart must not tear down the other servers: report and exit.
  fail_start() {
    echo "test-servers: restart-jack failed: $1" >&2
    [ -s "$logs/jackd.log" ] && { echo "--- last lines of $logs/jackd.log"; tail -n 8 "$logs/jackd.log"; echo "---"; } >&2
    exit 1
  }
  start_jack "$jack_period" "$jack_rate"
}

# stop_named NAME... : stops the recorded processes with these names, the
# latest started first, and keeps the others in DIR/pids.
stop_named() {
  local pid name start entry keep=() doomed=()
  while read -r pid name start; do
    if [[ " $* " == *" $name "* ]]; then doomed=("$pid $name $start" "${doomed[@]}"); else keep+=("$pid $name $start"); fi
  done <"$dir/pids"
  for entry in "${doomed[@]}"; do
    read -r pid name start <<<"$entry"
    stop_pid "$pid" "$name" "$start" || die "$name (pid $pid) could not be stopped"
  done
  if [ ${#keep[@]} -gt 0 ]; then printf '%s\n' "${keep[@]}" >"$dir/pids.tmp"; else : >"$dir/pids.tmp"; fi
  mv "$dir/pids.tmp" "$dir/pids"
}

pipewire_answers() { pw-cli info 0 >/dev/null 2>&1; }

do_kill_pipewire() {
  load_jack
  stop_named pipewire wireplumber pipewire-pulse
}

# As a desktop restarts it: pipewire first, wireplumber once pipewire
# answers, then the PulseAudio front. XDG_CONFIG_HOME keeps the sinks' drop-in.
do_start_pipewire() {
  load_jack
  fail_start() {
    echo "test-servers: start-pipewire failed: $1" >&2
    exit 1
  }
  launch pipewire pipewire
  wait_ready pipewire "$last_pid" "$last_start" pipewire_answers
  launch wireplumber wireplumber
  wait_ready wireplumber "$last_pid" "$last_start" sinks_ready
  launch pipewire-pulse pipewire-pulse
  wait_ready pipewire-pulse "$last_pid" "$last_start" test -S "$(runtime_path)/pulse/native"
}

cmd=${1:-}
case "$cmd" in
  start) set_paths "${2:-}"; do_start ;;
  stop) set_paths "${2:-}"; do_stop ;;
  env) set_paths "${2:-}"; [ -f "$dir/env" ] || die "no servers started in $dir"; cat "$dir/env" ;;
  kill-jack) set_paths "${2:-}"; do_kill_jack ;;
  restart-jack) set_paths "${2:-}"; do_restart_jack ;;
  kill-pipewire) set_paths "${2:-}"; do_kill_pipewire ;;
  start-pipewire) set_paths "${2:-}"; do_start_pipewire ;;
  restart-pipewire) set_paths "${2:-}"; do_kill_pipewire; do_start_pipewire ;;
  *) usage ;;
esac

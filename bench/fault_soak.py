#!/usr/bin/env python3
"""The fault soak: `switchyard run` on private test servers while the desktop
does what desktops do, at random times, for SECONDS (default 600):

  pipewire-restart  PipeWire and its session manager killed and started again
  jack-restart      jackd killed and started again
  quantum           PipeWire's quantum forced to 128, 512, 1024 or back to 256
  unplug            the target sink destroyed, then created again 1 s later
  flap              a JACK client whose port an input connects to, for 1 s
  recall            a saved preset recalled through the control socket
  flood             200 gain changes as fast as the socket takes them

After each event (from when the server answers again, the sink is back or
the client gone) it polls `switchyard ctl --json status` every 100 ms until
every server the preset uses runs, nothing waits for a device and every bridge
has locked: that is the event's recovery time. It prints, per event kind, the
median and worst recovery, and over the whole soak the xruns, bridge
underruns and resyncs, and the engine's resident memory at start and end.

Not a test (no pass or fail, no CI): figures for the notes and the docs.
Usage: bench/fault_soak.py [SECONDS] [--seed N]   (build first: scripts/build.sh)
"""
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "build", "router", "switchyard")
SERVERS = os.path.join(ROOT, "scripts", "test-servers.sh")
SINK = "soak-sink"
FLAP = "soak-flap"

PRESET = {
    "switchyard": 1, "name": "soak",
    "inputs": [
        {"id": "daw", "channels": 2, "jack": {"connect": [FLAP + ":out_1", FLAP + ":out_2"]}},
        {"id": "desktop", "channels": 2, "pipewire": {"virtual": "sink", "description": "Soak Desktop"}},
    ],
    "buses": [{"id": "mix", "channels": 2}],
    "outputs": [
        {"id": "speakers", "channels": 2, "pipewire": {"target": "test-sink-a"}},
        {"id": "unplugged", "channels": 2, "pipewire": {"target": SINK}},
        {"id": "stream", "channels": 2, "pipewire": {"virtual": "source", "description": "Soak Stream"}},
        {"id": "mon", "channels": 2, "jack": {"connect": []}},
    ],
    "routes": [
        {"from": "daw", "to": "mix"}, {"from": "desktop", "to": "mix"},
        {"from": "mix", "to": "speakers"}, {"from": "mix", "to": "unplugged"},
        {"from": "mix", "to": "stream"}, {"from": "mix", "to": "mon"},
    ],
}


def sh(cmd, env, check=False):
    return subprocess.run(cmd, shell=True, env=env, capture_output=True, text=True, check=check)


def status(env):
    out = sh(f"'{BIN}' ctl --instance soak --json status", env)
    try:
        return json.loads(out.stdout)
    except ValueError:
        return None


def phases_done(s):
    """Which of the three steps of a recovery a status shows done: every
    server running, no endpoint waiting, every bridge locked."""
    if not s:
        return (False, False, False)
    servers = all(v.get("state") == "running" for v in s.get("servers", {}).values())
    # "daw" waits for the flapping client by design.
    endpoints = servers and not any(w.get("id") != "daw" for w in s.get("waiting", []))
    bridges = endpoints and all(b.get("locked") for b in s.get("bridges", []))
    return (servers, endpoints, bridges)


def recovered(s):
    return all(phases_done(s))


def counters(s):
    """The engine's loss counters in a status: missed cycles per server (JACK's
    count starts again with each new JACK client) and bridge under/overruns
    (a bridge's count starts again when it is rebuilt)."""
    s = s or {}
    servers = s.get("servers", {})
    bridges = s.get("bridges", [])
    return {"jack_missed": servers.get("jack", {}).get("missed_cycles", 0),
            "pw_missed": servers.get("pipewire", {}).get("missed_cycles", 0),
            "underruns": sum(b.get("underruns", 0) for b in bridges),
            "overruns": sum(b.get("overruns", 0) for b in bridges)}


def watch_recovery(env, t0, limit=30.0):
    """Polls the status until it shows a recovery; returns the time each step
    was first seen done (None for a step never seen) and the last status."""
    seen = [None, None, None]
    s = None
    while time.time() - t0 < limit:
        s = status(env)
        for i, done in enumerate(phases_done(s)):
            if done and seen[i] is None:
                seen[i] = time.time() - t0
        if recovered(s):
            break
        time.sleep(0.1)
    return seen, s


MODULE = []  # the PulseAudio module of the sink that comes and goes


def make_sink(env):
    # Through PipeWire's PulseAudio front, as a device that comes and goes:
    # `pw-cli destroy` of a node made with pw-cli was seen to crash WirePlumber.
    out = sh(f"pactl load-module module-null-sink sink_name={SINK} channel_map=front-left,front-right", env)
    MODULE[:] = [out.stdout.strip()]


def remove_sink(env):
    if MODULE:
        sh(f"pactl unload-module {MODULE[0]}", env)


def do_event(kind, env, servers_dir, rng):
    if kind == "pipewire-restart":
        sh(f"'{SERVERS}' restart-pipewire '{servers_dir}'", env)
        make_sink(env)  # a module's sink lives only as long as PipeWire
    elif kind == "jack-restart":
        sh(f"'{SERVERS}' restart-jack '{servers_dir}'", env)
    elif kind == "quantum":
        sh(f"pw-metadata -n settings 0 clock.force-quantum {rng.choice([128, 512, 1024, 256])}", env)
    elif kind == "unplug":
        remove_sink(env)
        time.sleep(1.0)
        make_sink(env)
    elif kind == "flap":
        client = subprocess.Popen(["jack_simple_client", FLAP], env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        time.sleep(1.0)
        client.terminate()
        client.wait()
    elif kind == "recall":
        sh(f"'{BIN}' ctl --instance soak preset load soak-b", env)
        sh(f"'{BIN}' ctl --instance soak preset load soak", env)
    elif kind == "flood":
        for i in range(200):
            sh(f"'{BIN}' ctl --instance soak gain mix {-(i % 12)}", env)


def describe_steps(seen):
    names = ("servers", "endpoints", "bridges")
    return ", ".join(f"{n} {'-' if t is None else f'{t:.2f}'}" for n, t in zip(names, seen))


def describe_losses(before, after):
    """What the event cost, as the counters' growth from just before it to
    the recovery; "new" where a count started again (new client, new bridge)."""
    parts = []
    for key in ("jack_missed", "pw_missed", "underruns", "overruns"):
        grew = after[key] - before[key]
        parts.append(f"{key} {'new ' + str(after[key]) if grew < 0 else f'+{grew}'}")
    return " ".join(parts)


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--seed")]
    seconds = float(args[0]) if args else 600.0
    seed = next((int(a.split("=")[1]) for a in sys.argv[1:] if a.startswith("--seed=")), 20261205)
    rng = random.Random(seed)
    servers_dir = tempfile.mkdtemp(prefix="sy-soak-")
    subprocess.run([SERVERS, "start", servers_dir], check=True, capture_output=True)
    env = dict(os.environ)
    for line in open(os.path.join(servers_dir, "env")):
        if line.startswith("export "):
            key, _, value = line[len("export "):].strip().partition("=")
            env[key] = value
    engine = None
    try:
        sh(f"pw-metadata -n settings 0 clock.force-quantum 0", env)
        make_sink(env)
        preset_dir = tempfile.mkdtemp(prefix="sy-soak-presets-")
        path = os.path.join(preset_dir, "soak.json")
        with open(path, "w") as f:
            json.dump(PRESET, f)
        log_path = os.path.join(preset_dir, "engine.log")
        print(f"engine log (its server transitions and status lines): {log_path}", flush=True)
        engine = subprocess.Popen([BIN, "run", path, "--instance", "soak", "--status"], env=env,
                                  stdout=open(log_path, "w"), stderr=subprocess.STDOUT)
        deadline = time.time() + 20
        while not recovered(status(env)) and time.time() < deadline:
            time.sleep(0.2)
        sh(f"'{BIN}' ctl --instance soak preset save soak", env)
        sh(f"'{BIN}' ctl --instance soak gain mix -6", env)
        sh(f"'{BIN}' ctl --instance soak preset save soak-b", env)
        sh(f"'{BIN}' ctl --instance soak preset load soak", env)
        rss_start = rss_kb(engine.pid)
        kinds = ["pipewire-restart", "jack-restart", "quantum", "unplug", "flap", "recall", "flood"]
        recovery = {k: [] for k in kinds}
        never = {k: 0 for k in kinds}
        t_end = time.time() + seconds
        while time.time() < t_end:
            time.sleep(rng.uniform(2.0, 12.0))
            kind = rng.choice(kinds)
            before = counters(status(env))
            do_event(kind, env, servers_dir, rng)
            t0 = time.time()  # the server answers again, the sink is back, the client gone
            seen, s = watch_recovery(env, t0)
            losses = describe_losses(before, counters(s))
            if not recovered(s):
                never[kind] += 1
                print(f"  {kind}: not recovered in 30 s ({describe_steps(seen)}): {json.dumps(s)[:600]}", flush=True)
                continue
            recovery[kind].append(seen[2])
            print(f"{time.time() - (t_end - seconds):7.1f} s  {kind:17s} recovered in {seen[2]:.2f} s "
                  f"({describe_steps(seen)}; {losses})", flush=True)
        s = status(env) or {}
        rss_end = rss_kb(engine.pid)
        print(f"\n{'event':17s} {'count':>5s} {'median s':>9s} {'worst s':>8s} {'never':>6s}")
        for k in kinds:
            v = recovery[k]
            med = f"{statistics.median(v):.2f}" if v else "-"
            worst = f"{max(v):.2f}" if v else "-"
            print(f"{k:17s} {len(v):5d} {med:>9s} {worst:>8s} {never[k]:6d}")
        bridges = s.get("bridges", [])
        print(f"\nhub now {s.get('hub', {}).get('server')}, its xruns {s.get('hub', {}).get('xruns', '-')}; bridges now: "
              f"underruns {sum(b.get('underruns', 0) for b in bridges)}, "
              f"overruns {sum(b.get('overruns', 0) for b in bridges)}")
        print(f"resident memory: {rss_start} kB at start, {rss_end} kB at the end ({rss_end - rss_start:+d} kB)")
    finally:
        if engine:
            engine.terminate()
            engine.wait()
        sh(f"pw-metadata -n settings 0 clock.force-quantum 0", env)
        subprocess.run([SERVERS, "stop", servers_dir], capture_output=True)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Who had the CPU while the machine stalled: for SECONDS (default 20), a
witness on every CPU (SCHED_FIFO 1, pinned, due every millisecond, as in
tests/integration/stall_watch.hpp) notes each wake more than 3 ms late, while
`perf sched record` logs every context switch. For each late wake it then
adds up what ran on that CPU between when the wake was due and when it came.

A CPU that was idle through the stall had nothing runnable that the guest
kernel knew of: the witness's timer itself came late, which is the host (a
hypervisor that took the virtual CPU away, or delayed its timer). A stall
filled by a task is that task's: a real-time thread above the witness
running long, or a kernel thread. The tests take a recording again after a
witnessed stall; this says whether those stalls are the host's or ours.

Run it beside whatever is to be judged (the test servers and `switchyard
run`, say): it observes the machine as it is. Needs root and perf (Debian:
linux-perf).
Not a test (no pass or fail): figures for the notes.
Usage: bench/stall_cause.py [SECONDS]
"""
import collections
import os
import re
import subprocess
import sys
import tempfile
import time

LATE_S = 0.003
PERIOD_S = 0.001
IDLE_SHARE = 0.8  # idle for this much of the lateness: the host's stall


def witness(cpu, seconds):
    """One CPU's witness: prints `cpu late_ms at` (CLOCK_MONOTONIC seconds)."""
    os.sched_setaffinity(0, {cpu})
    os.sched_setscheduler(0, os.SCHED_FIFO, os.sched_param(1))
    due = time.monotonic()
    end = due + seconds
    while due < end:
        due += PERIOD_S
        time.sleep(max(0.0, due - time.monotonic()))
        now = time.monotonic()
        if now - due > LATE_S:
            print(f"{cpu} {(now - due) * 1000:.3f} {now:.6f}", flush=True)
            due = now


def witnesses(seconds):
    children = [subprocess.Popen([sys.executable, __file__, "--witness", str(c), str(seconds)])
                for c in sorted(os.sched_getaffinity(0))]
    sys.exit(max(c.wait() for c in children))


def switches(perf_data):
    """(end time, cpu, task, run ms) of every stretch perf saw on a CPU."""
    out = subprocess.run(["perf", "sched", "timehist", "-i", perf_data], capture_output=True, text=True).stdout
    rows = []
    for line in out.splitlines():
        p = line.split()
        if len(p) < 6 or not p[1].startswith("["):
            continue
        try:
            rows.append((float(p[0]), int(p[1][1:-1]), re.sub(r"\[.*", "", p[2]), float(p[-1])))
        except ValueError:
            continue
    return rows


def who_ran(rows, cpu, start, end):
    ran = collections.Counter()
    for t, c, task, run_ms in rows:
        began = t - run_ms / 1000
        if c == cpu and t > start and began < end:
            ran[task] += (min(t, end) - max(began, start)) * 1000
    return ran


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 20.0
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "perf.data")
        record = subprocess.run(["perf", "sched", "record", "-a", "-o", data, "--", sys.executable, __file__,
                                 "--witnesses", str(seconds)], capture_output=True, text=True)
        if record.returncode != 0:
            sys.exit("perf sched record failed (root and perf needed):\n" + record.stderr)
        stalls = [line.split() for line in record.stdout.splitlines()]
        rows = switches(data)
    held = collections.Counter()
    host = 0
    worst = 0.0
    for cpu, late_ms, at in stalls:
        late = float(late_ms) / 1000
        ran = who_ran(rows, int(cpu), float(at) - late, float(at))
        worst = max(worst, late * 1000)
        if ran["<idle>"] >= IDLE_SHARE * late * 1000:
            host += 1
        for task, ms in ran.items():
            if task not in ("<idle>", "python3"):
                held[task] += ms
    print(f"stalls over {LATE_S * 1000:.0f} ms in {seconds:.0f} s: {len(stalls)}, worst {worst:.1f} ms")
    print(f"CPU idle through at least {IDLE_SHARE:.0%} of the stall (the host's): {host} of {len(stalls)}")
    print("tasks that ran inside stalls, ms in all: " +
          (", ".join(f"{t} {ms:.1f}" for t, ms in held.most_common(8)) or "none"))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--witness":
        witness(int(sys.argv[2]), float(sys.argv[3]))
    elif len(sys.argv) == 3 and sys.argv[1] == "--witnesses":
        witnesses(float(sys.argv[2]))
    else:
        main()

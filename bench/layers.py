#!/usr/bin/env python3
"""Where an accepted webhook's cost goes, layer by layer: bench/run's load answered at
increasing depths of the gateway, each on fresh processes, in one run.

  nginx    wrk against nginx alone (bench/run's baseline): the box's ceiling
  404      an unknown tenant: HTTP, routing and the error answer; the body is not read
  401      every signature bad: + reading the body and verifying the Stripe signature
  accept   valid events with every handler paused (admin API): + parsing, normalizing and
           the Redis accept; the jobs wait in Redis
  full     bench/run's load: + delivering every job to the sink
  deliver  delivery alone: the `accept` layer's jobs (no resends, no bad signatures), then
           the handlers resumed; its row is per delivery, over the drain

Each layer is what the one before it does plus one more part of the path, so the difference
of two rows' CPU per request is that part's cost. Reports requests/s, 2xx/s, wrk's p50/p99,
and per request: the gateway's CPU, Redis's CPU and the gateway's context switches (over the
load, and for `full` the drain). --repeat interleaves the layers and reports medians.
Driven by bench/layers. Python 3 standard library only.
"""

import argparse
import collections
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from scale import (  # noqa: E402
    HANDLERS, REDIS_ARGS, STRIPE_SECRET, Deployment, cpu_seconds, wrk_figures)

LAYERS = ["nginx", "404", "401", "accept", "full", "deliver"]


def log(message):
    print(f"[layers {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def process_cpu(pid):
    """CPU seconds and context switches of every thread of a process."""
    switches = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            for line in open(f"/proc/{pid}/task/{task}/status"):
                if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                    switches += int(line.split()[1])
        except OSError:
            pass  # the thread ended
    return cpu_seconds(pid), switches


def handlers(admin, action):
    """Pauses or resumes every bench handler through the admin API."""
    for handler in HANDLERS:
        request = urllib.request.Request(
            f"http://127.0.0.1:{admin}/admin/handlers/{handler}/{action}", data=b"{}",
            method="POST", headers={"Content-Type": "application/json"})
        urllib.request.urlopen(request, timeout=10).read()


def make_events(root, out, duration):
    """Fresh events for one layer: their signatures carry the time they were made."""
    valid = duration * 12000
    subprocess.run([sys.executable, f"{root}/bench/make-events.py", "--out", out, "--threads", "2",
                    "--valid", str(valid), "--bad", str(valid // 50 + 100)],
                   check=True, stdout=subprocess.DEVNULL)


def run(args, root, layer, repetition):
    out = f"{args.out}/{layer}-{repetition + 1}"
    events = f"{out}/events"
    make_events(root, events, args.duration)
    deployment = Deployment(root, out, args.binary, 1, 1, 1, 3, {})
    try:
        redis_url = deployment.start_redis()
        deployment.start_sink()
        deployment.start_gateways(redis_url)
        gateway = next(p for p, _ in deployment.processes if p.args[0] == args.binary)
        redis = next(p for p, _ in deployment.processes if p.args[0] == "redis-server")
        port, admin = deployment.ports[0]
        env = dict(os.environ, BENCH_EVENTS_DIR=events, BENCH_THREADS="2",
                   BENCH_RESPONSES=f"{out}/responses", BENCH_BARRIER="")
        if layer == "nginx":
            port = deployment.baseline_port
            env["BENCH_PATH"] = "/loyalty"
        elif layer == "404":
            env["BENCH_PATH"] = "/webhooks/nobody/stripe"
        elif layer == "401":
            env["BENCH_BAD_RATE"] = "1"
        elif layer in ("accept", "deliver"):
            handlers(admin, "pause")
        if layer == "deliver":
            env.update(BENCH_DUP_RATE="0", BENCH_BAD_RATE="0")
        gateway_before, redis_before = process_cpu(gateway.pid), process_cpu(redis.pid)
        with open(f"{out}/wrk.txt", "w") as wrk_out:
            subprocess.run(["wrk", "-t2", f"-c{args.connections}", f"-d{args.duration}s",
                            "--latency", "-s", f"{root}/bench/stripe.lua",
                            f"http://127.0.0.1:{port}/"],
                           env=env, stdout=wrk_out, stderr=subprocess.STDOUT,
                           timeout=args.duration + 120, check=True)
        deliveries, drain = 0, 0.0
        if layer == "deliver":
            deliveries = deployment.backlog()
            gateway_before, redis_before = process_cpu(gateway.pid), process_cpu(redis.pid)
            handlers(admin, "resume")
        if layer in ("full", "deliver"):
            load_end = time.monotonic()
            while deployment.backlog() != 0 and time.monotonic() - load_end < 120:
                time.sleep(0.1)
            drain = time.monotonic() - load_end
        gateway_after, redis_after = process_cpu(gateway.pid), process_cpu(redis.pid)
        forks = re.search(r"total_forks:(\d+)", deployment.redis_cli(
            deployment.redis_ports[0], "INFO", "stats"))
    finally:
        deployment.stop()
        shutil.rmtree(events, ignore_errors=True)
        for port in deployment.redis_ports:
            shutil.rmtree(f"{out}/redis-{port}/appendonlydir", ignore_errors=True)

    statuses = collections.Counter()
    for name in os.listdir(out):
        if re.fullmatch(r"responses\.\d+", name):
            for line in open(f"{out}/{name}"):
                parts = line.split()
                if len(parts) == 3:
                    statuses[parts[0]] += 1
    wrk = wrk_figures(f"{out}/wrk.txt")
    seconds = wrk.get("duration_us", 0) / 1e6 or args.duration
    requests = wrk.get("requests", 0) or 1
    if layer == "deliver":  # per delivery, over the drain
        requests, seconds = max(deliveries, 1), max(drain, 1e-3)
    return {
        "layer": layer, "requests_per_second": requests / seconds,
        "ok_per_second": statuses.get("200", 0) / seconds if layer != "deliver" else 0,
        "statuses": dict(statuses),
        "p50_ms": wrk.get("p50", 0) / 1000, "p99_ms": wrk.get("p99", 0) / 1000,
        "gateway_cpu_us": (gateway_after[0] - gateway_before[0]) * 1e6 / requests,
        "redis_cpu_us": (redis_after[0] - redis_before[0]) * 1e6 / requests,
        "switches": (gateway_after[1] - gateway_before[1]) / requests,
        "redis_forks": int(forks.group(1)) if forks else 0,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--layers", default=",".join(LAYERS))
    parser.add_argument("--repeat", type=int, default=1,
                        help="run the layers N times, interleaved, and report medians")
    args = parser.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    layers = args.layers.split(",")
    if unknown := [layer for layer in layers if layer not in LAYERS]:
        sys.exit(f"layers: unknown layer(s) {unknown}; known: {LAYERS}")
    for n in (1, 2, 3):
        os.environ[f"BENCH_T{n}_STRIPE_SECRET"] = STRIPE_SECRET

    runs = collections.defaultdict(list)
    for repetition in range(args.repeat):
        for layer in layers:
            log(f"{layer} ({repetition + 1}/{args.repeat})")
            runs[layer].append(run(args, root, layer, repetition))
            time.sleep(2)  # let the box settle between layers

    def median(layer, key):
        return statistics.median(r[key] for r in runs[layer])

    print(f"hookgate cost by layer, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    print(f"machine: {os.cpu_count()} CPUs; wrk, nginx, Redis and the gateway on this box")
    print(f"load: wrk -t2 -c{args.connections} -d{args.duration}s with bench/stripe.lua;"
          f" {args.repeat} run(s) per layer, interleaved; medians")
    if REDIS_ARGS:
        print(f"redis-server arguments added: {shlex.join(REDIS_ARGS)}")
    print()
    print(f"{'layer':<8} {'req/s':>8} {'2xx/s':>8} {'p50 ms':>7} {'p99 ms':>7}"
          f" {'gw µs/req':>10} {'+ vs above':>10} {'redis µs/req':>12} {'gw switches/req':>16}"
          f" {'redis forks':>11}")
    previous = None
    for layer in layers:
        cpu = median(layer, "gateway_cpu_us")
        step = "" if previous is None or layer in ("404", "deliver") else f"{cpu - previous:+.0f}"
        print(f"{layer:<8} {median(layer, 'requests_per_second'):>8.0f}"
              f" {median(layer, 'ok_per_second'):>8.0f} {median(layer, 'p50_ms'):>7.1f}"
              f" {median(layer, 'p99_ms'):>7.1f} {cpu:>10.1f} {step:>10}"
              f" {median(layer, 'redis_cpu_us'):>12.1f} {median(layer, 'switches'):>16.2f}"
              f" {median(layer, 'redis_forks'):>11.0f}")
        previous = cpu
    print()
    print("µs/req and switches/req: per request wrk sent (every answer counts, 2xx or not),"
          " except `deliver`: per delivery, and req/s is deliveries per second of the drain;"
          " '+ vs above': the gateway CPU this layer adds to the one above it (the part of"
          " the path it adds). redis forks: AOF rewrites started during the layer's run.")


if __name__ == "__main__":
    main()

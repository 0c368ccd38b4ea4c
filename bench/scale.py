#!/usr/bin/env python3
"""hookgate scale-out benchmark: the same signed Stripe load against 1 or 2 gateway
instances on one Redis or on a Redis Cluster of 3 primaries, each configuration on fresh
processes, one after the other in one run, so the figures compare as ratios.

For each configuration (INSTANCESxSHARDS, optionally :PARTITIONS):
  - Redis: one redis-server (1 shard) or 3 with --cluster-enabled joined by
    `redis-cli --cluster create` (no replicas: this measures shards); AOF, everysec.
  - the nginx sink of bench/run, and the gateways, each with its own port;
  - wrk with bench/stripe.lua: 2 threads on one gateway, or one wrk of 1 thread per gateway
    with half the connections each (BENCH_THREAD_BASE picks its event file);
  - then it waits for every handler's backlog to drain and counts, from the sink's log,
    every accepted event's deliveries.

Reports accepted req/s (2xx answers per second of load), the ratio to the first
configuration, wrk's latency percentiles, the drain time and lost deliveries.
Driven by bench/scale (which builds and passes the binary). Python 3 standard library only.
"""

import argparse
import collections
import glob
import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from faults import free_ports, http_ok, start_nginx_sink, wait_for  # noqa: E402

HANDLER_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
STRIPE_SECRET = "whsec_bench_scale_4d1e9a"
# More redis-server arguments, as bench/run takes them (e.g. "--auto-aof-rewrite-min-size 4gb").
REDIS_ARGS = shlex.split(os.environ.get("REDIS_ARGS", ""))
HANDLERS = ["loyalty", "reservations", "invoices"]


def log(message):
    print(f"[scale {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def cluster_ports(count):
    """Free ports whose cluster bus ports (10,000 higher) are free too."""
    ports = []
    while len(ports) < count:
        for port in free_ports(count * 4):
            if port <= 55535 and port not in ports:
                try:
                    with socket.socket() as probe:
                        probe.bind(("127.0.0.1", port + 10000))
                    ports.append(port)
                except OSError:
                    pass
            if len(ports) == count:
                break
    return ports


def routes_yaml(root, tenants):
    """routes.bench.yaml with tenants t1..tN: same defaults, handlers and routes."""
    bench = open(f"{root}/bench/routes.bench.yaml").read()
    head = bench[:bench.index("tenants:")]
    tail = bench[bench.index("handlers:"):]
    lines = ["tenants:"]
    for n in range(1, tenants + 1):
        lines += [f"  t{n}:", "    sources:", "      stripe:", "        provider: stripe",
                  f'        secrets: ["${{BENCH_T{n}_STRIPE_SECRET}}"]']
    return head + "\n".join(lines) + "\n\n" + tail


class Deployment:
    """Redis (or a cluster), the sink and the gateways of one configuration."""

    def __init__(self, root, out, binary, instances, shards, partitions, tenants, gateway_env):
        self.root, self.out, self.binary = root, out, binary
        self.instances, self.shards, self.partitions = instances, shards, partitions
        self.tenants = tenants
        self.gateway_env = gateway_env
        os.makedirs(out, exist_ok=True)
        self.redis_ports = cluster_ports(shards) if shards > 1 else free_ports(1)
        self.sink_port, self.baseline_port = free_ports(2)
        self.ports = [tuple(free_ports(2)) for _ in range(instances)]
        self.processes = []  # (process, stop signal), stopped in reverse

    def start(self, process, stop=signal.SIGTERM):
        self.processes.append((process, stop))
        return process

    def redis_cli(self, port, *args, cluster=False):
        command = ["redis-cli", "-p", str(port)] + (["-c"] if cluster else []) + list(args)
        return subprocess.run(command, capture_output=True, text=True, timeout=30).stdout.strip()

    def start_redis(self):
        cluster = self.shards > 1
        for port in self.redis_ports:
            directory = f"{self.out}/redis-{port}"
            os.makedirs(directory, exist_ok=True)
            extra = (["--cluster-enabled", "yes", "--cluster-config-file", f"{directory}/nodes.conf"]
                     if cluster else [])
            self.start(subprocess.Popen(
                ["redis-server", "--bind", "127.0.0.1", "--port", str(port), "--dir", directory,
                 "--appendonly", "yes", "--appendfsync", "everysec", "--save", "",
                 "--logfile", f"{directory}/redis.log"] + extra + REDIS_ARGS))
            wait_for(f"redis :{port}", lambda port=port: self.redis_cli(port, "PING") == "PONG")
        if cluster:
            nodes = [f"127.0.0.1:{port}" for port in self.redis_ports]
            subprocess.run(
                ["redis-cli", "--cluster", "create", *nodes, "--cluster-replicas", "0",
                 "--cluster-yes"], check=True, capture_output=True, timeout=60)
            wait_for("cluster", lambda: all(
                "cluster_state:ok" in self.redis_cli(port, "CLUSTER", "INFO")
                for port in self.redis_ports))
            return "redis+cluster://" + ",".join(nodes) + "/0"
        return f"redis://127.0.0.1:{self.redis_ports[0]}/0"

    def start_sink(self):
        self.start(start_nginx_sink(
            self.root, f"{self.out}/nginx", self.sink_port, self.baseline_port), signal.SIGQUIT)

    def start_gateways(self, redis_url):
        config = f"{self.out}/routes.yaml"
        with open(config, "w") as f:
            f.write(routes_yaml(self.root, self.tenants))
        env = dict(os.environ, BENCH_HANDLER_SECRET=HANDLER_SECRET, REDIS_URL=redis_url,
                   BENCH_SINK_URL=f"http://127.0.0.1:{self.sink_port}", LOG_LEVEL="warning",
                   HOOKGATE_PARTITIONS=str(self.partitions), **self.gateway_env)
        for index, (port, admin) in enumerate(self.ports):
            logfile = open(f"{self.out}/gateway-{index}.log", "w")
            self.start(subprocess.Popen(
                [self.binary, "serve", "--config", config, "--listen", f"127.0.0.1:{port}",
                 "--admin-listen", f"127.0.0.1:{admin}"], env=env, stdout=logfile,
                stderr=logfile))
            wait_for(f"hookgate :{port}", lambda admin=admin: http_ok(admin, "/readyz"))

    def backlog(self):
        """Jobs queued or waiting for a retry, over every handler and partition."""
        cluster = self.shards > 1
        tagged = cluster or self.partitions > 1
        commands = []
        for partition in range(self.partitions):
            prefix = f"hookgate:{{p{partition}}}" if tagged else "hookgate"
            for handler in HANDLERS:
                commands += [f"XLEN {prefix}:jobs:{handler}", f"ZCARD {prefix}:retry:{handler}"]
        result = subprocess.run(
            ["redis-cli", "-p", str(self.redis_ports[0])] + (["-c"] if cluster else []),
            input="\n".join(commands) + "\n", capture_output=True, text=True, timeout=30)
        numbers = [int(line) for line in result.stdout.split() if line.isdigit()]
        return sum(numbers) if len(numbers) == len(commands) else -1

    def stop(self):
        for process, stop in reversed(self.processes):
            if process.poll() is None:
                process.send_signal(stop)
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def cpu_seconds(pid):
    """User and system CPU seconds of a process, all its threads, from /proc."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def wrk_figures(path):
    text = open(path).read()
    figures = {}
    for key, value in re.findall(r"(\w+)=(\d+)", " ".join(
            line for line in text.splitlines() if line.startswith("BENCH "))):
        figures.setdefault(key, int(value))
    return figures


def run(args, root, instances, shards, partitions, events, repetition):
    name = f"{instances}x{shards}" + (f":{partitions}" if partitions > 1 else "")
    out = f"{args.out}/{name}" + (f"-{repetition + 1}" if args.repeat > 1 else "")
    gateway_env = dict(item.split("=", 1) for item in args.gateway_env)
    deployment = Deployment(
        root, out, args.binary, instances, shards, partitions, args.tenants, gateway_env)
    try:
        redis_url = deployment.start_redis()
        deployment.start_sink()
        deployment.start_gateways(redis_url)
        log(f"{name}: {instances} gateway(s) on {redis_url}, {partitions} partition(s)")
        wrks = []
        for index, (port, _) in enumerate(deployment.ports):
            threads = 2 if instances == 1 else 1
            env = dict(os.environ, BENCH_EVENTS_DIR=events, BENCH_THREADS=str(threads),
                       BENCH_THREAD_BASE=str(0 if instances == 1 else index),
                       BENCH_RESPONSES=f"{out}/responses", BENCH_BARRIER="")
            command = ["wrk", f"-t{threads}", f"-c{args.connections // instances}",
                       f"-d{args.duration}s", "--latency", "-s", f"{root}/bench/stripe.lua",
                       f"http://127.0.0.1:{port}/"]
            wrks.append(subprocess.Popen(command, env=env, stdout=open(f"{out}/wrk-{index}.txt", "w"),
                                         stderr=subprocess.STDOUT))
        for process in wrks:
            process.wait(timeout=args.duration + 120)
        load_end = time.monotonic()
        last_change, last_size, drained = load_end, -1, False
        while time.monotonic() - load_end < args.drain_max:
            backlog = deployment.backlog()
            size = os.path.getsize(f"{out}/nginx/sink.log") if os.path.exists(f"{out}/nginx/sink.log") else 0
            if backlog != 0 or size != last_size:
                last_change, last_size = time.monotonic(), size
            elif time.monotonic() - last_change >= 1.5:
                drained = True
                break
            time.sleep(0.2)
        drain = last_change - load_end
        for port in deployment.redis_ports:
            with open(f"{out}/redis-{port}/commandstats.txt", "w") as stats:
                stats.write(deployment.redis_cli(port, "INFO", "commandstats"))
            # Round trips: total_reads_processed counts the reads of client requests.
            with open(f"{out}/redis-{port}/stats.txt", "w") as stats:
                stats.write(deployment.redis_cli(port, "INFO", "stats"))
        cpu = {"gateway": 0.0, "redis": 0.0}
        for process, _ in deployment.processes:
            if process.poll() is None and process.args[0] in (args.binary, "redis-server"):
                cpu["gateway" if process.args[0] == args.binary else "redis"] += cpu_seconds(
                    process.pid)
        rss = []
        for process, _ in deployment.processes:
            if process.args[0] == args.binary and process.poll() is None:
                status = open(f"/proc/{process.pid}/status").read()
                rss.append(int(re.search(r"VmHWM:\s+(\d+)", status).group(1)) // 1024)
    finally:
        deployment.stop()
        # Redis's append-only files are a few hundred MB a run and nothing reads them after.
        for port in deployment.redis_ports:
            shutil.rmtree(f"{out}/redis-{port}/appendonlydir", ignore_errors=True)

    statuses = collections.Counter()
    accepted = set()
    for path in glob.glob(f"{out}/responses.*"):
        if not re.search(r"\.\d+$", path):
            continue
        for line in open(path):
            parts = line.split()
            if len(parts) == 3:
                statuses[parts[0]] += 1
                if parts[0] == "200":
                    accepted.add(parts[1])
    expected = {}
    for line in open(f"{events}/manifest.tsv"):
        gateway_id, kind, _, _, _, handlers = line.rstrip("\n").split("\t")
        if kind == "valid":
            expected[gateway_id] = handlers.split(",")
    delivered = set()
    for line in open(f"{out}/nginx/sink.log"):
        fields = line.split()
        if len(fields) >= 5 and fields[3] == "200":
            delivered.add((fields[4], fields[2].lstrip("/")))
    lost = sum(1 for event in accepted for handler in expected.get(event, [])
               if (event, handler) not in delivered)
    pairs = sum(len(expected.get(event, [])) for event in accepted)
    wrk = [wrk_figures(f"{out}/wrk-{index}.txt") for index in range(instances)]
    seconds = max(figures.get("duration_us", 0) for figures in wrk) / 1e6 or args.duration
    answered_200 = statuses.get("200", 0)
    return {
        "name": name, "instances": instances, "shards": shards, "partitions": partitions,
        "accepted_per_second": answered_200 / seconds, "responses": sum(statuses.values()),
        "status_200": answered_200, "other_statuses": {k: v for k, v in statuses.items() if k != "200"},
        "p50_ms": max(f.get("p50", 0) for f in wrk) / 1000,
        "p99_ms": max(f.get("p99", 0) for f in wrk) / 1000,
        "drain_seconds": drain, "drained": drained, "pairs_expected": pairs, "lost": lost,
        "gateway_peak_rss_mib": rss,
        # CPU over the load and the drain, per accepted event: steadier than req/s on a
        # noisy box, since it does not depend on how much of the box the others took.
        "gateway_cpu_us_per_event": cpu["gateway"] * 1e6 / max(answered_200, 1),
        "redis_cpu_us_per_event": cpu["redis"] * 1e6 / max(answered_200, 1), "redis": "cluster of 3" if shards > 1 else "one redis-server",
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--tenants", type=int, default=24)
    parser.add_argument("--drain-max", type=int, default=90)
    parser.add_argument("--configs", default="1x1,2x1,1x3,2x3",
                        help="INSTANCESxSHARDS[:PARTITIONS], comma-separated; the first is the"
                             " baseline of the ratios (partitions default to 1, or 16 on a cluster)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run the configurations N times, interleaved, and report medians")
    parser.add_argument("--gateway-env", action="append", default=[], metavar="NAME=VALUE",
                        help="more environment for the gateways only (e.g. malloc tunables)")
    args = parser.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    for tool in ("wrk", "nginx", "redis-server", "redis-cli"):
        if not shutil.which(tool):
            sys.exit(f"scale: {tool} not found")

    configs = []
    for item in args.configs.split(","):
        match = re.fullmatch(r"([12])x([13])(?::(\d+))?", item.strip())
        if not match:
            sys.exit(f"scale: bad configuration {item!r} (INSTANCESxSHARDS[:PARTITIONS])")
        instances, shards = int(match.group(1)), int(match.group(2))
        partitions = int(match.group(3) or (16 if shards > 1 else 1))
        configs.append((instances, shards, partitions))

    events = f"{args.out}/events"
    for n in range(1, args.tenants + 1):
        os.environ[f"BENCH_T{n}_STRIPE_SECRET"] = STRIPE_SECRET
    valid = min(args.duration * 12000, 400000)
    subprocess.run([sys.executable, f"{root}/bench/make-events.py", "--out", events, "--threads", "2",
                    "--valid", str(valid), "--bad", str(valid // 50 + 100),
                    "--tenants", str(args.tenants)], check=True, stdout=sys.stderr)
    # Repetitions interleave the configurations, so a slow minute of the box hits them alike.
    runs = collections.defaultdict(list)
    for repetition in range(args.repeat):
        for instances, shards, partitions in configs:
            result = run(args, root, instances, shards, partitions, events, repetition)
            runs[result["name"]].append(result)
            time.sleep(2)  # let the box settle between configurations
    results = []
    for name in dict.fromkeys(r["name"] for group in runs.values() for r in group):
        ordered = sorted(runs[name], key=lambda r: r["accepted_per_second"])
        median = dict(ordered[len(ordered) // 2])
        median["range"] = (ordered[0]["accepted_per_second"], ordered[-1]["accepted_per_second"])
        median["lost"] = sum(r["lost"] for r in ordered)
        median["runs"] = len(ordered)
        results.append(median)

    base = results[0]["accepted_per_second"] or 1
    print(f"hookgate scale-out benchmark, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    print(f"machine: {os.cpu_count()} CPUs; wrk, nginx, Redis and every gateway on this box")
    print(f"load: wrk {args.connections} connections in total, {args.duration} s, signed Stripe"
          f" events of ~2.5 KiB over {args.tenants} tenants, ~10 % resends, ~1 % bad signatures")
    if args.repeat > 1:
        print(f"each configuration ran {args.repeat} times, interleaved; each row is the median"
              " run (by accepted/s), with the range of accepted/s and the lost pairs of all runs")
    if gateway_env_text := " ".join(args.gateway_env):
        print(f"gateway environment: {gateway_env_text}")
    if REDIS_ARGS:
        print(f"redis-server arguments added: {shlex.join(REDIS_ARGS)}")
    print()
    print(f"{'config':<8} {'gateways':>8} {'redis':<18} {'partitions':>10} {'accepted/s':>11}"
          f" {'ratio':>6} {'p50 ms':>7} {'p99 ms':>7} {'drain s':>8} {'lost':>5}"
          f" {'gw µs/ev':>9} {'redis µs/ev':>11}  peak RSS MiB")
    for r in results:
        print(f"{r['name']:<8} {r['instances']:>8} {r['redis']:<18} {r['partitions']:>10}"
              f" {r['accepted_per_second']:>11.0f} {r['accepted_per_second'] / base:>6.2f}"
              f" {r['p50_ms']:>7.1f} {r['p99_ms']:>7.1f}"
              f" {r['drain_seconds']:>8.1f}{'' if r['drained'] else '+'} {r['lost']:>5}"
              f" {r['gateway_cpu_us_per_event']:>9.0f} {r['redis_cpu_us_per_event']:>11.0f}"
              f"  {','.join(map(str, r['gateway_peak_rss_mib']))}"
              + (f"  range {r['range'][0]:.0f}-{r['range'][1]:.0f}" if r["runs"] > 1 else ""))
    print()
    print("accepted/s: 200 answers per second of load; ratio: to the first row; drain: from the"
          " end of the load until every backlog was empty ('+': not drained); lost: accepted"
          " (event, handler) pairs the sink never answered 200; µs/ev: CPU time of the gateways"
          " and of Redis over the load and the drain, per accepted event.")
    for r in results:
        if r["other_statuses"]:
            print(f"{r['name']}: other answers {dict(r['other_statuses'])}")
    with open(f"{args.out}/figures.json", "w") as f:
        json.dump({"results": results, "runs": runs}, f, indent=2)
    shutil.rmtree(events, ignore_errors=True)  # ~450 MB of generated requests
    if any(r["lost"] for r in results):
        sys.exit("scale: accepted events were lost")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Turns one bench/run's raw outputs into the report (stdout). Python 3 standard library only.

Inputs (all under the run's out dir, named by bench/run): the event manifest, the per-thread
response files written by bench/stripe.lua, the nginx sink's access log, the two wrk outputs,
and a few figures bench/run measured itself (drain time, gateway VmHWM, Redis counters).
"""

import argparse
import collections
import json
import glob
import re
import sys


def parse_wrk(path):
    text = open(path, encoding="utf-8", errors="replace").read()
    figures = {}
    for line in text.splitlines():
        if line.startswith("BENCH "):
            for key, value in re.findall(r"(\w+)=([\d.]+)", line):
                figures[key] = float(value)
    if "requests" not in figures or "p50" not in figures:
        sys.exit(f"analyze.py: no BENCH lines in {path} (did wrk fail?)")
    figures["seconds"] = figures["duration_us"] / 1e6
    figures["rps"] = figures["requests"] / figures["seconds"]
    return figures


def ms(us):
    return f"{us / 1000:.2f} ms"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--manifest", required=True)
    p.add_argument("--responses", required=True, help="prefix: <prefix>.<thread>")
    p.add_argument("--sink-log", required=True)
    p.add_argument("--wrk", required=True)
    p.add_argument("--baseline-wrk", required=True)
    p.add_argument("--command", required=True)
    p.add_argument("--baseline-command", required=True)
    p.add_argument("--header", default="", help="lines printed first (run, machine, build)")
    p.add_argument("--drain-seconds", type=float, required=True)
    p.add_argument("--drained", required=True, choices=["yes", "no"])
    p.add_argument("--drain-max", type=int, required=True)
    p.add_argument("--drain-log", required=True, help="bench/run's poll log: 'seconds backlog=N sink_bytes=N'")
    p.add_argument("--vmhwm-kib", type=int, required=True)
    p.add_argument("--vmrss-kib", type=int, required=True)
    p.add_argument("--redis-counters", required=True, help="file of 'name value' lines")
    p.add_argument("--gateway-log", required=True)
    p.add_argument("--cpu-log", required=True, help="bench/run's cpu.txt: LABEL key=value...")
    p.add_argument("--clk-tck", type=int, default=100)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--json", help="also write the key figures to this file")
    p.add_argument("--redis-benchmark", help="redis-benchmark's SET line")
    p.add_argument("--redis-benchmark-command", default="")
    args = p.parse_args()

    # gateway id -> (kind, provider_type, handlers)
    manifest = {}
    with open(args.manifest) as f:
        for line in f:
            gid, kind, tenant, pid, ptype, handlers = line.rstrip("\n").split("\t")
            manifest[gid] = (kind, ptype, handlers.split(","))
    bad_ids = {gid for gid, (kind, _, _) in manifest.items() if kind == "bad"}

    statuses = collections.Counter()
    accepted = 0
    duplicates = 0
    accepted_ids = collections.Counter()
    answered_ids = set()
    unknown_ids = set()
    malformed_200 = 0
    wrapped_threads = []
    files = sorted(f for f in glob.glob(args.responses + ".*") if re.search(r"\.\d+$", f))
    for path in files:
        with open(path) as f:
            for line in f:
                if line.startswith("#"):
                    if "wrapped" in line:
                        wrapped_threads.append(path.rsplit(".", 1)[1])
                    continue
                parts = line.split()
                if len(parts) != 3:
                    continue
                status, gid, dup = parts
                statuses[status] += 1
                if status == "200":
                    if gid not in manifest:
                        unknown_ids.add(gid)
                    answered_ids.add(gid)
                    if dup == "false":
                        accepted += 1
                        accepted_ids[gid] += 1
                    elif dup == "true":
                        duplicates += 1
                    else:
                        malformed_200 += 1
    responses = sum(statuses.values())
    twice_accepted = sum(1 for n in accepted_ids.values() if n > 1)
    bad_accepted = len(set(accepted_ids) & bad_ids) + len(answered_ids & bad_ids)

    expected = set()
    for gid in accepted_ids:
        if gid in manifest:
            for handler in manifest[gid][2]:
                expected.add((gid, "/" + handler))

    pair_counts = collections.Counter()
    sink_lines = 0
    sink_non200 = 0
    with open(args.sink_log) as f:
        for line in f:
            parts = line.split()
            if len(parts) < 5:
                continue
            sink_lines += 1
            _, method, location, status, webhook_id = parts[:5]
            if status != "200":
                sink_non200 += 1
            pair_counts[(webhook_id, location)] += 1
    delivered = set(pair_counts)
    lost = expected - delivered
    dup_pairs = {pair: n for pair, n in pair_counts.items() if n > 1}
    extra = delivered - expected
    extra_bad = {pair for pair in extra if pair[0] in bad_ids}
    # Valid events the gateway accepted while wrk was stopping: delivered, but wrk never saw the 200.
    extra_inflight = {pair for pair in extra if pair[0] in manifest and pair[0] not in bad_ids
                      and pair[0] not in answered_ids}
    extra_other = extra - extra_bad - extra_inflight
    # Check the in-flight ones are complete too (all of their handlers).
    inflight_ids = {gid for gid, _ in extra_inflight}
    inflight_expected = {(gid, "/" + h) for gid in inflight_ids for h in manifest[gid][2]}
    inflight_partial = len(inflight_expected - delivered)

    w = parse_wrk(args.wrk)
    b = parse_wrk(args.baseline_wrk)
    accepted_rps = accepted / w["seconds"]

    redis = {}
    with open(args.redis_counters) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 2:
                redis[parts[0]] = parts[1]

    log_lines = open(args.gateway_log, errors="replace").read().splitlines()
    levels = collections.Counter()
    for line in log_lines:
        m = re.search(r"\b(trace|debug|info|notice|warning|error|critical)\b", line)
        levels[m.group(1) if m else "other"] += 1

    out = []
    add = out.append
    if args.header:
        out.extend(args.header.rstrip("\n").split("\n"))
        add("")
    add(f"command:  {args.command}")
    add("")
    add(f"ingress (wrk -> hookgate, {w['seconds']:.1f} s)")
    add(f"  responses                    {responses}   ({w['rps']:.0f} req/s total; wrk counted {int(w['requests'])})")
    add(f"  200 accepted (duplicate=false) {accepted}   = {accepted_rps:.0f} accepted req/s; unique ids {len(accepted_ids)}")
    add(f"  200 duplicate=true           {duplicates}   ({100 * duplicates / max(responses, 1):.1f}% of responses)")
    add(f"  401                          {statuses.get('401', 0)}   ({100 * statuses.get('401', 0) / max(responses, 1):.2f}%)")
    others = {s: n for s, n in statuses.items() if s not in ("200", "401")}
    add(f"  other statuses               {sum(others.values())}   {dict(sorted(others.items())) if others else ''}")
    add(f"  wrk socket errors            connect {int(w['errors_connect'])}, read {int(w['errors_read'])}, "
        f"write {int(w['errors_write'])}, timeout {int(w['errors_timeout'])}")
    add(f"  latency                      p50 {ms(w['p50'])}, p90 {ms(w['p90'])}, p99 {ms(w['p99'])}, "
        f"p99.9 {ms(w['p999'])}, max {ms(w['max'])}")
    if malformed_200:
        add(f"  200s without a parsable duplicate flag: {malformed_200}")
    if twice_accepted:
        add(f"  ! ids answered duplicate=false more than once (dedup failure): {twice_accepted}")
    if unknown_ids:
        add(f"  ! 200 ids not in the manifest (gateway id derivation differs?): {len(unknown_ids)}")
    if wrapped_threads:
        add(f"  ! wrk threads {','.join(wrapped_threads)} ran out of fresh events and started over: "
            "the accepted figure is capped by the event supply (raise BENCH_MAX_RATE)")
    add("")
    add("delivery (gateway -> nginx sink)")
    add(f"  expected deliveries          {len(expected)}   (sum of fan-out over unique accepted ids; "
        f"mean fan-out {len(expected) / max(len(accepted_ids), 1):.2f})")
    add(f"  delivered                    {len(delivered & expected)}   unique (webhook-id, location) pairs "
        f"of those; sink log lines {sink_lines}, non-200 {sink_non200}")
    add(f"  lost                         {len(lost)}")
    add(f"  duplicate deliveries         {len(dup_pairs)} pairs delivered more than once "
        f"({sum(dup_pairs.values()) - len(dup_pairs)} extra requests)")
    add(f"  bad-signature events         delivered {len({p[0] for p in extra_bad})}, answered 200 {bad_accepted}"
        f"   (of {len(bad_ids)} generated)")
    add(f"  accepted while wrk stopped   {len(inflight_ids)} events ({len(extra_inflight)} deliveries) whose 200 "
        f"wrk did not record; missing handlers among them {inflight_partial}")
    if extra_other:
        add(f"  ! other unexpected deliveries {len(extra_other)} (e.g. {sorted(extra_other)[:3]})")
    state = "queues empty, sink log quiet" if args.drained == "yes" else f"NOT drained after {args.drain_max} s"
    add(f"  backlog drain after wrk      {args.drain_seconds:.2f} s   ({state}; polled every ~0.2 s, "
        "nginx flushes its log every 0.25 s)")
    backlog_at_end = None
    with open(args.drain_log) as f:
        first = f.readline()
        m = re.search(r"backlog=(\d+)", first)
        if m:
            backlog_at_end = int(m.group(1))
    if backlog_at_end is not None:
        add(f"  backlog when wrk ended       {backlog_at_end} jobs (XLEN jobs + ZCARD retry over the 3 handlers)")
    span = w["seconds"] + args.drain_seconds
    add(f"  mean delivery rate           {len(delivered) / span:.0f} deliveries/s   "
        f"(delivered pairs / (wrk duration + drain))")
    if backlog_at_end is not None:
        during = len(delivered) - backlog_at_end
        add(f"  delivery rate while wrk ran  ~{during / w['seconds']:.0f} deliveries/s   (delivered - backlog at the end, "
            f"vs {len(expected) / w['seconds']:.0f}/s accepted into the queues)")
        if args.drain_seconds > 0:
            add(f"  delivery rate while draining ~{backlog_at_end / args.drain_seconds:.0f} deliveries/s   "
                "(backlog at the end / drain time)")
    add(f"  redis at the end             " + ", ".join(f"{k} {v}" for k, v in redis.items()))
    add("")
    add("gateway process")
    add(f"  peak RSS (VmHWM)             {args.vmhwm_kib / 1024:.1f} MiB   (VmRSS at the end {args.vmrss_kib / 1024:.1f} MiB)")
    add(f"  log lines (LOG_LEVEL=warning) {len(log_lines)}   {dict(levels) if log_lines else ''}")
    snaps = {}
    with open(args.cpu_log) as f:
        for line in f:
            label, *pairs = line.split()
            snaps[label] = {k: float(v) for k, v in (pair.split("=", 1) for pair in pairs)}
    phases = [("wrk_start", "wrk_end", "during wrk"), ("wrk_end", "drain_end", "during drain")]
    other_warning = []
    if all(a in snaps and b in snaps for a, b, _ in phases):
        add("")
        add("cpu (core-seconds from /proc; all processes share the same cores)")
        for start, end, title in phases:
            wall = snaps[end]["wall"] - snaps[start]["wall"]
            d = {k: (snaps[end][k] - snaps[start][k]) / args.clk_tck for k in snaps[start] if k != "wall"}
            irq = d.get("box_irq", 0.0)
            foreign = d["box_busy"] - irq - d["hookgate"] - d["redis"] - d["nginx"] - d["self"]
            idle = d["box_total"] - d["box_busy"]
            add(f"  {title:<13} {wall:5.1f} s wall, {d['box_total']:.1f} core-s: hookgate {d['hookgate']:.1f}, "
                f"redis {d['redis']:.1f}, nginx {d['nginx']:.1f}, wrk + bench/run {d['self']:.1f}, "
                f"kernel irq/softirq {irq:.1f}, other processes {max(foreign, 0):.1f}, idle {idle:.1f}")
            if foreign > 0.05 * d["box_total"]:
                other_warning.append(
                    f"  ! other processes used {foreign:.1f} of {d['box_total']:.1f} core-s {title}: the box was not "
                    "quiet, the figures of that phase are pessimistic")
        add("  (wrk's figure includes loading its events before its clock started; "
            "softirq is mostly loopback TCP; 'other processes' were not started by bench/run)")
        out.extend(other_warning)
    add("")
    add(f"baseline (wrk -> nginx sink alone, POST /loyalty, same Lua script, {b['seconds']:.1f} s)")
    add(f"  command:  {args.baseline_command}")
    add(f"  total                        {b['rps']:.0f} req/s; latency p50 {ms(b['p50'])}, p99 {ms(b['p99'])}, "
        f"max {ms(b['max'])}; socket errors {int(b['errors_connect'] + b['errors_read'] + b['errors_write'] + b['errors_timeout'])}, "
        f"non-2xx {int(b['errors_status'])}")
    add(f"  hookgate accepted / nginx    {100 * accepted_rps / b['rps']:.1f}%   "
        f"(hookgate total / nginx {100 * w['rps'] / b['rps']:.1f}%)")
    set_rps = None
    if args.redis_benchmark:
        try:
            line = open(args.redis_benchmark).read().strip()
            m = re.search(r"([\d.]+) requests per second", line)
            set_rps = float(m.group(1)) if m else None
        except OSError:
            line = ""
        add("")
        add(f"ceiling 2 (redis-benchmark SET, same Redis, value the size of a body)")
        add(f"  command:  {args.redis_benchmark_command}")
        add(f"  {line or 'no figure'}")
        if set_rps:
            add(f"  hookgate accepted / SET      {100 * accepted_rps / set_rps:.1f}%   "
                "(an accept is one Lua script: SET NX, 1-3 XADD, index XADD, HSET, EXPIRE)")
    print("\n".join(out))
    if args.json:
        figures = {
            "accepted_rps": round(accepted_rps, 1), "total_rps": round(w["rps"], 1),
            "p50_ms": w["p50"] / 1000, "p90_ms": w["p90"] / 1000, "p99_ms": w["p99"] / 1000,
            "max_ms": w["max"] / 1000, "expected": len(expected),
            "delivered": len(delivered & expected), "lost": len(lost),
            "duplicate_pairs": len(dup_pairs), "bad_delivered": len({p[0] for p in extra_bad}),
            "drain_s": args.drain_seconds, "drained": args.drained == "yes",
            "backlog_at_end": backlog_at_end, "peak_rss_mib": round(args.vmhwm_kib / 1024, 1),
            "nginx_rps": round(b["rps"], 1), "accepted_over_nginx": round(accepted_rps / b["rps"], 4),
            "redis_set_rps": set_rps,
        }
        with open(args.json, "w") as f:
            json.dump(figures, f, indent=2)


if __name__ == "__main__":
    main()

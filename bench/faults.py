#!/usr/bin/env python3
"""hookgate fault suite: real processes on loopback, faults injected under load, then an
accounting of every event that got a 2xx against what the handlers received.

Scenarios (each bounded in time, each its own Redis, sink and gateway):
  gateway-kill      kill -9 the gateway every 5 s under load and start it again
  redis-restart     restart Redis (SHUTDOWN, which fsyncs the AOF, then start) under load
  handler-down      stop the sink every handler points at for 30 s under load
  concurrent-copies 64 concurrent copies of one event

What must hold, and is checked:
  - every event that got a 2xx is delivered to every handler its route names (no loss);
  - a provider's resend never creates a second delivery: each event is answered
    `duplicate: false` exactly once, so it is enqueued once per handler;
  - repeated deliveries of one (event, handler) are counted and reported: at-least-once
    allows them only where a worker was killed between the handler's 2xx and the ack.

Driven by bench/faults (which builds and passes the binary). Python 3 standard library only.
"""

import argparse
import collections
import hashlib
import hmac
import http.client
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time

HANDLERS = ["loyalty", "invoices"]  # charge.succeeded is routed to both in faults.routes.yaml
SECRET = "whsec_faults_5b1d0c7e"
HANDLER_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
TENANT = "t1"


def log(message):
    print(f"[faults {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def free_ports(count):
    sockets = []
    for _ in range(count):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        sockets.append(s)
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


def wait_for(description, predicate, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if predicate():
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise SystemExit(f"faults: {description} not ready after {timeout:.0f} s")


def http_ok(port, path, method="GET", body=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        connection.request(method, path, body=body)
        return connection.getresponse().status == 200
    finally:
        connection.close()


def start_nginx_sink(root, directory, sink_port, baseline_port):
    """bench/run's nginx sink in `directory` (its access log: sink.log), started and answering."""
    os.makedirs(f"{directory}/tmp", exist_ok=True)
    template = open(f"{root}/bench/nginx.conf.template").read()
    user = "user root;" if os.getuid() == 0 else ""
    config = (template.replace("@DIR@", directory).replace("@SINK_PORT@", str(sink_port))
              .replace("@BASELINE_PORT@", str(baseline_port)).replace("@USER@", user))
    with open(f"{directory}/nginx.conf", "w") as f:
        f.write(config)
    process = subprocess.Popen(
        ["nginx", "-p", directory, "-e", f"{directory}/error.log", "-c",
         f"{directory}/nginx.conf"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for("nginx sink", lambda: http_ok(sink_port, "/loyalty", "POST", b"x"))
    return process


def stripe_event(provider_id):
    body = json.dumps({
        "id": provider_id, "object": "event", "type": "charge.succeeded",
        "created": int(time.time()), "livemode": False,
        "data": {"object": {
            "id": "ch_" + provider_id, "object": "charge", "amount": 15000, "currency": "ron",
            "metadata": {"reference": "R-" + provider_id[-4:]},
        }},
    }, separators=(",", ":")).encode()
    timestamp = int(time.time())
    mac = hmac.new(SECRET.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return body, f"t={timestamp},v1={mac}"


class Stack:
    """Redis, the nginx sink and one gateway process, in one scenario folder."""

    def __init__(self, root, out, binary):
        self.root, self.out, self.binary = root, out, binary
        os.makedirs(out, exist_ok=True)
        (self.redis_port, self.sink_port, self.baseline_port, self.port,
         self.admin_port) = free_ports(5)
        self.redis = self.nginx = self.gateway = None
        self.gateway_starts = 0

    # -- Redis --
    def start_redis(self):
        os.makedirs(f"{self.out}/redis", exist_ok=True)
        self.redis = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.redis_port),
             "--dir", f"{self.out}/redis", "--appendonly", "yes", "--appendfsync", "everysec",
             "--save", "", "--logfile", f"{self.out}/redis/redis.log"])
        wait_for("redis", lambda: self.redis_cli("PING") == "PONG")

    def redis_cli(self, *args):
        result = subprocess.run(
            ["redis-cli", "-p", str(self.redis_port), *args], capture_output=True, text=True,
            timeout=10)
        return result.stdout.strip()

    def stop_redis(self):
        # SHUTDOWN fsyncs the AOF: a clean restart loses nothing it acknowledged.
        self.redis_cli("SHUTDOWN")
        self.redis.wait(timeout=30)

    # -- sink --
    def start_sink(self):
        self.nginx = start_nginx_sink(
            self.root, f"{self.out}/nginx", self.sink_port, self.baseline_port)

    def stop_sink(self):
        self.nginx.send_signal(signal.SIGQUIT)  # graceful: flushes the buffered access log
        self.nginx.wait(timeout=30)

    def deliveries(self):
        """(event id, handler) -> count, from the sink's access log (2xx answers only)."""
        counts = collections.Counter()
        path = f"{self.out}/nginx/sink.log"
        if not os.path.exists(path):
            return counts
        for line in open(path):
            fields = line.split()
            if len(fields) >= 5 and fields[3] == "200" and fields[4].startswith("evt_"):
                counts[(fields[4], fields[2].lstrip("/"))] += 1
        return counts

    # -- gateway --
    def start_gateway(self):
        env = dict(os.environ, FAULTS_STRIPE_SECRET=SECRET, FAULTS_HANDLER_SECRET=HANDLER_SECRET,
                   FAULTS_SINK_URL=f"http://127.0.0.1:{self.sink_port}",
                   REDIS_URL=f"redis://127.0.0.1:{self.redis_port}/0", LOG_LEVEL="warning")
        self.gateway_starts += 1
        logfile = open(f"{self.out}/gateway.{self.gateway_starts}.log", "w")
        self.gateway = subprocess.Popen(
            [self.binary, "serve", "--config", f"{self.root}/bench/faults.routes.yaml",
             "--listen", f"127.0.0.1:{self.port}", "--admin-listen",
             f"127.0.0.1:{self.admin_port}"], env=env, stdout=logfile, stderr=logfile)
        wait_for("hookgate", lambda: http_ok(self.admin_port, "/healthz"))

    def kill_gateway(self):
        self.gateway.send_signal(signal.SIGKILL)
        self.gateway.wait()

    def backlog(self):
        total = 0
        for handler in HANDLERS:
            for command in (("XLEN", f"hookgate:jobs:{handler}"),
                            ("ZCARD", f"hookgate:retry:{handler}")):
                total += int(self.redis_cli(*command) or 0)
        return total

    def stop(self):
        for process, stop in ((self.gateway, signal.SIGTERM), (self.nginx, signal.SIGQUIT)):
            if process and process.poll() is None:
                process.send_signal(stop)
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
        if self.redis and self.redis.poll() is None:
            self.redis_cli("SHUTDOWN", "NOSAVE")
            self.redis.wait(timeout=15)


class Provider:
    """Sends events like a provider: each until it gets a 2xx, retrying after errors, and
    resending some already accepted ones (10 %) as providers do."""

    def __init__(self, port, prefix, threads=8):
        self.port, self.prefix, self.threads = port, prefix, threads
        self.lock = threading.Lock()
        self.fresh_answers = collections.Counter()  # event id -> answers with duplicate:false
        self.accepted = set()
        self.responses = collections.Counter()  # status -> count
        self.errors = 0
        self.stopping = threading.Event()
        self.sequence = 0

    def _next_id(self):
        with self.lock:
            self.sequence += 1
            return f"evt_{self.prefix}_{self.sequence:07d}"

    def _send(self, connection, body, signature):
        connection.request("POST", f"/webhooks/{TENANT}/stripe", body=body, headers={
            "Content-Type": "application/json", "Stripe-Signature": signature})
        response = connection.getresponse()
        return response.status, response.read()

    def _run(self, seed):
        rng = random.Random(seed)
        connection = None
        sent = []
        pending = None
        while not self.stopping.is_set():
            if pending is None:
                if sent and rng.random() < 0.10:
                    pending = rng.choice(sent)
                else:
                    pending = stripe_event(self._next_id())
            body, signature = pending
            try:
                if connection is None:
                    connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                status, answer = self._send(connection, body, signature)
            except (OSError, http.client.HTTPException):
                with self.lock:
                    self.errors += 1
                if connection:
                    connection.close()
                connection = None
                time.sleep(0.05)
                continue
            with self.lock:
                self.responses[status] += 1
            if 200 <= status < 300:
                reply = json.loads(answer)
                with self.lock:
                    self.accepted.add(reply["id"])
                    if not reply["duplicate"]:
                        self.fresh_answers[reply["id"]] += 1
                sent.append(pending)
                pending = None
            else:
                time.sleep(0.05)  # 503 while Redis is away: retry the same event, as providers do
        if connection:
            connection.close()

    def start(self):
        self.workers = [threading.Thread(target=self._run, args=(i,), daemon=True)
                        for i in range(self.threads)]
        for worker in self.workers:
            worker.start()

    def stop(self):
        self.stopping.set()
        for worker in self.workers:
            worker.join(timeout=10)


def account(name, stack, provider, drain_timeout, started, extra=None):
    """Waits for the backlog to drain, then checks every accepted event's deliveries."""
    drain_start = time.monotonic()
    while time.monotonic() - drain_start < drain_timeout:
        delivered = stack.deliveries()
        missing = [(e, h) for e in provider.accepted for h in HANDLERS if (e, h) not in delivered]
        if not missing and stack.backlog() == 0:
            break
        time.sleep(0.5)
    drained = time.monotonic() - drain_start
    if stack.nginx and stack.nginx.poll() is None:
        stack.stop_sink()  # flush the access log before the final count
    delivered = stack.deliveries()
    missing = [(e, h) for e in provider.accepted for h in HANDLERS if (e, h) not in delivered]
    repeated = sum(count - 1 for count in delivered.values() if count > 1)
    enqueued_twice = [e for e, n in provider.fresh_answers.items() if n > 1]
    unknown = [key for key in delivered if key[0] not in provider.accepted]
    result = {
        "scenario": name,
        "seconds": round(time.monotonic() - started, 1),
        "accepted_events": len(provider.accepted),
        "responses": dict(sorted(provider.responses.items())),
        "connection_errors": provider.errors,
        "expected_deliveries": len(provider.accepted) * len(HANDLERS),
        "delivered": sum(1 for key in delivered if key[0] in provider.accepted),
        "lost": len(missing),
        "enqueued_twice_by_resend": len(enqueued_twice),
        "repeated_deliveries_at_least_once": repeated,
        "deliveries_of_unaccepted_events": len(unknown),
        "drain_seconds": round(drained, 1),
    }
    result.update(extra or {})
    # A delivery of an event the provider never heard a 2xx for is allowed (the gateway stored
    # it, then died before answering); it is reported, not failed.
    result["ok"] = not missing and not enqueued_twice
    return result


def scenario_gateway_kill(stack, args):
    provider = Provider(stack.port, "kill")
    provider.start()
    started = time.monotonic()
    kills = 0
    while time.monotonic() - started < args.duration:
        time.sleep(5)
        stack.kill_gateway()
        kills += 1
        stack.start_gateway()
    provider.stop()
    return provider, {"kills": kills}


def scenario_redis_restart(stack, args):
    provider = Provider(stack.port, "redis")
    provider.start()
    time.sleep(args.duration / 3)
    stack.stop_redis()
    time.sleep(2)
    stack.start_redis()
    time.sleep(args.duration / 3)
    provider.stop()
    return provider, {"redis_restarts": 1}


def scenario_handler_down(stack, args):
    provider = Provider(stack.port, "down")
    provider.start()
    time.sleep(3)
    stack.stop_sink()
    time.sleep(args.handler_down)
    stack.start_sink()
    time.sleep(3)
    provider.stop()
    return provider, {"handler_down_seconds": args.handler_down}


def scenario_concurrent_copies(stack, args):
    provider = Provider(stack.port, "copies", threads=0)
    body, signature = stripe_event("evt_copies_0000001")
    barrier = threading.Barrier(64)

    def send():
        connection = http.client.HTTPConnection("127.0.0.1", stack.port, timeout=10)
        barrier.wait()
        connection.request("POST", f"/webhooks/{TENANT}/stripe", body=body, headers={
            "Content-Type": "application/json", "Stripe-Signature": signature})
        response = connection.getresponse()
        answer = response.read()
        with provider.lock:
            provider.responses[response.status] += 1
            if response.status == 200:
                reply = json.loads(answer)
                provider.accepted.add(reply["id"])
                if not reply["duplicate"]:
                    provider.fresh_answers[reply["id"]] += 1
        connection.close()

    threads = [threading.Thread(target=send) for _ in range(64)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    provider.workers = []
    return provider, {"copies": 64, "distinct_ids_answered": len(provider.accepted)}


SCENARIOS = {
    "gateway-kill": scenario_gateway_kill,
    "redis-restart": scenario_redis_restart,
    "handler-down": scenario_handler_down,
    "concurrent-copies": scenario_concurrent_copies,
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--scenario", choices=["all", *SCENARIOS], default="all")
    parser.add_argument("--duration", type=float, default=30, help="load per scenario (s)")
    parser.add_argument("--handler-down", type=float, default=30)
    parser.add_argument("--drain-timeout", type=float, default=120)
    args = parser.parse_args()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    names = list(SCENARIOS) if args.scenario == "all" else [args.scenario]
    results = []
    for name in names:
        stack = Stack(root, f"{args.out}/{name}", args.binary)
        try:
            stack.start_redis()
            stack.start_sink()
            stack.start_gateway()
            log(f"{name}: redis :{stack.redis_port}, sink :{stack.sink_port}, "
                f"hookgate :{stack.port}")
            started = time.monotonic()
            provider, extra = SCENARIOS[name](stack, args)
            result = account(name, stack, provider, args.drain_timeout, started, extra)
        finally:
            stack.stop()
        log(json.dumps(result))
        results.append(result)
    with open(f"{args.out}/results.json", "w") as f:
        json.dump(results, f, indent=2)
    print(f"{'scenario':<18} {'accepted':>8} {'expected':>8} {'delivered':>9} {'lost':>5} "
          f"{'resend-dup':>10} {'redelivered':>11} {'drain s':>7}  ok")
    for r in results:
        print(f"{r['scenario']:<18} {r['accepted_events']:>8} {r['expected_deliveries']:>8} "
              f"{r['delivered']:>9} {r['lost']:>5} {r['enqueued_twice_by_resend']:>10} "
              f"{r['repeated_deliveries_at_least_once']:>11} {r['drain_seconds']:>7}  "
              f"{'yes' if r['ok'] else 'NO'}")
    return 0 if all(r["ok"] for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())

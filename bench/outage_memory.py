"""Redis memory per job waiting for a down handler (loopback only, about 30 s).

Accepts Stripe events of about 2.6 KiB, each routed to two handlers, for 8 s while every
handler is down (bench/faults' gateway and routes, no sink), lets the retries and the circuit
breaker settle for 12 s, then reports how much Redis grew per accepted event and per waiting
job.

    python3 bench/outage_memory.py BINARY OUT_DIR
"""
import hashlib
import hmac
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import faults  # noqa: E402  (bench/faults.py: the Stack and Provider of the fault runs)


def padded_event(provider_id):
    body = json.dumps({
        "id": provider_id, "object": "event", "type": "charge.succeeded",
        "created": int(time.time()), "livemode": False,
        "data": {"object": {"id": "ch_" + provider_id, "object": "charge", "amount": 15000,
                            "currency": "ron", "metadata": {"reference": "R-" + provider_id[-4:],
                                                            "notes": "x" * 2200}}},
    }, separators=(",", ":")).encode()
    timestamp = int(time.time())
    mac = hmac.new(faults.SECRET.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return body, f"t={timestamp},v1={mac}"

faults.stripe_event = padded_event

if len(sys.argv) != 3:
    raise SystemExit(__doc__)
binary, out = sys.argv[1], sys.argv[2]
stack = faults.Stack(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), out, binary)
try:
    stack.start_redis()
    stack.start_gateway()  # sink never started: every handler refuses connections
    before = int(stack.redis_cli("INFO", "memory").split("used_memory:")[1].split()[0])
    provider = faults.Provider(stack.port, "mem", threads=4)
    provider.start(); time.sleep(8); provider.stop()
    time.sleep(12)
    after = int(stack.redis_cli("INFO", "memory").split("used_memory:")[1].split()[0])
    jobs = sum(int(stack.redis_cli("XLEN", f"hookgate:jobs:{h}") or 0) for h in faults.HANDLERS)
    retry = sum(int(stack.redis_cli("ZCARD", f"hookgate:retry:{h}") or 0) for h in faults.HANDLERS)
    events = len(provider.accepted)
    print(f"{binary}: events {events}, waiting jobs {jobs} in streams + {retry} in retry sets, "
          f"used_memory grew {(after - before) / 2**20:.1f} MiB = {(after - before) / events:.0f} B per event"
          f" = {(after - before) / max(1, jobs + retry):.0f} B per waiting job (event hashes, dedup keys and index included)")
finally:
    stack.stop()

#!/usr/bin/env python3
"""Pre-generates signed Stripe-like webhook events for bench/stripe.lua.

Writes into --out:
  events.valid.<k>.tsv   one event per line for wrk thread k: tenant TAB Stripe-Signature TAB body
  events.bad.<k>.tsv     same, but the v1 signature has one hex digit flipped; these events have
                         their own provider ids (evt_1X...), never sent with a valid signature
  manifest.tsv           gateway_id TAB kind(valid|bad) TAB tenant TAB provider_id TAB
                         provider_type TAB handlers (comma-separated, the expected fan-out)
  sample-event.json      one body, for reading

The gateway id is computed as hookgate does (Sources/HookgateCore/Envelope/GatewayEventID.swift):
"evt_" + hex(first 16 bytes of SHA-256(tenant NUL source NUL provider_event_id)).
The analysis flags any response id missing from the manifest, so a drift would show.

Signature: Stripe-Signature "t=<unix>,v1=<hex HMAC-SHA256(secret utf-8, f"{t}.{body}")>".
Secrets come from BENCH_T1_STRIPE_SECRET, BENCH_T2_..., BENCH_T3_... (bench/run exports them).
Python 3 standard library only.
"""

import argparse
import hashlib
import hmac
import json
import os
import random
import sys
import time

TENANTS = ["t1", "t2", "t3"]
SOURCE = "stripe"
BODY_TARGET = 2560  # bytes, ~2.5 KiB

# Provider type -> handlers, mirroring bench/routes.bench.yaml (normalized type in brackets).
FANOUT = {
    "charge.succeeded": ["loyalty", "invoices"],  # payment.succeeded
    "charge.refunded": ["loyalty", "reservations", "invoices"],  # payment.refunded
    "invoice.paid": ["loyalty"],  # invoice.paid
}
# Share of each type among generated events (mean fan-out 0.5*2 + 0.2*3 + 0.3*1 = 1.9).
MIX = [("charge.succeeded", 0.5), ("charge.refunded", 0.2), ("invoice.paid", 0.3)]


def gateway_id(tenant, source, provider_id):
    material = tenant.encode() + b"\0" + source.encode() + b"\0" + provider_id.encode()
    return "evt_" + hashlib.sha256(material).digest()[:16].hex()


def sign(secret, timestamp, body):
    mac = hmac.new(secret.encode("utf-8"), f"{timestamp}.".encode() + body.encode(), hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def flip_hex_digit(header):
    # Flip the last hex digit of the v1 value: still well-formed, just wrong.
    last = header[-1]
    return header[:-1] + ("0" if last != "0" else "1")


def charge_object(provider_type):
    refunded = provider_type == "charge.refunded"
    return {
        "id": "@@OBJ_ID@@",
        "object": "charge",
        "amount": "@@AMOUNT@@",
        "amount_captured": "@@AMOUNT@@",
        "amount_refunded": "@@AMOUNT@@" if refunded else 0,
        "balance_transaction": "txn_3PbEnchMarkBalanceTx0001",
        "billing_details": {
            "address": {"city": "Cluj-Napoca", "country": "RO", "line1": "Strada Memorandumului 28",
                        "line2": "Ap. 4", "postal_code": "400114", "state": "CJ"},
            "email": "@@EMAIL@@",
            "name": "Ioana Popescu",
            "phone": "+40712345678",
        },
        "calculated_statement_descriptor": "HOOKGATE BENCH",
        "captured": True,
        "created": "@@CREATED@@",
        "currency": "ron",
        "customer": "@@CUSTOMER@@",
        "description": "Order from the bench shop",
        "livemode": False,
        "metadata": {"reference": "@@REFERENCE@@", "channel": "web", "store": "cluj-01",
                     "notes": "@@PAD@@"},
        "outcome": {"network_status": "approved_by_network", "reason": None, "risk_level": "normal",
                    "risk_score": 21, "seller_message": "Payment complete.", "type": "authorized"},
        "paid": True,
        "payment_intent": "pi_3PbEnchMarkPaymentIntent1",
        "payment_method": "pm_1PbEnchMarkPaymentMethod01",
        "payment_method_details": {
            "card": {"brand": "visa", "checks": {"address_line1_check": "pass", "address_postal_code_check": "pass",
                                                  "cvc_check": "pass"},
                     "country": "RO", "exp_month": 8, "exp_year": 2029, "fingerprint": "Xt5EWLLDS7FJjR1c",
                     "funding": "credit", "last4": "4242", "network": "visa"},
            "type": "card",
        },
        "receipt_email": "@@EMAIL@@",
        "receipt_url": "https://pay.stripe.com/receipts/payment/CAcaFwoVYWNjdF8xUGJFbmNoTWFyaw",
        "refunded": refunded,
        "status": "succeeded",
    }


def invoice_object():
    return {
        "id": "@@OBJ_ID@@",
        "object": "invoice",
        "account_country": "RO",
        "account_name": "Hookgate Bench SRL",
        "amount_due": "@@AMOUNT@@",
        "amount_paid": "@@AMOUNT@@",
        "amount_remaining": 0,
        "billing_reason": "subscription_cycle",
        "collection_method": "charge_automatically",
        "created": "@@CREATED@@",
        "currency": "ron",
        "customer": "@@CUSTOMER@@",
        "customer_email": "@@EMAIL@@",
        "customer_name": "Ioana Popescu",
        "customer_phone": "+40712345678",
        "hosted_invoice_url": "https://invoice.stripe.com/i/acct_1PbEnchMark/test_YWNjdF8xUGJFbmNo",
        "lines": {"object": "list", "data": [
            {"id": "il_1PbEnchMarkLine00000001", "object": "line_item", "amount": "@@AMOUNT@@",
             "currency": "ron", "description": "1 x Monthly plan (at 150.00 RON / month)", "quantity": 1,
             "price": {"id": "price_1PbEnchMarkMonthly01", "product": "prod_PbEnchMarkPlan", "unit_amount": "@@AMOUNT@@"}}
        ], "has_more": False, "total_count": 1},
        "livemode": False,
        "metadata": {"reference": "@@REFERENCE@@", "notes": "@@PAD@@"},
        "number": "@@REFERENCE@@",
        "paid": True,
        "status": "paid",
        "subscription": "sub_1PbEnchMarkSubscription1",
        "total": "@@AMOUNT@@",
    }


def template(provider_type):
    obj = invoice_object() if provider_type == "invoice.paid" else charge_object(provider_type)
    event = {
        "id": "@@ID@@",
        "object": "event",
        "api_version": "2024-06-20",
        "created": "@@CREATED@@",
        "data": {"object": obj},
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
        "type": provider_type,
    }
    text = json.dumps(event, separators=(",", ":"))
    for number in ("AMOUNT", "CREATED"):  # numbers, not strings
        text = text.replace(f'"@@{number}@@"', f"@@{number}@@")
    return text


def render(tmpl, provider_id, seq, created, rng, body_target=BODY_TARGET):
    amount = str(rng.randrange(500, 250000))
    text = (tmpl.replace("@@ID@@", provider_id)
            .replace("@@OBJ_ID@@", f"ch_3Pb{seq:018d}" if '"object":"charge"' in tmpl else f"in_1Pb{seq:018d}")
            .replace("@@AMOUNT@@", amount)
            .replace("@@CREATED@@", str(created))
            .replace("@@EMAIL@@", f"client{seq % 100000:05d}@example.ro")
            .replace("@@CUSTOMER@@", f"cus_Pb{seq % 100000:08d}")
            .replace("@@REFERENCE@@", f"INV-{seq:09d}"))
    pad = "x" * max(0, body_target - (len(text) - len("@@PAD@@")))
    return text.replace("@@PAD@@", pad)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--valid", type=int, required=True, help="valid events in total")
    parser.add_argument("--bad", type=int, required=True, help="bad-signature events in total")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--body-bytes", type=int, default=BODY_TARGET,
                        help="pad every body to this size (bench/run's BODY_BYTES)")
    parser.add_argument("--tenants", type=int, default=len(TENANTS),
                        help="spread events over tenants t1..tN (bench/scale; default 3)")
    parser.add_argument("--fanout", type=int, default=0,
                        help="N > 0: every event goes to handlers h1..hN (bench/run's FANOUT); "
                             "0: the mixed fan-out of routes.bench.yaml")
    args = parser.parse_args()

    tenants = [f"t{n}" for n in range(1, args.tenants + 1)]
    secrets = {}
    for tenant in tenants:
        name = f"BENCH_{tenant.upper()}_STRIPE_SECRET"
        if not os.environ.get(name):
            sys.exit(f"make-events.py: {name} is not set")
        secrets[tenant] = os.environ[name]

    rng = random.Random(args.seed)
    tag = f"{int(time.time()) % 100000:05d}"
    now = int(time.time())
    types = [t for t, _ in MIX]
    weights = [w for _, w in MIX]
    templates = {t: template(t) for t in types}
    handlers = ({t: [f"h{n}" for n in range(1, args.fanout + 1)] for t in types}
                if args.fanout > 0 else FANOUT)

    os.makedirs(args.out, exist_ok=True)
    files = {}
    for kind in ("valid", "bad"):
        for k in range(args.threads):
            files[(kind, k)] = open(os.path.join(args.out, f"events.{kind}.{k}.tsv"), "w", buffering=1 << 20)
    manifest = open(os.path.join(args.out, "manifest.tsv"), "w", buffering=1 << 20)
    sizes = []
    for kind, count, prefix in (("valid", args.valid, "evt_1B"), ("bad", args.bad, "evt_1X")):
        for i in range(count):
            tenant = tenants[i % len(tenants)]
            provider_type = rng.choices(types, weights)[0]
            provider_id = f"{prefix}{tag}{i:016d}"
            seq = i if kind == "valid" else 10**12 + i
            body = render(templates[provider_type], provider_id, seq, now - rng.randrange(0, 60), rng,
                          args.body_bytes)
            header = sign(secrets[tenant], now, body)
            if kind == "bad":
                header = flip_hex_digit(header)
            files[(kind, i % args.threads)].write(f"{tenant}\t{header}\t{body}\n")
            manifest.write(f"{gateway_id(tenant, SOURCE, provider_id)}\t{kind}\t{tenant}\t{provider_id}\t"
                           f"{provider_type}\t{','.join(handlers[provider_type])}\n")
            if len(sizes) < 1000:
                sizes.append(len(body))
            if kind == "valid" and i == 0:
                with open(os.path.join(args.out, "sample-event.json"), "w") as sample:
                    sample.write(body + "\n")
    for f in files.values():
        f.close()
    manifest.close()
    print(f"make-events: {args.valid} valid + {args.bad} bad-signature events, "
          f"bodies {min(sizes)}-{max(sizes)} bytes, t={now}, {args.threads} thread files in {args.out}")


if __name__ == "__main__":
    main()

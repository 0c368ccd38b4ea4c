#!/usr/bin/env bash
# Writes hmac-vectors.json next to this script: HMAC-SHA256 test vectors computed with the
# openssl CLI, independently of hookgate's Swift code, for StripeVerifierTests and
# HMACVerifierTests.
#
# Run it from anywhere:  bash Tests/HookgateCoreTests/Fixtures/make-vectors.sh
# Commit both the script and the JSON; the tests read only the JSON.
set -euo pipefail
export LC_ALL=C

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out="$here/hmac-vectors.json"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

stripe_secret='whsec_hookgate_vectors_stripe_0123456789'
stripe_timestamp='1763726400'
hmac_secret='billing-shared-secret-for-vectors'

# The bodies, byte for byte. Each is written with printf so the exact bytes (multi-byte
# UTF-8, a trailing newline) are explicit.
printf '%s' '{"id":"evt_1QhookgateA","object":"event","type":"charge.succeeded"}' >"$work/body1"
printf '%s' '{"id":"evt_2","data":{"name":"Ștefan Țară – café ☕ 東京 🎉"}}' >"$work/body2"
printf '%s\n' '{"id":"evt_3","type":"invoice.paid"}' >"$work/body3"
printf '%s' '{"event":"sale.completed","invoice_number":"INV-9","total_amount":"150.00"}' >"$work/body4"
names=(ascii utf8-multibyte trailing-newline billing)

# hex of HMAC-SHA256(key, stdin)
hmac_hex() { openssl dgst -sha256 -hmac "$1" -hex | awk '{print $NF}'; }
# base64 of HMAC-SHA256(key, stdin)
hmac_base64() { openssl dgst -sha256 -hmac "$1" -binary | base64 | tr -d '\n'; }

# The file's bytes as the contents of a JSON string (UTF-8 passes through unescaped).
json_string() {
    local text
    text=$(cat "$1"; printf x)  # the x keeps trailing newlines through $(...)
    text=${text%x}
    text=${text//\\/\\\\}
    text=${text//\"/\\\"}
    text=${text//$'\n'/\\n}
    text=${text//$'\r'/\\r}
    text=${text//$'\t'/\\t}
    printf '"%s"' "$text"
}

{
    printf '{\n'
    printf '  "generator": "Tests/HookgateCoreTests/Fixtures/make-vectors.sh (%s)",\n' "$(openssl version)"
    printf '  "stripe": [\n'
    for i in 1 2 3 4; do
        body="$work/body$i"
        signed="$work/signed$i"
        { printf '%s.' "$stripe_timestamp"; cat "$body"; } >"$signed"
        printf '    {"name": "%s", "secret": "%s", "timestamp": %s,\n' \
            "${names[$((i - 1))]}" "$stripe_secret" "$stripe_timestamp"
        printf '     "body": %s,\n' "$(json_string "$body")"
        printf '     "body_base64": "%s",\n' "$(base64 <"$body" | tr -d '\n')"
        printf '     "v1_hex": "%s"}' "$(hmac_hex "$stripe_secret" <"$signed")"
        [[ $i -lt 4 ]] && printf ','
        printf '\n'
    done
    printf '  ],\n'
    printf '  "hmac": [\n'
    for i in 1 2 3 4; do
        body="$work/body$i"
        printf '    {"name": "%s", "secret": "%s",\n' "${names[$((i - 1))]}" "$hmac_secret"
        printf '     "body": %s,\n' "$(json_string "$body")"
        printf '     "body_base64": "%s",\n' "$(base64 <"$body" | tr -d '\n')"
        printf '     "hex": "%s",\n' "$(hmac_hex "$hmac_secret" <"$body")"
        printf '     "base64": "%s"}' "$(hmac_base64 "$hmac_secret" <"$body")"
        [[ $i -lt 4 ]] && printf ','
        printf '\n'
    done
    printf '  ]\n'
    printf '}\n'
} >"$out"

echo "wrote $out"

#!/usr/bin/env bash
# Writes provider-vectors.json next to this script: one signed request per HMAC preset (and
# the generic hmac with signed_content + timestamp), for ProviderVerifierTests.
#
# Where a provider publishes an example (Standard Webhooks, GitHub, Square's SDK tests) the
# published signature is written as published, and this script stops if openssl disagrees
# with it. The other signatures are computed here with the openssl CLI, never by hookgate.
#
# Run it from anywhere:  bash Tests/HookgateCoreTests/Fixtures/make-provider-vectors.sh
# Commit both the script and the JSON; the tests read only the JSON.
set -euo pipefail
export LC_ALL=C

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out="$here/provider-vectors.json"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# base64 / hex of HMAC-SHA256 of stdin, keyed with the UTF-8 bytes of $1
b64_utf8() { openssl dgst -sha256 -hmac "$1" -binary | base64 | tr -d '\n'; }
hex_utf8() { openssl dgst -sha256 -hmac "$1" -hex | awk '{print $NF}'; }
# base64 of HMAC-SHA256 of stdin, keyed with a whsec_ secret's base64-decoded bytes
b64_whsec() {
    local key
    key=$(printf '%s' "${1#whsec_}" | base64 -d | od -An -v -tx1 | tr -d ' \n')
    openssl dgst -sha256 -mac HMAC -macopt "hexkey:$key" -binary | base64 | tr -d '\n'
}

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

expect_equal() {  # published value, openssl value, what
    if [[ "$1" != "$2" ]]; then
        echo "openssl disagrees with the published $3: $1 != $2" >&2
        exit 1
    fi
}

first=1
# name provider origin secret now notification_url body_file header... (name=value pairs)
vector() {
    local name=$1 provider=$2 origin=$3 secret=$4 now=$5 url=$6 body=$7
    shift 7
    [[ $first -eq 1 ]] || printf ',\n'
    first=0
    printf '    {"name": "%s", "provider": "%s", "origin": "%s",\n' "$name" "$provider" "$origin"
    printf '     "secret": "%s", "now": %s,' "$secret" "$now"
    [[ -n "$url" ]] && printf ' "notification_url": "%s",' "$url"
    printf '\n     "body": %s,\n' "$(json_string "$body")"
    printf '     "body_base64": "%s",\n' "$(base64 <"$body" | tr -d '\n')"
    printf '     "headers": {'
    local sep=''
    for pair in "$@"; do
        printf '%s"%s": "%s"' "$sep" "${pair%%=*}" "${pair#*=}"
        sep=', '
    done
    printf '}}'
}

{
    printf '{\n'
    printf '  "generator": "Tests/HookgateCoreTests/Fixtures/make-provider-vectors.sh (%s)",\n' \
        "$(openssl version)"
    printf '  "vectors": [\n'

    # Standard Webhooks: the example of the specification's reference libraries.
    sw_secret='whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
    sw_id='msg_p5jXN8AQM9LWM0D4loKWxJek'
    sw_ts='1614265330'
    printf '%s' '{"test": 2432232314}' >"$work/sw"
    sw_sig=$({ printf '%s.%s.' "$sw_id" "$sw_ts"; cat "$work/sw"; } | b64_whsec "$sw_secret")
    expect_equal 'g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=' "$sw_sig" 'Standard Webhooks example'
    vector standard-webhooks-published standard-webhooks 'published: standardwebhooks.com reference libraries' \
        "$sw_secret" "$sw_ts" '' "$work/sw" \
        "webhook-id=$sw_id" "webhook-timestamp=$sw_ts" \
        "webhook-signature=v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="

    # The same under Svix's header names, with a rotated-out v1 and a future version first.
    printf '%s' '{"type":"invoice.paid","data":{"id":"in_1"}}' >"$work/svix"
    svix_secret='whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD'
    svix_id='msg_2hookgateSvix'
    svix_ts='1763726400'
    svix_sig=$({ printf '%s.%s.' "$svix_id" "$svix_ts"; cat "$work/svix"; } | b64_whsec "$svix_secret")
    old_sig=$({ printf '%s.%s.' "$svix_id" "$svix_ts"; cat "$work/svix"; } \
        | b64_whsec 'whsec_R2VoZWltbmlzSW52b2ljZXNLZXkxMjM0NQ==')
    vector svix-headers-signature-list standard-webhooks openssl \
        "$svix_secret" "$svix_ts" '' "$work/svix" \
        "svix-id=$svix_id" "svix-timestamp=$svix_ts" \
        "svix-signature=v1a,bm90LWEtdjEtc2lnbmF0dXJl v1,$old_sig v1,$svix_sig"

    # GitHub: the example of "Validating webhook deliveries".
    printf '%s' 'Hello, World!' >"$work/gh"
    gh_sig=$(hex_utf8 "It's a Secret to Everybody" <"$work/gh")
    expect_equal '757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17' "$gh_sig" 'GitHub example'
    vector github-published github 'published: docs.github.com, validating webhook deliveries' \
        "It's a Secret to Everybody" 1763726400 '' "$work/gh" \
        "X-Hub-Signature-256=sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17" \
        'X-GitHub-Delivery=72d3162e-cc78-11e3-81ab-4c9367dc0958' 'X-GitHub-Event=ping'

    # Square: the example of Square's SDKs' WebhooksHelper tests.
    sq_url='https://webhook.site/679a4f3a-dcfa-49ee-bac5-9d0edad886b9'
    sq_key='Ibxx_5AKakO-3qeNVR61Dw'
    printf '%s' '{"merchant_id":"MLEFBHHSJGVHD","type":"webhooks.test_notification","event_id":"ac3ac95b-f97d-458c-a6e6-18981597e05f","created_at":"2022-07-13T20:30:59.037339943Z","data":{"type":"webhooks","id":"bc368e64-01aa-407e-b46e-3231809b1129"}}' >"$work/sq"
    sq_sig=$({ printf '%s' "$sq_url"; cat "$work/sq"; } | b64_utf8 "$sq_key")
    expect_equal 'GF4YkrJgGBDZ9NIYbNXBnMzqb2HoL4RW/S6vkZ9/2N4=' "$sq_sig" 'Square example'
    vector square-published square "published: Square SDKs' WebhooksHelper tests" \
        "$sq_key" 1763726400 "$sq_url" "$work/sq" \
        "x-square-hmacsha256-signature=GF4YkrJgGBDZ9NIYbNXBnMzqb2HoL4RW/S6vkZ9/2N4="

    # Shopify, QuickBooks, Xero: no published vector; computed here.
    printf '%s' '{"id":820982911946154508,"email":"jon@example.com","total_price":"150.00","currency":"RON"}' >"$work/shop"
    shop_secret='shpss_hookgate_vectors_0123456789abcdef'
    vector shopify shopify openssl "$shop_secret" 1763726400 '' "$work/shop" \
        "X-Shopify-Hmac-Sha256=$(b64_utf8 "$shop_secret" <"$work/shop")" \
        'X-Shopify-Webhook-Id=b54557e4-bdd9-4b37-8a5f-bf7d70bcd043' 'X-Shopify-Topic=orders/paid'

    printf '%s' '{"eventNotifications":[{"realmId":"1185883450","dataChangeEvent":{"entities":[{"name":"Invoice","id":"9","operation":"Create","lastUpdated":"2026-11-20T10:00:00.000Z"}]}}]}' >"$work/qb"
    qb_token='hookgate-quickbooks-verifier-token'
    vector quickbooks quickbooks openssl "$qb_token" 1763726400 '' "$work/qb" \
        "intuit-signature=$(b64_utf8 "$qb_token" <"$work/qb")"

    printf '%s' '{"events":[],"firstEventSequence":0,"lastEventSequence":0,"entropy":"HOOKGATEVECTORS"}' >"$work/xero"
    xero_key='hookgate+xero/webhook=key=0123456789'
    vector xero xero openssl "$xero_key" 1763726400 '' "$work/xero" \
        "x-xero-signature=$(b64_utf8 "$xero_key" <"$work/xero")"

    # Generic hmac: signature: {header: X-Billing-Signature, encoding: hex, prefix: "sha256="},
    # signed_content: "{timestamp}.{body}", timestamp: {header: X-Billing-Timestamp}.
    printf '%s\n' '{"event":"payment.received","invoice_number":"INV-77","total_amount":"99.90"}' >"$work/billing"
    billing_secret='billing-shared-secret-for-vectors'
    billing_ts='1763726400'
    vector hmac-timestamp-dot-body hmac openssl "$billing_secret" "$billing_ts" '' "$work/billing" \
        "X-Billing-Timestamp=$billing_ts" \
        "X-Billing-Signature=sha256=$({ printf '%s.' "$billing_ts"; cat "$work/billing"; } | hex_utf8 "$billing_secret")"

    printf '\n  ]\n'
    printf '}\n'
} >"$out"

echo "wrote $out"

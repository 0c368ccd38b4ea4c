#!/usr/bin/env bash
# Writes the PayPal fixtures into paypal/ next to this script, with the openssl CLI only:
#
#   ca.pem                  a local root CA (trusted by tests through HOOKGATE_CA_FILE)
#   intermediate.pem        an intermediate CA signed by the root, as PayPal's chain has one
#   leaf.pem, leaf.key      the signing certificate (CN=localhost, SAN localhost + 127.0.0.1),
#                           signed by the intermediate; also the TLS certificate of the tests'
#                           local HTTPS server
#   cert-chain.pem          leaf + intermediate: what a PAYPAL-CERT-URL serves
#   expired.pem             a leaf signed by the intermediate, valid 2020-01-01..2021-01-01
#   expired-chain.pem       expired + intermediate
#   self-signed.pem, .key   a self-signed leaf, not chained to anything
#   not-a-certificate.pem   text that is no PEM at all
#   event.json              a PAYMENT.CAPTURE.COMPLETED body
#   event.crc32             CRC32 (zlib's) of event.json as unsigned decimal, from gzip's trailer
#   signed-string.txt       {transmission id}|{transmission time}|{webhook id}|{crc32}
#   event.sig.b64           RSA-SHA256 of signed-string.txt with leaf.key, base64 (one line)
#   headers.txt             the transmission id, time and webhook id used above
#
# Every certificate except expired.pem is valid for ~10 years from the day this ran, so CI
# keeps working; re-run the script (and commit the output) before then.
#
# Run it from anywhere:  bash Tests/HookgateCoreTests/Fixtures/make-paypal-fixtures.sh
set -euo pipefail
export LC_ALL=C

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out="$here/paypal"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"

days=3650
transmission_id="b6d9c4a0-1c2e-11f1-9a3b-0242ac120002"
webhook_id="WH-TEST-7XK21234AB5678901"

key() { openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1" 2>/dev/null; }

cat >"$work/ext.cnf" <<'EOF'
[intermediate]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid

[leaf]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth, clientAuth
subjectAltName = DNS:localhost, IP:127.0.0.1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
EOF

# Root CA.
key "$work/ca.key"
openssl req -x509 -new -key "$work/ca.key" -sha256 -days "$days" \
  -subj "/O=hookgate tests/CN=hookgate test root CA" \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -out "$out/ca.pem"

# Intermediate CA.
key "$work/intermediate.key"
openssl req -new -key "$work/intermediate.key" -subj "/O=hookgate tests/CN=hookgate test intermediate CA" \
  -out "$work/intermediate.csr"
openssl x509 -req -in "$work/intermediate.csr" -CA "$out/ca.pem" -CAkey "$work/ca.key" \
  -CAcreateserial -CAserial "$work/ca.srl" -sha256 -days "$days" -extfile "$work/ext.cnf" \
  -extensions intermediate \
  -out "$out/intermediate.pem" 2>/dev/null

# Signing leaf (also the local HTTPS server's certificate).
key "$out/leaf.key"
openssl req -new -key "$out/leaf.key" -subj "/O=hookgate tests/CN=localhost" -out "$work/leaf.csr"
openssl x509 -req -in "$work/leaf.csr" -CA "$out/intermediate.pem" -CAkey "$work/intermediate.key" \
  -CAcreateserial -CAserial "$work/intermediate.srl" -sha256 -days "$days" \
  -extfile "$work/ext.cnf" -extensions leaf \
  -out "$out/leaf.pem" 2>/dev/null
cat "$out/leaf.pem" "$out/intermediate.pem" >"$out/cert-chain.pem"

# Expired leaf: `openssl ca` takes explicit dates, so no clock tricks are needed.
mkdir -p "$work/ca/newcerts"
: >"$work/ca/index.txt"
echo 1000 >"$work/ca/serial"
cat >"$work/ca.cnf" <<EOF
[ca]
default_ca = expired
[expired]
dir = $work/ca
database = \$dir/index.txt
new_certs_dir = \$dir/newcerts
serial = \$dir/serial
default_md = sha256
policy = anything
copy_extensions = none
unique_subject = no
[anything]
commonName = supplied
organizationName = optional
EOF
key "$work/expired.key"
openssl req -new -key "$work/expired.key" -subj "/O=hookgate tests/CN=localhost" \
  -out "$work/expired.csr"
openssl ca -batch -config "$work/ca.cnf" -cert "$out/intermediate.pem" \
  -keyfile "$work/intermediate.key" -startdate 20200101000000Z -enddate 20210101000000Z \
  -extfile "$work/ext.cnf" -extensions leaf -notext -in "$work/expired.csr" \
  -out "$out/expired.pem" 2>/dev/null
cat "$out/expired.pem" "$out/intermediate.pem" >"$out/expired-chain.pem"

# Self-signed leaf.
key "$out/self-signed.key"
openssl req -x509 -new -key "$out/self-signed.key" -sha256 -days "$days" \
  -subj "/O=hookgate tests/CN=localhost" -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
  -out "$out/self-signed.pem"

printf 'this is not a certificate\n' >"$out/not-a-certificate.pem"

# The event and its signature, transmitted 10 minutes from now: inside every certificate's
# validity even for tests that move the clock by the 5-minute tolerance either way.
transmission_time=$(date -u -d '+10 minutes' +%Y-%m-%dT%H:%M:%SZ)
printf '%s' '{"id":"WH-2WR32451HC0233532-67976317FL4543714","event_version":"1.0","create_time":"2026-01-15T09:59:58.000Z","resource_type":"capture","resource_version":"2.0","event_type":"PAYMENT.CAPTURE.COMPLETED","summary":"Payment completed for RON 150.00","resource":{"id":"42311647XV020574X","status":"COMPLETED","amount":{"currency_code":"RON","value":"150.00"},"invoice_id":"INV-001","custom_id":"order-77","payee":{"merchant_id":"MERCHANT1"},"create_time":"2026-01-15T09:59:55Z"}}' \
  >"$out/event.json"
# gzip's trailer is the CRC32 (zlib's polynomial) of the input, little-endian.
gzip -c "$out/event.json" | tail -c 8 | head -c 4 | od -An -tu4 --endian=little | tr -d ' \n' \
  >"$out/event.crc32"
printf '%s|%s|%s|%s' "$transmission_id" "$transmission_time" "$webhook_id" \
  "$(cat "$out/event.crc32")" >"$out/signed-string.txt"
openssl dgst -sha256 -sign "$out/leaf.key" "$out/signed-string.txt" | base64 | tr -d '\n' \
  >"$out/event.sig.b64"
openssl dgst -sha256 -verify <(openssl x509 -in "$out/leaf.pem" -pubkey -noout) \
  -signature <(base64 -d "$out/event.sig.b64") "$out/signed-string.txt" >/dev/null

printf 'PAYPAL-TRANSMISSION-ID: %s\nPAYPAL-TRANSMISSION-TIME: %s\nWEBHOOK-ID: %s\n' \
  "$transmission_id" "$transmission_time" "$webhook_id" >"$out/headers.txt"

# The chains must verify (and the expired one must not) before anything is committed.
openssl verify -CAfile "$out/ca.pem" -untrusted "$out/intermediate.pem" "$out/leaf.pem" >/dev/null
if openssl verify -CAfile "$out/ca.pem" -untrusted "$out/intermediate.pem" "$out/expired.pem" \
  >/dev/null 2>&1; then
  echo "expired.pem unexpectedly verifies" >&2
  exit 1
fi
echo "wrote $out"

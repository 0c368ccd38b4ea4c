#!/usr/bin/env bash
# Installs the Debian packages hookgate builds, runs and tests with, when they are missing.
# Idempotent: prints nothing and installs nothing when everything is there.
set -euo pipefail

packages=(pkg-config libhiredis-dev libssl-dev libcurl4-openssl-dev libjemalloc-dev redis-server redis-tools curl openssl)
if [[ "${1:-}" == "--bench" ]]; then
    packages+=(wrk nginx-light)
fi
# The dashboard test (Tests/dashboard/check-dashboard.sh) loads the page in headless Chromium.
if [[ "${1:-}" == "--test" ]]; then
    packages+=(chromium)
fi

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "installing: ${missing[*]}"
sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

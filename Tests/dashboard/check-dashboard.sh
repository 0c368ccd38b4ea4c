#!/usr/bin/env bash
# Loads the hookgate dashboard of a running gateway in headless Chromium, saves the DOM and a
# screenshot, and checks the page shows what the caller expects.
#
#   check-dashboard.sh ADMIN_URL TOKEN OUTPUT_DIR EXPECTATION...
#
# EXPECTATION is `handler:NAME:BACKLOG` (a row for handler NAME whose backlog cell reads
# BACKLOG) or `event:ID` (a row for event ID among the recent events). The token goes in the
# URL fragment, which the page moves to sessionStorage; a fragment never reaches the server.
# Called by DashboardTests (Tests/HookgateIntegrationTests), which starts the gateway and sends
# the traffic. Needs `chromium` (scripts/install-deps.sh installs it).
set -euo pipefail

if [[ $# -lt 4 ]]; then
    sed -n '2,12p' "$0" >&2
    exit 2
fi
url=$1 token=$2 out=$3
shift 3

browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [[ -z "$browser" ]]; then
    echo "FAIL: chromium is not installed (scripts/install-deps.sh installs it)" >&2
    exit 1
fi

mkdir -p "$out"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
page="$url/admin/#token=$token"
# --virtual-time-budget lets the page's fetches finish before the DOM is dumped; --no-sandbox
# because tests may run as root in a container.
flags=(--headless --no-sandbox --disable-gpu --disable-dev-shm-usage --hide-scrollbars
    --no-first-run --user-data-dir="$profile" --virtual-time-budget=10000)

"$browser" "${flags[@]}" --dump-dom "$page" >"$out/dashboard.html" 2>"$out/chromium.log"
"$browser" "${flags[@]}" --window-size=1280,1000 --screenshot="$out/dashboard.png" "$page" \
    >>"$out/chromium.log" 2>&1

failures=0
check() { # description, command…
    local description=$1
    shift
    if "$@"; then echo "ok: $description"; else echo "FAIL: $description"; failures=$((failures + 1)); fi
}

dom="$out/dashboard.html"
check "the page loaded its data with the token" grep -q 'data-loaded="true"' "$dom"
check "no error is shown" bash -c "! grep -q 'id=\"status\" class=\"error\"' '$dom'"
check "the screenshot was written" test -s "$out/dashboard.png"
for expectation in "$@"; do
    IFS=: read -r kind name value <<<"$expectation"
    case $kind in
    handler)
        shown=$(grep -oP "data-handler=\"\Q$name\E\">(?:(?!</tr>).)*?class=\"number backlog\">\K[0-9]+" "$dom" || true)
        check "handler $name is listed with backlog $value (shows '${shown}')" test "$shown" = "$value"
        ;;
    event)
        check "event $name is among the recent events" grep -q "data-event-id=\"$name\"" "$dom"
        ;;
    *)
        echo "unknown expectation: $expectation" >&2
        exit 2
        ;;
    esac
done

echo "DOM: $dom, screenshot: $out/dashboard.png"
[[ $failures -eq 0 ]]

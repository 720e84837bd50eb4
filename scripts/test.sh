#!/usr/bin/env bash
# Runs every test: installs what the tests need (npm packages such as dynalite, Debian's Chromium), then the
# browser client's tests (clients/js) and the whole solution's test suite, and closes with one line of counts.
# Under CI (CI=true) tests that need a missing component fail instead of skipping.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "Node.js and npm are required (dynalite, the DynamoDB-compatible test server, runs on Node)." >&2
  exit 1
fi

# Test-only npm packages (package.json at the repository root): dynalite, and osls for the deployment tests.
if [ "${CI:-}" = "true" ] || [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi

# The browser client's build tools (TypeScript, esbuild); never a runtime dependency of the client.
if [ "${CI:-}" = "true" ] || [ ! -d clients/js/node_modules ] || [ clients/js/package-lock.json -nt clients/js/node_modules/.package-lock.json ]; then
  (cd clients/js && npm ci --no-audit --no-fund --loglevel=error)
fi

# Debian packages the tests drive: the AWS CLI (an AWS client we did not write, for the management API);
# a C toolchain and zip for scripts/package.sh (the Native AOT publish links with clang or gcc); Chromium for
# the browser end-to-end tests (Playwright drives it; it never downloads a browser of its own).
apt_packages=()
[ -x /usr/bin/aws ] || apt_packages+=(awscli)
[ -x /usr/bin/chromium ] || apt_packages+=(chromium)
command -v clang >/dev/null || command -v gcc >/dev/null || apt_packages+=(clang)
command -v zip >/dev/null || apt_packages+=(zip)
if [ ${#apt_packages[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "Installing ${apt_packages[*]} (apt)..."
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${apt_packages[@]}" >/dev/null
  else
    echo "*** Missing Debian packages: ${apt_packages[*]}; the tests that need them will skip (or fail under CI). ***" >&2
  fi
fi

# The AWS SDK must never look for real credentials or probe instance metadata in tests.
export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-test}"
export AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-test}"
export AWS_REGION="${AWS_REGION:-us-east-1}"
export AWS_EC2_METADATA_DISABLED=true
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1

log=$(mktemp)
js_log=$(mktemp)
trap 'rm -f "$log" "$js_log"' EXIT
status=0

# The browser client: build (the gateway embeds its bundle) and its unit tests (node's test runner, TAP output).
(cd clients/js && npm test --silent) 2>&1 | tee "$js_log" || status=$?

dotnet test Notifier.sln --blame-hang-timeout 10m 2>&1 | tee "$log" || status=$?

# One closing line for the whole run, summed over the test assemblies and the client's tests.
# node's test runner closes with "# pass N" (TAP, when piped) or "ℹ pass N" (spec, on a terminal).
awk -v js_log="$js_log" '
  FILENAME == js_log {
    if ($1 == "#" || $1 == "ℹ") {
      if ($2 == "pass") passed += $3
      if ($2 == "fail" || $2 == "cancelled") failed += $3
      if ($2 == "skipped" || $2 == "todo") skipped += $3
      if ($2 == "tests") js_runs++
    }
    next
  }
  /^(Passed|Failed)! +- +Failed: / {
    gsub(/,/, "")
    for (i = 1; i <= NF; i++) {
      if ($i == "Failed:") failed += $(i + 1)
      if ($i == "Passed:") passed += $(i + 1)
      if ($i == "Skipped:") skipped += $(i + 1)
    }
    assemblies++
  }
  END {
    if (assemblies == 0) { print "no test assembly reported results"; exit 1 }
    if (js_runs == 0) { print "the browser client tests reported no results"; exit 1 }
    printf "%d passed, %d failed, %d skipped\n", passed, failed, skipped
  }' "$js_log" "$log" || status=1
exit "$status"

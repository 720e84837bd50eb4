#!/usr/bin/env bash
# Runs every test: installs what the tests need (npm packages such as dynalite), then the whole
# solution's test suite. Under CI (CI=true) tests that need a missing component fail instead of skipping.
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

# Debian packages the tests drive: the AWS CLI (an AWS client we did not write, for the management API);
# a C toolchain and zip for scripts/package.sh (the Native AOT publish links with clang or gcc).
apt_packages=()
[ -x /usr/bin/aws ] || apt_packages+=(awscli)
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
trap 'rm -f "$log"' EXIT
status=0
dotnet test Notifier.sln --blame-hang-timeout 10m 2>&1 | tee "$log" || status=$?

# One closing line for the whole run, summed over the test assemblies.
awk '
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
    printf "%d passed, %d failed, %d skipped\n", passed, failed, skipped
  }' "$log" || status=1
exit "$status"

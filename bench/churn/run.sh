#!/usr/bin/env bash
# The churn test at a larger scale: WAVES waves (default 100) of WAVE_SIZE connections (default 1,000) opened
# against an in-process local gateway and dropped without a close handshake; afterwards no record, socket,
# running handler or heap growth may remain. The test command runs the same test with 10 waves.
# Usage: WAVES=100 WAVE_SIZE=1000 bash bench/churn/run.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ulimit -n "$(ulimit -Hn)"

echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); nproc: $(nproc); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
NOTIFIER_CHURN_WAVES="${WAVES:-100}" NOTIFIER_CHURN_WAVE_SIZE="${WAVE_SIZE:-1000}" \
  dotnet test "$root/tests/Notifier.Local.Tests" -c Release --filter "FullyQualifiedName~ChurnTests" \
  --logger "console;verbosity=detailed" | grep -E "connections in|Passed!|Failed!|Error Message|heap grew|descriptors grew|took"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

#!/usr/bin/env bash
# Fan-out of one notification to N connections (default 1,000 and 10,000), ROUNDS timed rounds each
# (default 5) after 3 untimed warm-up rounds: (a) NotificationSender vs the sequential loop against a stub
# @connections endpoint on 127.0.0.1, unsigned, then SigV4-signed beside the original design's loop
# (Python, boto3's post_to_connection one at a time; Debian's python3-boto3, installed here when missing);
# (b) end to end to N real WebSocket clients of a local gateway process, by user and by a topic all N
# subscribed to. Prints a Markdown table.
# Usage: bash bench/fanout/run.sh [extra Notifier.FanOut arguments]
# e.g. CONNECTIONS=1000 ROUNDS=3 bash bench/fanout/run.sh --extra-concurrency 256
# The topic figure alone: CONNECTIONS=10000 bash bench/fanout/run.sh --no-loopback
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
connections="${CONNECTIONS:-1000,10000}"
rounds="${ROUNDS:-5}"

# Each client socket and each gateway socket is a file descriptor; the gateway runs in its own process
# (started by the bench, inheriting this limit), so each process needs about N plus a few hundred.
ulimit -n "$(ulimit -Hn)"

python="${NOTIFIER_BENCH_PYTHON:-/usr/bin/python3}"
if [[ " $* " != *" --no-loopback "* && " $* " != *" --no-signed "* ]] && ! "$python" -c 'import boto3' 2>/dev/null; then
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-boto3 >/dev/null
  else
    echo "error: the boto3 loop needs boto3 for $python: install Debian's python3-boto3 (as root), set NOTIFIER_BENCH_PYTHON, or pass --no-signed" >&2
    exit 1
  fi
fi

dotnet build "$root/src/Notifier.Local" -c Release -nologo -v quiet
dotnet build "$root/bench/Notifier.FanOut" -c Release -nologo -v quiet

echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); nproc: $(nproc); load average: $(cut -d' ' -f1-3 /proc/loadavg); ulimit -n: $(ulimit -n)"
dotnet "$root/bench/Notifier.FanOut/bin/Release/net10.0/Notifier.FanOut.dll" \
  --connections "$connections" --rounds "$rounds" \
  --gateway "$root/src/Notifier.Local/bin/Release/net10.0/Notifier.Local.dll" "$@"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

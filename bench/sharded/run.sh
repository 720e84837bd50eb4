#!/usr/bin/env bash
# Sharded fan-out: one broadcast to CONNECTIONS (default 100,000) through the publish function as Lambda builds it,
# split into shards of SHARD_SIZE (2,000) on an SQS-compatible queue and run by WORKERS (4) workers under a post
# budget of BUDGET (5,000) posts per second; DynamoDB is dynalite, the management API a stub answering after
# LATENCY_MS (30) ms. ROUNDS (3) plain rounds, then one with a worker killed mid-shard. Prints a Markdown table:
# losses and repeats counted at the stub, the summed report, throughput against the budget, CPU per post (the
# whole process: the workers, the stub and the queue).
# Usage: bash bench/sharded/run.sh     e.g. CONNECTIONS=20000 WORKERS=8 bash bench/sharded/run.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
[[ -f "$root/node_modules/dynalite/cli.js" ]] || (cd "$root" && npm ci --no-audit --no-fund)
ulimit -n "$(ulimit -Hn)"
dotnet build "$root/bench/Notifier.ShardedFanOut" -c Release -nologo -v quiet

echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); nproc: $(nproc); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "connections: ${CONNECTIONS:-100000}; shard size: ${SHARD_SIZE:-2000}; workers: ${WORKERS:-4}; budget: ${BUDGET:-5000} posts/s; stub latency: ${LATENCY_MS:-30} ms"
dotnet "$root/bench/Notifier.ShardedFanOut/bin/Release/net10.0/Notifier.ShardedFanOut.dll"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

#!/usr/bin/env bash
# Message history costs. (a) The same NotificationSender with a DynamoDB message history and without one, sending to a
# user with CONNECTIONS (default 1,000) notifier.v1 connections and to a topic of as many subscribers: DynamoDB writes
# per send (counted on the wire) and time per send, ROUNDS (5) rounds of SENDS (20) sends per case after a warm-up, the
# two cases of a target back to back in alternating order, and the history's append timed alone. (b) The time to resume
# MESSAGES (1,000) missed messages from seq 0, RESUME_ROUNDS (5) rounds: StreamResumer over the DynamoDB history and
# over the in-memory one, and the local gateway (Notifier.Local serve) over a real socket. DynamoDB is dynalite; posts
# go SigV4-signed to a stub on 127.0.0.1 that answers after LATENCY_MS (0: at once; on AWS each post is a network round
# trip) and counts them. Prints Markdown tables; progress goes to stderr.
# Usage: bash bench/history/run.sh     e.g. CONNECTIONS=10000 SENDS=5 bash bench/history/run.sh   or LATENCY_MS=2 bash bench/history/run.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
[[ -f "$root/node_modules/dynalite/cli.js" ]] || (cd "$root" && npm ci --no-audit --no-fund)
export AWS_EC2_METADATA_DISABLED=true
dotnet build "$root/bench/Notifier.History" -c Release -nologo -v quiet >&2
dotnet build "$root/src/Notifier.Local" -c Release -nologo -v quiet >&2

echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); commit: $(git -C "$root" rev-parse --short HEAD); nproc: $(nproc); load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "connections: ${CONNECTIONS:-1000}; rounds: ${ROUNDS:-5} x ${SENDS:-20} sends per case; resume: ${MESSAGES:-1000} messages, ${RESUME_ROUNDS:-5} rounds; stub latency: ${LATENCY_MS:-0} ms"
echo
GATEWAY_DLL="$root/src/Notifier.Local/bin/Release/net10.0/Notifier.Local.dll" \
  dotnet "$root/bench/Notifier.History/bin/Release/net10.0/Notifier.History.dll"
echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

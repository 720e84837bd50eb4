#!/usr/bin/env bash
# Local gateway against its peers, with the same client (bench/load/load.mjs), one server at a time.
# Each round starts every server fresh (so each idle-memory figure is a fresh process), runs one client
# round against it and stops it; rounds interleave the servers so the machine's noise falls on all of them.
#   echo    bench/EchoServer (bare Kestrel WebSocket echo: the floor)
#   notifier src/Notifier.Local serve (Release, in-memory store)
#   slso    serverless-offline --useInProcess (bench/serverless-offline)
# Usage: bash bench/gateway/run.sh [echo notifier slso]   (default: all three)
# Knobs: ROUNDS (3, each with a fresh server) SEQ (500) CONC_TOTAL (2000) CONC (50) ECHO_CONNS (10) ECHO_TRIPS (500) IDLE (10000)
# Everything listens on 127.0.0.1; every server started here is stopped here.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
servers=("${@:-echo notifier slso}")
read -r -a servers <<<"${servers[*]}"
out="$(mktemp -d)"
server_pid=""
stop_server() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}
trap 'stop_server; rm -rf "$out"' EXIT

ulimit -n "$(ulimit -Hn)"
if (( $(ulimit -n) < ${IDLE:-10000} + 1000 )); then
  echo "warning: ulimit -n is $(ulimit -n); IDLE=${IDLE:-10000} connections may not fit" >&2
fi

secret="bench-secret-0123456789abcdef0123456789"
port=18110
export NOTIFIER_JWT_SECRET="$secret"
# serverless-offline and the framework must stay offline: no telemetry, no real HOME, fake credentials.
export SLS_TELEMETRY_DISABLED=1 SLS_NOTIFICATIONS_MODE=off AWS_ACCESS_KEY_ID=AKIABENCHFAKE AWS_SECRET_ACCESS_KEY=bench-fake \
  AWS_EC2_METADATA_DISABLED=true AWS_REGION=us-east-1

echo "== build" >&2
dotnet build "$root/src/Notifier.Local" -c Release -nologo -v quiet >&2
dotnet build "$root/bench/EchoServer" -c Release -nologo -v quiet >&2
[[ -d "$root/bench/load/node_modules" ]] || (cd "$root/bench/load" && npm ci --no-audit --no-fund >&2)
if [[ " ${servers[*]} " == *" slso "* && ! -d "$root/bench/serverless-offline/node_modules" ]]; then
  (cd "$root/bench/serverless-offline" && HOME="$out/home" npm ci --no-audit --no-fund >&2)
fi
local_dll="$root/src/Notifier.Local/bin/Release/net10.0/Notifier.Local.dll"
echo_dll="$root/bench/EchoServer/bin/Release/net10.0/EchoServer.dll"
token="$(dotnet "$local_dll" token --user bench-user --ttl 2h)"

# start_server NAME: starts it in the background on $port, sets server_pid, waits for its ready line.
start_server() {
  local log="$out/$1.log" ready
  case "$1" in
    echo)
      dotnet "$echo_dll" "$port" >"$log" 2>&1 &
      ready="Echo server listening" ;;
    notifier)
      # One user holds every bench connection: switch the per-user connection cap off.
      NOTIFIER_MAX_CONNECTIONS_PER_USER=0 dotnet "$local_dll" serve --port "$port" --jwt-secret "$secret" >"$log" 2>&1 &
      ready="local gateway is running" ;;
    slso)
      mkdir -p "$out/home"
      (cd "$root/bench/serverless-offline" && HOME="$out/home" exec node node_modules/serverless/bin/serverless.js offline start \
        --useInProcess --host 127.0.0.1 --websocketPort "$port" --httpPort $((port + 1)) --lambdaPort $((port + 2))) >"$log" 2>&1 &
      ready="Offline \[websocket\] listening" ;;
    *) echo "unknown server $1" >&2; exit 2 ;;
  esac
  server_pid=$!
  for _ in $(seq 1 1200); do
    grep -q "$ready" "$log" && return 0
    kill -0 "$server_pid" 2>/dev/null || { cat "$log" >&2; echo "$1 exited before it was ready" >&2; exit 1; }
    sleep 0.1
  done
  cat "$log" >&2; echo "$1 not ready after 120 s" >&2; exit 1
}

date -u +"date: %Y-%m-%d %H:%M UTC"
echo "machine: nproc $(nproc), $(dotnet --version | sed 's/^/.NET SDK /'), node $(node --version), ulimit -n $(ulimit -n)"
for round in $(seq 1 "${ROUNDS:-3}"); do
  for name in "${servers[@]}"; do
    echo "== round $round: $name (load average $(cut -d' ' -f1-3 /proc/loadavg))" >&2
    start_server "$name"
    echo "round $round, $name: load average at start $(cut -d' ' -f1-3 /proc/loadavg)"
    timeout 900 node "$root/bench/load/load.mjs" --url "ws://127.0.0.1:$port/local" --token "$token" --pid "$server_pid" \
      --label "$name" --rounds 1 --seq "${SEQ:-500}" --conc-total "${CONC_TOTAL:-2000}" --conc "${CONC:-50}" \
      --echo-conns "${ECHO_CONNS:-10}" --echo-trips "${ECHO_TRIPS:-500}" --idle "${IDLE:-10000}" >>"$out/$name.jsonl"
    stop_server
    port=$((port + 10))
  done
done

echo
node - "$out" "${servers[@]}" <<'EOF'
const fs = require('node:fs');
const [dir, ...names] = process.argv.slice(2);
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const rows = names.map((name) => {
  const rounds = fs.readFileSync(`${dir}/${name}.jsonl`, 'utf8').trim().split('\n').map((line) => JSON.parse(line));
  const row = { label: name, rounds: rounds.length, failures: rounds.reduce((sum, r) => sum + r.failures, 0) };
  for (const key of ['seq', 'conc', 'p50', 'p99', 'before', 'held', 'open', 'cpuConnectUs', 'cpuMessageUs']) row[key] = median(rounds.map((r) => r[key]));
  return row;
});
const echo = rows.find((r) => r.label === 'echo');
const f = (value, digits = 0) => value.toFixed(digits);
console.log('| server | connects/s sequential | connects/s at 50 concurrent | vs echo | echo p50 ms | vs echo | echo p99 ms | RSS before MiB | RSS with idle conns MiB | idle conns open | server CPU µs / connect | server CPU µs / round trip | failed connects |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const r of rows) {
  const ratio = (a, b) => (echo ? `${f(a / b, 2)}x` : '');
  console.log(`| ${r.label} | ${f(r.seq)} | ${f(r.conc)} | ${ratio(r.conc, echo?.conc)} | ${f(r.p50, 3)} | ${ratio(r.p50, echo?.p50)} | ${f(r.p99, 3)} | ${f(r.before, 1)} | ${f(r.held, 1)} | ${r.open} | ${f(r.cpuConnectUs)} | ${f(r.cpuMessageUs)} | ${r.failures} |`);
}
console.log(`(medians of ${rows[0]?.rounds} rounds, a fresh server each round)`);
for (const name of names) console.log(`${name} rounds: ${fs.readFileSync(`${dir}/${name}.jsonl`, 'utf8').trim().split('\n').join(' ')}`);
EOF

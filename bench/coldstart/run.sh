#!/usr/bin/env bash
# Cold start of the authorizer bootstrap, Native AOT vs JIT: process start -> first /response POST
# at a fake Runtime API on 127.0.0.1, RUNS times each (default 20). Usage: bash bench/coldstart/run.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
runs="${RUNS:-20}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

dotnet publish "$root/src/Notifier.Functions" -c Release -r linux-x64 -p:PublishAot=true -o "$out/aot" -nologo -v quiet
dotnet publish "$root/src/Notifier.Functions" -c Release -r linux-x64 -p:PublishAot=false -p:PublishReadyToRun=false \
  --self-contained false -o "$out/jit" -nologo -v quiet
dotnet build "$root/bench/Notifier.ColdStart" -c Release -nologo -v quiet

echo "AOT binary: $(du -h "$out/aot/Notifier.Functions" | cut -f1); JIT: framework-dependent, ReadyToRun off"
dotnet "$root/bench/Notifier.ColdStart/bin/Release/net10.0/Notifier.ColdStart.dll" "$runs" \
  AOT "$out/aot/Notifier.Functions" \
  JIT "$out/jit/Notifier.Functions"

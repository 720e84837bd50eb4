#!/usr/bin/env bash
# Builds the Lambda artifact serverless.yml deploys: src/Notifier.Functions published with Native AOT
# for linux-x64 (Release), the binary renamed to `bootstrap` (what provided.al2023 runs), zipped at
# artifacts/notifier-functions.zip. One zip serves every function; each picks its code with _HANDLER.
#
#   bash scripts/package.sh                      # writes artifacts/notifier-functions.zip
#   NOTIFIER_ARTIFACT=/tmp/x.zip bash scripts/package.sh
#   NOTIFIER_MAX_GLIBC=2.30 bash scripts/package.sh  # a stricter glibc limit than AL2023's 2.34
#
# Needs the .NET SDK, a C toolchain for the native link (clang or gcc, with zlib bundled by .NET; it
# brings binutils, which the glibc check uses) and zip or python3 for the archive. The binary links
# against the build machine's glibc, so the script fails, before zipping, when the binary needs a newer
# glibc than Amazon Linux 2023 has (scripts/check-glibc.sh). arm64 (Graviton) is documented in
# docs/deploy.md.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

runtime_id=linux-x64
artifact="${NOTIFIER_ARTIFACT:-$root/artifacts/notifier-functions.zip}"
# A build tree of its own (bin, obj, restore state): the RID-specific Release restore never touches
# the obj/ folders that `dotnet build` and `dotnet test` use, so the two can run side by side.
build_dir="$root/artifacts/build"
publish_dir="$root/artifacts/publish/$runtime_id"

if ! command -v clang >/dev/null && ! command -v gcc >/dev/null; then
  echo "Native AOT needs a C toolchain to link (apt-get install clang, or gcc)." >&2
  exit 1
fi

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# No zip from an earlier build survives a failed one: a deploy after a failure must not ship stale code.
rm -rf "$publish_dir"
rm -f "$artifact"
dotnet publish src/Notifier.Functions/Notifier.Functions.csproj \
  -c Release -r "$runtime_id" -p:PublishAot=true --artifacts-path "$build_dir" -o "$publish_dir" -nologo -v quiet

binary="$publish_dir/Notifier.Functions"
if [ ! -x "$binary" ]; then
  echo "The publish did not produce $binary." >&2
  exit 1
fi
bash "$root/scripts/check-glibc.sh" "$binary"

# The zip holds exactly one file, `bootstrap` at its root, executable (Lambda keeps the zip's mode bits).
stage_dir="$(mktemp -d)"
trap 'rm -rf "$stage_dir"' EXIT
cp "$binary" "$stage_dir/bootstrap"
chmod 755 "$stage_dir/bootstrap"
mkdir -p "$(dirname "$artifact")"
if command -v zip >/dev/null; then
  (cd "$stage_dir" && zip -q -X "$artifact" bootstrap)
else
  # python3's zipfile keeps the Unix mode bits, which Lambda needs to execute bootstrap.
  (cd "$stage_dir" && python3 -m zipfile -c "$artifact" bootstrap)
fi

echo "$artifact ($(du -h "$artifact" | cut -f1)): bootstrap for $runtime_id"

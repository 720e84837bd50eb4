#!/usr/bin/env bash
# Fails when a Linux binary needs a newer glibc than the Lambda runtime has, so that a build on a newer
# distribution stops here instead of deploying a bootstrap that cannot start ("GLIBC_2.38 not found").
#
#   bash scripts/check-glibc.sh artifacts/publish/linux-x64/Notifier.Functions          # limit 2.34
#   NOTIFIER_MAX_GLIBC=2.30 bash scripts/check-glibc.sh BINARY                           # another limit
#   bash scripts/check-glibc.sh BINARY 2.30                                              # the same
#
# The limit is Amazon Linux 2023's glibc (provided.al2023). The requirement is the highest GLIBC_x.y
# version among the binary's dynamic symbol references, read with objdump (binutils) or readelf.
set -euo pipefail

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  echo "usage: $0 BINARY [MAX_GLIBC]" >&2
  exit 2
fi
binary="$1"
limit="${2:-${NOTIFIER_MAX_GLIBC:-2.34}}"

if [ ! -f "$binary" ]; then
  echo "check-glibc: $binary does not exist." >&2
  exit 2
fi
if ! [[ "$limit" =~ ^[0-9]+\.[0-9]+$ ]]; then
  echo "check-glibc: the limit must look like 2.34, not '$limit'." >&2
  exit 2
fi

if command -v objdump >/dev/null; then
  symbols="$(objdump -T "$binary")"
elif command -v readelf >/dev/null; then
  symbols="$(readelf -V --dyn-syms -W "$binary")"
else
  echo "check-glibc: needs objdump or readelf (binutils; apt-get install binutils)." >&2
  exit 2
fi

required="$(grep -o 'GLIBC_[0-9][0-9.]*' <<<"$symbols" | sed 's/^GLIBC_//; s/\.$//' | sort -Vu | tail -n 1 || true)"
if [ -z "$required" ]; then
  echo "check-glibc: $binary references no versioned glibc symbol; nothing to check." >&2
  exit 0
fi

# The requirement is within the limit when sorting the two puts the limit last (or they are equal).
if [ "$(printf '%s\n%s\n' "$required" "$limit" | sort -V | tail -n 1)" != "$limit" ]; then
  cat >&2 <<MESSAGE
check-glibc: $binary needs glibc $required (GLIBC_$required symbols), but the limit is $limit.
Lambda's provided.al2023 runtime has glibc 2.34, so this bootstrap would fail to start there
("version 'GLIBC_$required' not found"). Build on a system whose glibc is at most 2.34, e.g. in an
amazonlinux:2023 container with the .NET SDK: see "Building for Amazon Linux 2023" in docs/deploy.md.
MESSAGE
  exit 1
fi

echo "$binary needs glibc $required (limit $limit)."

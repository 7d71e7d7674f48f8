#!/usr/bin/env bash
# Installs the toolchains and libraries the non-JavaScript conformance adapters need
# (Go: aliyungo, Ruby: fog-aliyun, Python: libcloud and lexicon), from Debian's apt.
#
# Idempotent and non-interactive: when every package is already installed it does
# nothing (no apt-get update). Runs as root, or through sudo when it is available.
# Safe in CI (CI=true, no stdin).
set -euo pipefail

PACKAGES=(
  golang-go
  golang-github-denverdino-aliyungo-dev
  ruby
  ruby-fog-aliyun
  python3
  python3-libcloud
  python3-lexicon
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f '${db:Status-Abbrev}' "$pkg" 2>/dev/null || true)
  if [[ "$status" != ii* ]]; then
    missing+=("$pkg")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install.sh: all conformance packages already installed" >&2
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install.sh: apt-get not found; install these packages by hand: ${missing[*]}" >&2
  exit 1
fi

SUDO=()
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo -n)
  else
    echo "install.sh: must run as root (or with sudo) to install: ${missing[*]}" >&2
    exit 1
  fi
fi

echo "install.sh: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q </dev/null
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
  -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
  "${missing[@]}" </dev/null
echo "install.sh: done" >&2

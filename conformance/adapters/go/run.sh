#!/usr/bin/env bash
# Builds (once, cached outside the repository) and runs the aliyungo conformance adapter.
# aliyungo comes from Debian's golang-github-denverdino-aliyungo-dev under /usr/share/gocode;
# there is no module proxy, so the build is in GOPATH mode with a private GOPATH holding the
# adapter in front of the system one. Build output goes to stderr.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
pkg=golang-github-denverdino-aliyungo-dev
version=$(dpkg-query -W -f '${Version}' "$pkg" 2>/dev/null || true)
if [[ -z "$version" ]] || ! command -v go >/dev/null 2>&1; then
  echo "aliyungo adapter: needs golang-go and $pkg (bash conformance/install.sh)" >&2
  exit 1
fi
key=$( { cat "$here/main.go" "$here/empty.s"; echo "$version"; go version; } | sha256sum | cut -c1-16)
cache="${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/acs-rpc-conformance/aliyungo-$key"
bin="$cache/aliyungo-adapter"
if [[ ! -x "$bin" ]]; then
  mkdir -p "$cache"
  work=$(mktemp -d "$cache/build.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  src="$work/gopath/src/acs-rpc-conformance/aliyungo-adapter"
  mkdir -p "$src"
  cp "$here/main.go" "$here/empty.s" "$src/"
  (cd "$src" && GO111MODULE=off GOPROXY=off GOFLAGS= GOPATH="$work/gopath:/usr/share/gocode" \
     GOCACHE="$cache/gocache" \
     go build -o "$work/aliyungo-adapter" -ldflags "-X 'main.implVersion=$version'" . ) >&2
  mv "$work/aliyungo-adapter" "$bin"
  rm -rf "$work"; trap - EXIT
fi
exec "$bin" "$@"

#!/usr/bin/env bash
# Installs the tools the Kubernetes checks need into .cache/go-bin (once): kustomize and
# kube-score, built with the machine's Go from the Go module proxy.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BIN="$ROOT/.cache/go-bin"
KUSTOMIZE_VERSION=v5.7.1   # the newest needs a newer Go than 1.26
KUBE_SCORE_VERSION=v1.20.0
GO="$(command -v go 2>/dev/null || echo /usr/local/go/bin/go)"
mkdir -p "$BIN"
install_tool() {
  local name=$1 module=$2 version=$3
  if [ -x "$BIN/$name" ] && [ -f "$BIN/$name.version" ] && [ "$(cat "$BIN/$name.version")" = "$version" ]; then
    return
  fi
  if [ ! -x "$GO" ]; then
    echo "Go is needed to install $name (https://go.dev/dl/)" >&2
    exit 1
  fi
  echo "installing $name $version ..."
  GOBIN="$BIN" "$GO" install "$module@$version"
  echo "$version" > "$BIN/$name.version"
}
install_tool kustomize sigs.k8s.io/kustomize/kustomize/v5 "$KUSTOMIZE_VERSION"
install_tool kube-score github.com/zegl/kube-score/cmd/kube-score "$KUBE_SCORE_VERSION"

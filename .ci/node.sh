#!/usr/bin/env bash
# Prints the bin directory of the Node.js that .node-version pins (the one version CI, the workflows'
# setup-node and the local base image all run), installing it when this machine lacks it:
#   export PATH="$(bash .ci/node.sh):$PATH"
# The machines ship Debian's Node 20 and reach no registry but npm's, which serves the official Linux
# binaries as node-linux-<arch>@<version> (what the `node` package's install script fetches). Taking that
# package with `npm pack` checks it against the registry's sha512 and runs no install script, which npm
# 11 gates; it holds node alone, so the machine's npm keeps serving (npm 11 runs on Node 24).
# NODE_HOME (default /opt/node-<version>) is where it goes; a second run finds it there.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
version=$(tr -d '[:space:]' <"$root/.node-version")
if ! [[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
  echo "node.sh: .node-version must hold one exact version such as 24.22.3; it holds '$version'" >&2
  exit 1
fi

current=$(command -v node || true)
if [ -n "$current" ] && [ "$(node --version)" = "v$version" ]; then
  dirname "$current"
  exit 0
fi
home=${NODE_HOME:-/opt/node-$version}
if [ -x "$home/bin/node" ] && [ "$("$home/bin/node" --version)" = "v$version" ]; then
  echo "$home/bin"
  exit 0
fi

case $(uname -m) in
  x86_64) arch=x64 ;;
  aarch64) arch=arm64 ;;
  *) echo "node.sh: no official Node.js binary for $(uname -m) on the npm registry" >&2; exit 1 ;;
esac
# Never deletes: NODE_HOME may name a directory that holds something else (an empty one is taken).
if [ -e "$home" ] && ! rmdir "$home" 2>/dev/null; then
  echo "node.sh: $home exists and does not hold node v$version; remove it or set NODE_HOME elsewhere" >&2
  exit 1
fi
# Unpacked beside its destination and moved there in one rename: an interrupted install leaves no
# half-written node where the next run would take it.
if ! mkdir -p "$(dirname "$home")" 2>/dev/null || ! [ -w "$(dirname "$home")" ]; then
  echo "node.sh: cannot write $(dirname "$home"); set NODE_HOME to a directory you own" >&2
  exit 1
fi
work=$(mktemp -d "$home.partial.XXXXXX")
trap 'rm -rf "$work"' EXIT
echo "node.sh: installing node-linux-$arch@$version into $home" >&2
npm pack --silent --pack-destination "$work" "node-linux-$arch@$version" >/dev/null
mkdir "$work/node"
tar -xzf "$work/node-linux-$arch-$version.tgz" -C "$work/node" --strip-components=1 --no-same-owner
installed=$("$work/node/bin/node" --version)
if [ "$installed" != "v$version" ]; then
  echo "node.sh: node-linux-$arch@$version holds node $installed" >&2
  exit 1
fi
mv -T "$work/node" "$home"
echo "$home/bin"

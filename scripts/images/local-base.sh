#!/usr/bin/env bash
# Builds a Node.js base image from the Node .node-version pins (24 LTS, the one .ci/run runs) and pushes
# it to a registry, for when the public bases (gcr.io/distroless/nodejs24-debian12) cannot be pulled, as
# on these machines: PATH's node when it is that version, else .ci/node.sh's (installed once if absent),
# never the machine's Debian node 20, so the rehearsal runs the Node production runs.
# Shaped like distroless so one Dockerfile and the bundle builder treat both alike: node at
# /nodejs/bin/node as the entrypoint, the libraries `ldd` lists for it, passwd/group entries for
# root and nonroot (65532), a sticky /tmp, the CA certificates; no shell, no package manager.
# Reproducible on one machine: sorted entries with fixed owners and times (SOURCE_DATE_EPOCH, default 0).
#
# With --build it makes the Dockerfile's build stage instead (what node:24-bookworm-slim gives on
# GitHub): the same plus /bin/sh, npm, node on PATH, and the rest of glibc's libraries that the slim image
# has and native packages link (Vite's rolldown and lightningcss: librt, libdl, libpthread) (default
# repository base/node-build).
#
# Usage: scripts/images/local-base.sh [--build] <registry-host:port> [repository]   (default base/node)
# Prints sizes on stderr and the pushed reference, pinned by digest, as its last line on stdout:
#   127.0.0.1:5000/base/node@sha256:...
set -euo pipefail

build=false
if [ "${1:-}" = --build ]; then
  build=true
  shift
fi
if [ "$#" -lt 1 ] || [ "$#" -gt 2 ] || [[ "$1" == -* ]]; then
  echo "usage: $0 [--build] <registry-host:port> [repository]" >&2
  exit 2
fi
registry=$1
if $build; then repository=${2:-base/node-build}; else repository=${2:-base/node}; fi
epoch=${SOURCE_DATE_EPOCH:-0}
for tool in umoci skopeo ldd; do
  command -v "$tool" >/dev/null || { echo "local-base: '$tool' is not installed (apt-get install umoci skopeo)" >&2; exit 1; }
done

root=$(cd "$(dirname "$0")/../.." && pwd)
node=$(readlink -f "$(bash "$root/.ci/node.sh")/node")
version=$("$node" --version)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rootfs=$work/rootfs

# The runtime: node and every shared library it links (real files under the names the loader asks for).
install -D -m 0755 "$node" "$rootfs/nodejs/bin/node"
binaries=("$node")
libraries=()
if $build; then
  # A shell for RUN, node and npm on PATH (npm through a wrapper: its script's #!/usr/bin/env needs coreutils).
  sh=$(readlink -f /bin/sh)
  npm_dir=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")
  install -D -m 0755 "$sh" "$rootfs/bin/sh"
  binaries+=("$sh")
  install -d -m 0755 "$rootfs/usr/local/bin" "$rootfs/usr/local/lib/node_modules"
  ln -s /nodejs/bin/node "$rootfs/usr/local/bin/node"
  cp -a "$npm_dir" "$rootfs/usr/local/lib/node_modules/npm"
  printf '%s\n' '#!/bin/sh' 'exec /nodejs/bin/node /usr/local/lib/node_modules/npm/bin/npm-cli.js "$@"' >"$rootfs/usr/local/bin/npm"
  chmod 0755 "$rootfs/usr/local/bin/npm"
  libc_dir=$(dirname "$(ldd "$node" | awk '$1 ~ /^libc\.so/ { print $3 }')")
  for name in librt.so.1 libdl.so.2 libpthread.so.0 libresolv.so.2 libutil.so.1; do
    if [ -e "$libc_dir/$name" ]; then libraries+=("$libc_dir/$name"); fi
  done
fi
{
  ldd "${binaries[@]}" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// && $1 !~ /:$/ { print $1 }'
  if [ "${#libraries[@]}" -gt 0 ]; then printf '%s\n' "${libraries[@]}"; fi
} | sort -u | while read -r lib; do install -D -m 0755 "$(readlink -f "$lib")" "$rootfs$lib"; done

# Users as distroless names them; nonroot's home is its own.
install -d -m 0755 "$rootfs/etc" "$rootfs/etc/ssl/certs" "$rootfs/home"
printf '%s\n' 'root:x:0:0:root:/root:/sbin/nologin' 'nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin' \
  'nonroot:x:65532:65532:nonroot:/home/nonroot:/sbin/nologin' >"$rootfs/etc/passwd"
printf '%s\n' 'root:x:0:' 'nobody:x:65534:' 'nonroot:x:65532:' >"$rootfs/etc/group"
chmod 0644 "$rootfs/etc/passwd" "$rootfs/etc/group"
install -d -m 0700 -o 65532 -g 65532 "$rootfs/home/nonroot"
install -d -m 0700 "$rootfs/root"
install -d -m 1777 "$rootfs/tmp"
install -m 0644 /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
find "$rootfs" -exec touch -h -d "@$epoch" {} +

# distroless runs node as its entrypoint; the build image runs what RUN says.
entrypoint=(--config.entrypoint /nodejs/bin/node)
if $build; then entrypoint=(); fi
created=$(date -u -d "@$epoch" +%Y-%m-%dT%H:%M:%SZ)
umoci init --layout "$work/oci" >/dev/null
umoci new --image "$work/oci:base" >/dev/null
umoci insert --image "$work/oci:base" --history.created "$created" \
  --history.created_by "scripts/images/local-base.sh (node $version)" "$rootfs" / >/dev/null
umoci config --image "$work/oci:base" --created "$created" --history.created "$created" \
  --history.created_by 'scripts/images/local-base.sh: config' \
  --os linux --architecture "$(dpkg --print-architecture)" \
  "${entrypoint[@]}" \
  --config.env PATH=/usr/local/bin:/usr/bin:/bin --config.env SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt \
  --config.label "org.opencontainers.image.title=node" --config.label "org.opencontainers.image.version=$version" >/dev/null
umoci gc --layout "$work/oci" >/dev/null

skopeo copy --quiet --dest-tls-verify=false --digestfile "$work/digest" \
  "oci:$work/oci:base" "docker://$registry/$repository:${version#v}" >&2

uncompressed=$(du -sb "$rootfs" | cut -f1)
compressed=$(find "$work/oci/blobs" -type f -size +1M -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')
echo "local-base: node $version, $((uncompressed / 1000000)) MB uncompressed, $((compressed / 1000000)) MB compressed layer" >&2
echo "$registry/$repository@$(cat "$work/digest")"

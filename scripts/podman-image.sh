#!/usr/bin/env bash
# Builds and runs the Linli image with podman, from a Debian base made here with debootstrap (no
# container registry needed: only the Debian mirror and Maven Central). Opt-in, not part of CI:
#   scripts/podman-image.sh            # base (once), image, then a run against LINLI_DB_URL if set
#   LINLI_IMAGE_MAVEN_REPO=~/.m2/repository scripts/podman-image.sh   # build offline from that repository
# Needs root (debootstrap, podman's storage) and the Debian packages podman, debootstrap, uidmap.
# What it showed on the project's machine is in docs/OPERATIONS.md ("Building the image").
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${LINLI_IMAGE_WORK:-/var/tmp/linli-image}"
SUITE="${LINLI_IMAGE_SUITE:-bookworm}"
MIRROR="${LINLI_IMAGE_MIRROR:-http://deb.debian.org/debian}"
BASE="localhost/linli-base:$SUITE"
IMAGE="localhost/linli:dev"
say() { printf 'podman-image: %s\n' "$*" >&2; }

[ "$(id -u)" -eq 0 ] || { say "run as root (debootstrap needs it)"; exit 1; }
for tool in podman debootstrap; do
  command -v "$tool" >/dev/null 2>&1 || { say "missing $tool: apt-get install podman debootstrap uidmap"; exit 1; }
done
mkdir -p "$WORK"

# 1. The base: a minimal Debian with Java 17 (JDK: the same base builds and runs), Maven and bash.
if ! podman image exists "$BASE"; then
  say "debootstrap $SUITE into $WORK/rootfs (a few minutes)..."
  rm -rf "$WORK/rootfs"
  started=$(date +%s)
  debootstrap --variant=minbase --include=openjdk-17-jdk-headless,maven,ca-certificates \
    "$SUITE" "$WORK/rootfs" "$MIRROR" > "$WORK/debootstrap.log" 2>&1 \
    || { tail -20 "$WORK/debootstrap.log" >&2; exit 1; }
  rm -rf "$WORK/rootfs/var/cache/apt/archives/"*.deb "$WORK/rootfs/var/lib/apt/lists/"*
  tar -C "$WORK/rootfs" -c . | podman import --change 'CMD ["bash"]' - "$BASE" >/dev/null
  rm -rf "$WORK/rootfs" # the image holds it now
  say "base $BASE made in $(( $(date +%s) - started )) s: $(podman image inspect --format '{{.Size}}' "$BASE") bytes"
fi

# Can this host run OCI containers at all? Some sandboxes cannot (hybrid cgroups, setrlimit refused):
# then RUN steps use chroot isolation, and the run below uses the image's filesystem through chroot.
isolation=oci
if ! run_err="$(podman run --rm --network host "$BASE" true 2>&1)"; then
  say "podman cannot start a container here: $run_err"
  say "building with --isolation chroot instead"
  isolation=chroot
fi

# 2. The image, from the repository root with its .dockerignore. --format docker keeps the HEALTHCHECK.
say "building $IMAGE..."
started=$(date +%s)
# LINLI_IMAGE_MAVEN_REPO: a filled Maven repository (e.g. ~/.m2/repository after a build on this host)
# for a build without the network, mounted as an overlay so the build's writes stay out of it.
maven=()
if [ -n "${LINLI_IMAGE_MAVEN_REPO:-}" ]; then
  maven=(--volume "$LINLI_IMAGE_MAVEN_REPO:/root/.m2/repository:O" --build-arg MVN_FLAGS=-o)
fi
podman build --isolation "$isolation" "${maven[@]}" --format docker --network host -f "$HERE/docker/Dockerfile" \
  --build-arg BUILD_BASE="$BASE" --build-arg RUNTIME_BASE="$BASE" -t "$IMAGE" "$HERE"
say "image built in $(( $(date +%s) - started )) s: $(podman image inspect --format '{{.Size}}' "$IMAGE") bytes"

# 3. What the image holds and who it runs as.
say "user: $(podman image inspect --format '{{.Config.User}}' "$IMAGE")"
say "healthcheck: $(podman image inspect --format '{{json .Config.Healthcheck.Test}}' "$IMAGE")"
say "layers:"; podman history --format '{{.Size}}  {{.CreatedBy}}' "$IMAGE" >&2
# A container's own (writable) copy of the image's filesystem, to look into and, without a runtime, to run.
cid="$(podman create "$IMAGE")"
mnt="$(podman mount "$cid")"
trap 'podman rm -f "$cid" >/dev/null 2>&1 || true' EXIT
say "/app holds: $(ls -A "$mnt/app" | tr '\n' ' ')"
leaks="$(find "$mnt" -xdev \( -name .linli -o -name .git -o -name db-password -o -name target \) -print 2>/dev/null | head)"
[ -z "$leaks" ] && say "no .linli, .git, db-password or target/ in the image" || { say "found in the image: $leaks"; exit 1; }

# 4. A run against LINLI_DB_URL (a PostGIS this host reaches), then the image's own health check.
if [ -z "${LINLI_DB_URL:-}" ]; then
  say "set LINLI_DB_URL (a PostGIS this host reaches) to also run the image"
  exit 0
fi
port="${LINLI_TRY_PORT:-17070}"
secrets="$(mktemp -d)"
printf '%s\n' "${LINLI_TRY_TOKEN:-try-admin-token}" > "$secrets/admin_token"
chmod 0755 "$secrets"; chmod 0644 "$secrets/admin_token"
health="$(podman image inspect --format '{{range $i, $a := .Config.Healthcheck.Test}}{{if gt $i 2}}{{$a}}{{end}}{{end}}' "$IMAGE")"
if [ "$isolation" = oci ]; then
  trap 'podman rm -f linli-try "$cid" >/dev/null 2>&1; rm -rf "$secrets"' EXIT
  podman run -d --name linli-try --network host -v "$secrets:/run/secrets:ro" -e LINLI_DB_URL \
    -e LINLI_PORT="$port" -e LINLI_ADMIN_TOKEN_FILE=/run/secrets/admin_token "$IMAGE" serve >/dev/null
  check() { podman healthcheck run linli-try >/dev/null 2>&1; }
  logs() { podman logs linli-try 2>&1; }
  whoruns() { podman exec linli-try id; }
else
  # No container runtime: the same files, user, command and health check, through chroot.
  say "running the image's entrypoint through chroot as its user (no container runtime here)"
  mkdir -p "$mnt/run/secrets" && cp "$secrets/admin_token" "$mnt/run/secrets/admin_token"
  mount -t proc proc "$mnt/proc"
  mount --bind /dev "$mnt/dev"
  chroot --userspec=10001:10001 "$mnt" env -i PATH=/usr/bin:/bin HOME=/app LINLI_HOME=/app LINLI_DB_URL="$LINLI_DB_URL" \
    LINLI_PORT="$port" LINLI_ADMIN_TOKEN_FILE=/run/secrets/admin_token \
    sh -c 'cd /app && exec java -jar /app/linli.jar serve' > "$WORK/run.log" 2>&1 &
  pid=$!
  trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; umount "$mnt/proc" "$mnt/dev" 2>/dev/null; podman rm -f "$cid" >/dev/null 2>&1; rm -rf "$secrets"' EXIT
  check() { chroot --userspec=10001:10001 "$mnt" env LINLI_PORT="$port" bash -c "$health" >/dev/null 2>&1; }
  logs() { cat "$WORK/run.log"; }
  whoruns() { ps -o uid=,cmd= -p "$pid"; }
fi
started=$(date +%s)
for _ in $(seq 1 90); do
  check && break
  sleep 2
done
if check; then
  say "healthy after $(( $(date +%s) - started )) s: the image's HEALTHCHECK got 200 from /health/ready"
  whoruns >&2 || true
  logs | tail -6 >&2
else
  logs | tail -30 >&2; say "not healthy"; exit 1
fi
exit 0

#!/usr/bin/env bash
# A category's kept network search followed through facility edits at province scale: main's
# DistanceField (whole arrays cloned, every node renumbered; copied into the tests as
# BaselineDistanceField) against the paged one (copy-on-write pages, source slots, removed sources
# found by walking), the same edits to both in one JVM, taking turns. Prints ms and bytes allocated
# per edit (moves, adds, removals) for changed() alone, and checks both against a fresh search.
# DB (default linli_scale_16), CLUSTER (directory with db-password and pgdata/postmaster.pid,
# default .linli), CATEGORY (default fitness_venue), EDITS (default 300), HEAP (default 4g).
set -euo pipefail
cd "$(dirname "$0")/.."
db="${DB:-linli_scale_16}"
cluster="${CLUSTER:-.linli}"
port="$(sed -n 4p "$cluster/pgdata/postmaster.pid")"
# The libraries come from the build's own jar (web/target/linli.jar, shaded; the dependency plugin
# cannot resolve offline here); the registry's classes and test classes go first on the class path.
nice mvn -B -o -q package -pl web -am -DskipTests
echo "load before: $(uptime)"
nice java -Xmx"${HEAP:-4g}" -cp "registry/target/classes:registry/target/test-classes:web/target/linli.jar" \
  linli.registry.coverage.network.FieldEditBenchmark "jdbc:postgresql://127.0.0.1:$port/$db" linli \
  "$(cat "$cluster/db-password")" "${CATEGORY:-fitness_venue}" "${EDITS:-300}"
echo "load after: $(uptime)"

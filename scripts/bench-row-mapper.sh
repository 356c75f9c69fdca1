#!/usr/bin/env bash
# The import's row mapper alone (no database): RowMapperBench maps ROWS (200,000) CSV-like records
# with every facility column ROUNDS (7) times in one JVM and prints the median ns per row.
# Usage: scripts/bench-row-mapper.sh  (compiles registry offline first)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -o -q test-compile -pl registry
mvn -B -o -q dependency:build-classpath -pl registry -Dmdep.outputFile=target/bench-classpath.txt
cp="registry/target/classes:registry/target/test-classes:$(cat registry/target/bench-classpath.txt)"
java -Xmx1g -Drows="${ROWS:-200000}" -Drounds="${ROUNDS:-7}" -cp "$cp" linli.registry.transfer.RowMapperBench

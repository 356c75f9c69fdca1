#!/usr/bin/env bash
# A 1,000,000-point CSV imported through Linli (POST /api/imports: parsing, validation, one
# transaction), imported again (every row unchanged), and loaded by ogr2ogr with PG_USE_COPY=YES
# into the same database; and the fair limit (issue 15 item 6): a raw COPY of the same CSV (with each
# point's community added, untimed, as Linli's import fills it) into a temporary stage, then one
# INSERT ... SELECT into bench_raw, a table made like facility (LIKE
# facility INCLUDING ALL EXCLUDING CONSTRAINTS: same columns, defaults, generated geom_m and the
# same five indexes, no checks, no foreign keys, no triggers, so no history) and holding the same
# rows as facility before the import. ROUNDS rounds, the four interleaved, medians at the end;
# each round compares bench_raw's rows with Linli's, column by column (none may differ).
# Needs: Linli serving on LINLI_PORT (default 7070) against database DB (default linli) of the
# project-local cluster (./linli demo), with LINLI_ADMIN_TOKEN=$TOKEN (default "bench"); gdal-bin.
# ROWS overrides the row count, ROUNDS the number of rounds (default 3); OGR=0 leaves ogr2ogr out.
# POINTS chooses the CSV: "demo" (the default for DB=linli; Python, seed 7: random points in the
# Qingdao demo's box, five of its categories, as every figure before 2026-12-03's cost curve) or
# "registry" (the default for any other DB: made from the database itself, seed 0.7: communities
# drawn at random, each point inside its community's polygon (ST_GeneratePoints), the categories
# that hold facilities there in turn), so any registry, e.g. scripts/scale-city.sql's, takes every
# row. Every import must reject none: a rejected row stops the script.
# RESULT=file appends one line of medians, tab-separated: rows, Linli import s, its rows/s, raw COPY +
# INSERT s, raw / Linli ratio, Linli re-import s.
# DECLARED_FKS=1 also imports the CSV once per round with facility's two declared foreign keys put
# back in place of V30's per-statement check (V30 reverted, then re-applied; the first import of odd
# rounds, the last of even ones), so both are measured against the same round's raw load.
# Between rounds the benchmark's facilities and their history rows are deleted again (the history
# is append-only, so its guard triggers are switched off for that one cleanup transaction), and
# facility's and facility_history's indexes rebuilt (REINDEX ... CONCURRENTLY: the server keeps
# answering) from the bloat that churn leaves; REINDEX=0 leaves them as they are. Before each of the
# two timed loads a CHECKPOINT and a wait for the server to be idle (settle; SETTLE=0 leaves it out).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
if [ -n "${LINLI_PG_DATA:-}" ]; then pgdata="$LINLI_PG_DATA"
elif [ -f "$root/.linli/pgdata/postmaster.pid" ]; then pgdata="$root/.linli/pgdata"
else pgdata="/var/lib/linli/$(printf '%s' "$root" | sha256sum | cut -c1-12)/pgdata"; fi # ./linli as root, see there
export PGPASSWORD="$(cat "$(dirname "$pgdata")/db-password")"
dbport="$(sed -n 4p "$pgdata/postmaster.pid")"
db="${DB:-linli}"
if [ "$db" = linli ]; then points="${POINTS:-demo}"; else points="${POINTS:-registry}"; fi
port="${LINLI_PORT:-7070}"
rows="${ROWS:-1000000}"
rounds="${ROUNDS:-3}"
token="${TOKEN:-bench}"
ogr="${OGR:-1}"
declared="${DECLARED_FKS:-0}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
csv="$work/points.csv"
sql() { psql -h 127.0.0.1 -p "$dbport" -U linli -d "$db" -Atq -v ON_ERROR_STOP=1 "$@"; }
# The JVM that listens on the HTTP port (not any other Linli on the machine).
jvm=$(ss -ltnpH "sport = :$port" | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2)

if [ "$points" = demo ]; then
python3 - "$csv" "$rows" <<'PY'
import random, sys
path, n = sys.argv[1], int(sys.argv[2])
random.seed(7)
cats = ["emergency_shelter", "fitness_venue", "culture_room", "meal_point", "legal_service"]
with open(path, "w", encoding="utf-8") as f:
    f.write("source_id,name,category,lon,lat,capacity,status\n")
    for i in range(n):
        f.write(f"P{i},基准点{i},{cats[i % 5]},{119.6 + random.random() * 1.7:.6f},{35.7 + random.random() * 1.4:.6f},{i % 3000},open\n")
PY
elif [ "$points" = registry ]; then
  # scripts/bench-import-points.sql draws them.
  sql <<SQL
\set rows $rows
\i scripts/bench-import-points.sql
\copy (SELECT 'P' || i, '基准点' || i, codes[1 + i % cardinality(codes)], round(ST_X(g)::numeric, 6), round(ST_Y(g)::numeric, 6), i % 3000, 'open' FROM bench_point, bench_category ORDER BY i) TO '$csv' WITH (FORMAT csv)
SQL
  sed -i '1i source_id,name,category,lon,lat,capacity,status' "$csv"
else
  echo "POINTS is demo or registry, not $points" >&2; exit 2
fi
[ "$(($(wc -l <"$csv") - 1))" = "$rows" ] || { echo "the CSV has $(($(wc -l <"$csv") - 1)) rows, not $rows" >&2; exit 1; }
echo "CSV ($points points): $rows rows, $(du -h "$csv" | cut -f1); database $db; Linli JVM pid ${jvm:-?}"
# The raw side's file: the same rows with the community each point lies in, as Linli's import fills it
# (ST_Intersects, the smallest code on a shared border; none outside every community). A registry row
# has its community, so the raw load writes it too (into the same index) and the two sides' rows are
# compared with it; locating it is Linli's work alone and not timed here (before 2026-12-04 night the
# raw load left community_code empty, and the comparison did not look at it).
raw_csv="$work/points-raw.csv"
# RAW_COMMUNITY=0: the raw load as before, community_code left empty (and not compared).
if [ "${RAW_COMMUNITY:-1}" = 1 ]; then community_sql="(SELECT min(c.code) FROM community c WHERE ST_Intersects(c.geom, ST_SetSRID(ST_MakePoint(b.lon, b.lat), 4490)))"
else community_sql="NULL::text"; fi
sql <<SQL
CREATE TEMP TABLE bench_file (source_id text, name text, category text, lon float8, lat float8, capacity integer, status text);
\copy bench_file FROM '$csv' WITH (FORMAT csv, HEADER true)
\copy (SELECT b.*, $community_sql FROM bench_file b) TO '$raw_csv' WITH (FORMAT csv, HEADER true)
SQL

# Imports the CSV through the API, waits for the job; prints "seconds report".
linli_import() {
  local start end reply id state
  start=$(date +%s.%N)
  reply=$(curl -s -H "Authorization: Bearer $token" --data-binary @"$csv" \
    "http://127.0.0.1:$port/api/imports?layer=facilities&source=bench-import&on-error=reject")
  # The POST answers with the finished job when it ends within the server's wait for the report
  # (WAIT_FOR_REPORT): polled only if it has not (before 2026-12-04 evening the script always slept
  # 0.1 s and polled once more, adding 0.3-0.7 s of client time to every import: docs/BENCHMARKS.md).
  read -r id state < <(echo "$reply" | python3 -c 'import json,sys; j = json.load(sys.stdin); print(j["id"], j["state"])')
  while [ "$state" = queued ] || [ "$state" = running ]; do
    sleep 0.1
    reply=$(curl -s -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/imports/$id")
    state=$(echo "$reply" | python3 -c 'import json,sys; print(json.load(sys.stdin)["state"])')
  done
  end=$(date +%s.%N)
  # A rejected row (or a failed job) stops the benchmark: it would measure a smaller import.
  echo "$reply" | python3 -c '
import json, sys
j = json.load(sys.stdin); r = j.get("report") or {}
if j["state"] != "done" or r.get("rejected") != 0 or not r.get("committed"):
    first = json.dumps((r.get("errors") or [])[:5], ensure_ascii=False)
    print("import", j["state"], "rejected", r.get("rejected"), "first errors:", first, j.get("error") or "", file=sys.stderr)
    sys.exit(1)' || return 1
  echo "$(echo "$end - $start" | bc) $state $(echo "$reply" | python3 -c 'import json,sys; r=json.load(sys.stdin)["report"]; print(",".join(f"{k}={r[k]}" for k in ("total","inserted","updated","unchanged","rejected")))')"
}

ogr_load() {
  local start end
  start=$(date +%s.%N)
  PG_USE_COPY=YES ogr2ogr -f PostgreSQL "PG:host=127.0.0.1 port=$dbport dbname=$db user=linli password=$PGPASSWORD" \
    "$csv" -oo X_POSSIBLE_NAMES=lon -oo Y_POSSIBLE_NAMES=lat -oo KEEP_GEOM_COLUMNS=NO -a_srs EPSG:4490 \
    -nln bench_ogr2ogr -lco GEOMETRY_NAME=geom -lco SPATIAL_INDEX=GIST -overwrite -gt 100000
  end=$(date +%s.%N)
  echo "$(echo "$end - $start" | bc) rows=$(sql -c 'SELECT count(*) FROM bench_ogr2ogr')"
}

# facility's columns but the generated one, for copying its rows.
columns=$(sql -c "SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position)
  FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'facility' AND is_generated = 'NEVER'")

# A fresh bench_raw like facility (not timed): same indexes, same rows as facility holds now.
raw_prepare() {
  sql <<SQL
DROP TABLE IF EXISTS bench_raw;
CREATE TABLE bench_raw (LIKE facility INCLUDING ALL EXCLUDING CONSTRAINTS);
INSERT INTO bench_raw ($columns) SELECT $columns FROM facility;
VACUUM ANALYZE bench_raw;
SQL
}

# The fair limit: COPY the CSV into a stage, one INSERT ... SELECT into bench_raw, one transaction.
raw_load() {
  local start end
  start=$(date +%s.%N)
  sql <<SQL
BEGIN;
CREATE TEMP TABLE bench_raw_stage (source_id text, name text, category text, lon float8, lat float8,
  capacity integer, status text, community_code text) ON COMMIT DROP;
\\copy bench_raw_stage FROM '$raw_csv' WITH (FORMAT csv, HEADER true)
INSERT INTO bench_raw (category, status, name, capacity, community_code, source, source_id, geom, updated_by)
  SELECT category, status, name, capacity, community_code, 'bench-import', source_id, ST_SetSRID(ST_MakePoint(lon, lat), 4490),
    'bench'
  FROM bench_raw_stage;
COMMIT;
SQL
  end=$(date +%s.%N)
  echo "$(echo "$end - $start" | bc) rows=$(sql -c "SELECT count(*) FROM bench_raw WHERE source = 'bench-import'")"
}

# Rows of the benchmark source that differ between facility (Linli) and bench_raw (raw), both ways.
raw_differences() {
  sql <<SQL
WITH l AS (SELECT source_id, name, category, status, capacity,
                  CASE WHEN ${RAW_COMMUNITY:-1} = 1 THEN community_code END AS community_code, ST_AsEWKB(geom) AS g,
                  ST_AsEWKB(geom_m) AS gm
             FROM facility WHERE source = 'bench-import'),
     r AS (SELECT source_id, name, category, status, capacity, community_code, ST_AsEWKB(geom) AS g,
                  ST_AsEWKB(geom_m) AS gm
             FROM bench_raw WHERE source = 'bench-import')
SELECT (SELECT count(*) FROM (TABLE l EXCEPT TABLE r) a) + (SELECT count(*) FROM (TABLE r EXCEPT TABLE l) b);
SQL
}

# V30 reverted in place: the row-by-row foreign keys back, the per-statement check switched off.
declared_fks() {
  sql <<'SQL'
ALTER TABLE facility DISABLE TRIGGER facility_a_references_inserted, DISABLE TRIGGER facility_a_references_updated,
  ADD CONSTRAINT facility_category_fkey FOREIGN KEY (category) REFERENCES category (code),
  ADD CONSTRAINT facility_community_code_fkey FOREIGN KEY (community_code) REFERENCES community (code);
SQL
}
statement_checks() {
  sql <<'SQL'
ALTER TABLE facility ENABLE TRIGGER facility_a_references_inserted, ENABLE TRIGGER facility_a_references_updated,
  DROP CONSTRAINT facility_category_fkey, DROP CONSTRAINT facility_community_code_fkey;
SQL
}
# One import with the declared foreign keys, its rows removed again; prints its seconds.
declared_import() {
  local t
  declared_fks
  # Called as $(declared_import), a subshell: interrupted meanwhile, it gives the registry its
  # per-statement checks back as it exits.
  trap 'statement_checks' EXIT
  t=$(linli_import) || exit 1
  cleanup_facilities
  statement_checks
  trap - EXIT
  echo "$t"
}

cleanup() {
  sql -c 'DROP TABLE IF EXISTS bench_ogr2ogr' -c 'DROP TABLE IF EXISTS bench_raw'
  cleanup_facilities
}
cleanup_facilities() {
  sql <<'SQL'
BEGIN;
ALTER TABLE facility_history DISABLE TRIGGER facility_history_no_rewrite;
ALTER TABLE facility_history_feature DISABLE TRIGGER facility_history_feature_no_rewrite;
DELETE FROM facility_history_feature WHERE facility_id IN (SELECT id FROM facility WHERE source = 'bench-import');
DELETE FROM facility_history WHERE facility_id IN (SELECT id FROM facility WHERE source = 'bench-import');
ALTER TABLE facility_history ENABLE TRIGGER facility_history_no_rewrite;
ALTER TABLE facility_history_feature ENABLE TRIGGER facility_history_feature_no_rewrite;
-- (with their history rows gone first, the rows removed below have no version left to freeze)
DELETE FROM facility WHERE source = 'bench-import';
COMMIT;
VACUUM ANALYZE facility;
VACUUM ANALYZE facility_history;
SQL
  # The rounds' own churn (each inserts and hard-deletes ROWS facilities, which no registry in use
  # does: it retires facilities, history kept) leaves facility's indexes many times their size
  # (linli_scale_1 after 11 M such rows: 583 MB against 27 MB rebuilt), while bench_raw is built
  # afresh each round: rebuilt here, both sides insert into indexes as compact as their rows.
  if [ "${REINDEX:-1}" = 1 ]; then
    sql -c 'REINDEX TABLE CONCURRENTLY facility' -c 'REINDEX TABLE CONCURRENTLY facility_history'
  fi
}

# Each timed load starts from the same state: a checkpoint first, so none of the writes before it (the
# preparation's 1.6 M-row copy at 16x, the other side's load) is flushed during it, and the machine
# idle: after an import or a cleanup commits, a Linli server re-reads facilities for its tiles and
# updates its coverage indexes (1-10 s at 16x), which ran into the load that followed, and with
# scripts/bench-import-scale.sh into the other registry's calls. Not timed; SETTLE=0 leaves it out.
settle() {
  [ "${SETTLE:-1}" = 1 ] || return 0
  sql -c CHECKPOINT
  local i a b
  for i in $(seq 60); do # until the CPUs were 90 % idle over half a second (at most 30 s)
    a=$(awk '/^cpu / {print $2 + $3 + $4 + $7 + $8, $5 + $6}' /proc/stat); sleep 0.5
    b=$(awk '/^cpu / {print $2 + $3 + $4 + $7 + $8, $5 + $6}' /proc/stat)
    python3 -c 'import sys; a, b = [list(map(int, s.split())) for s in sys.argv[1:]]; busy, idle = b[0] - a[0], b[1] - a[1]; sys.exit(0 if busy < 0.1 * (busy + idle) else 1)' "$a" "$b" && return 0
  done
}

peak() { [ -n "$jvm" ] && awk '/VmHWM/ {print $2 / 1024 " MB"}' /proc/"$jvm"/status || echo "?"; }

cleanup
: >"$work/times"
for r in $(seq "$rounds"); do
  [ -n "$jvm" ] && echo 5 >/proc/"$jvm"/clear_refs  # restart the peak-RSS count (VmHWM)
  raw_prepare
  fk=nan
  if [ "$declared" = 1 ] && [ $((r % 2)) = 1 ]; then
    fk=$(declared_import); echo "round $r Linli import, declared foreign keys: $fk"
  fi
  settle
  first=$(linli_import); echo "round $r Linli import:   $first, peak RSS $(peak)"
  settle
  raw=$(raw_load);       echo "round $r raw COPY+INSERT: $raw"
  diff=$(raw_differences); echo "round $r rows differing between Linli and raw: $diff"
  [ "$diff" = 0 ] || { echo "the raw load and Linli's import differ" >&2; exit 1; }
  again=$(linli_import); echo "round $r Linli re-import: $again, peak RSS $(peak)"
  if [ "$ogr" = 1 ]; then ogrt=$(ogr_load); echo "round $r ogr2ogr:        $ogrt"; else ogrt=nan; fi
  cleanup
  if [ "$declared" = 1 ] && [ $((r % 2)) = 0 ]; then
    fk=$(declared_import); echo "round $r Linli import, declared foreign keys: $fk"
  fi
  echo "${first%% *} ${again%% *} ${ogrt%% *} ${raw%% *} ${fk%% *}" >>"$work/times"
done
python3 - "$rows" "$work/times" "${RESULT:-}" <<'PY'
import statistics, sys
rows = int(sys.argv[1])
t = [list(map(float, line.split())) for line in open(sys.argv[2])]
first, again, ogr, raw, fk = (statistics.median(c) for c in zip(*t))
fair = statistics.median(r[3] / r[0] for r in t)
print(f"medians of {len(t)}: Linli import {first:.2f} s ({rows / first:,.0f} features/s), "
      f"re-import {again:.2f} s ({rows / again:,.0f} features/s), raw COPY+INSERT {raw:.2f} s ({rows / raw:,.0f} features/s)"
      + ("" if ogr != ogr else f", ogr2ogr {ogr:.1f} s ({rows / ogr:,.0f} features/s)"))
print(f"fair ratio (raw / Linli seconds, median of the rounds' ratios): import {fair:.2f} "
      f"(per round: {', '.join(f'{r[3] / r[0]:.2f}' for r in t)})")
if fk == fk:
    print(f"with the declared foreign keys instead (V30 reverted): import {fk:.2f} s, fair ratio "
          f"{statistics.median(r[3] / r[4] for r in t):.2f} (per round: {', '.join(f'{r[3] / r[4]:.2f}' for r in t)})")
if ogr == ogr:
    print(f"ratio (Linli / ogr2ogr features per second): import {ogr / first:.2f}, re-import {ogr / again:.2f}")
if sys.argv[3]:
    with open(sys.argv[3], "a") as out:
        out.write(f"{rows}\t{first:.2f}\t{rows / first:.0f}\t{raw:.2f}\t{fair:.2f}\t{again:.2f}\n")
PY

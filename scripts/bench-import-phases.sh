#!/usr/bin/env bash
# Where a first load's database time goes (issue 15 item 6): ROWS points (default 200,000) drawn as
# scripts/bench-import.sh's POINTS=registry draws them (communities at random, each point inside its
# community's polygon, with that community's code; rows in random order), then in ROUNDS rounds
# (default 2) three inserts of them, each one INSERT ... SELECT, timed by clock_timestamp() and
# ROLLED BACK (the registry is left as it was), work_mem as the import sets it (IMPORT_WORK_MEM,
# default 256MB):
#   raw          into bench_phase_raw, made like facility (LIKE facility INCLUDING ALL EXCLUDING
#                CONSTRAINTS, holding facility's rows: scripts/bench-import.sh's fair limit), no
#                checks, no triggers
#   fresh        into bench_phase_fresh, made like facility with its checks (LIKE facility INCLUDING
#                ALL: fresh indexes, as the raw side's), holding facility's rows, no triggers
#   bare         into facility with its triggers off (session_replication_role = replica): indexes,
#                checks, the community column
#   triggers     into facility as an import writes it (every trigger), with track_functions = pl:
#                each trigger function's own time from pg_stat_user_functions
# So raw -> fresh is the checks and the community column, fresh -> bare what facility's own indexes
# cost more than fresh ones (a benchmark registry's indexes grow with every insert and rollback),
# bare -> triggers the triggers: their functions' time, the rest capturing the transition table.
# Prints the size of facility's and bench_phase_raw's indexes first. Each insert's table is vacuumed
# after its rollback (not timed), so no insert meets the dead index entries of the one before.
# Needs the project-local cluster (./linli demo) or LINLI_PG_DATA, a superuser (linli is one, for
# track_functions and session_replication_role); DB (default linli_scale_1). bench_phase_raw and
# bench_phase_fresh are built once (not timed) and dropped at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -n "${LINLI_PG_DATA:-}" ]; then pgdata="$LINLI_PG_DATA"; else pgdata="$(pwd)/.linli/pgdata"; fi
export PGPASSWORD="$(cat "$(dirname "$pgdata")/db-password")"
dbport="$(sed -n 4p "$pgdata/postmaster.pid")"
db="${DB:-linli_scale_1}"
rows="${ROWS:-200000}"
rounds="${ROUNDS:-2}"
wm="${IMPORT_WORK_MEM:-256MB}"
columns=$(psql -h 127.0.0.1 -p "$dbport" -U linli -d "$db" -Atq -c "SELECT string_agg(quote_ident(column_name), ', '
  ORDER BY ordinal_position) FROM information_schema.columns WHERE table_schema = 'public' AND table_name = 'facility'
  AND is_generated = 'NEVER'")
insert_columns="category, status, name, capacity, community_code, source, source_id, geom, updated_by"
select_list="codes[1 + i % cardinality(codes)], 'open', '基准点' || i, i % 3000, code, 'bench-phases', 'P' || i, g, 'bench'"
{
cat <<SQL
\\set ON_ERROR_STOP on
\\pset tuples_only on
\\pset format unaligned
SELECT 'start: load ' || pg_read_file('/proc/loadavg');
\\set rows $rows
\\i scripts/bench-import-points.sql
ANALYZE bench_point;
DROP TABLE IF EXISTS bench_phase_raw;
CREATE TABLE bench_phase_raw (LIKE facility INCLUDING ALL EXCLUDING CONSTRAINTS);
INSERT INTO bench_phase_raw ($columns) SELECT $columns FROM facility;
VACUUM ANALYZE bench_phase_raw;
DROP TABLE IF EXISTS bench_phase_fresh;
CREATE TABLE bench_phase_fresh (LIKE facility INCLUDING ALL);
INSERT INTO bench_phase_fresh ($columns) SELECT $columns FROM facility;
VACUUM ANALYZE bench_phase_fresh;
CHECKPOINT;
SELECT 'index sizes, facility: ' || string_agg(indexrelname || ' ' || pg_size_pretty(pg_relation_size(indexrelid)), ', ' ORDER BY indexrelname)
  FROM pg_stat_user_indexes WHERE relname = 'facility';
SELECT 'index sizes, bench_phase_raw: ' || string_agg(indexrelname || ' ' || pg_size_pretty(pg_relation_size(indexrelid)), ', ' ORDER BY indexrelname)
  FROM pg_stat_user_indexes WHERE relname = 'bench_phase_raw';
SELECT 'points: ' || count(*) FROM bench_point;
SQL
variants=(raw fresh bare triggers)
for r in $(seq "$rounds"); do
  for v in 0 1 2 3; do
    name=${variants[$(( (v + r) % 4 ))]}
    case $name in
      raw) table=bench_phase_raw; pre="" ;;
      fresh) table=bench_phase_fresh; pre="" ;;
      bare) table=facility; pre="SET LOCAL session_replication_role = replica;" ;;
      triggers) table=facility; pre="SET LOCAL track_functions = 'pl';" ;;
    esac
    cat <<SQL
SELECT pg_stat_force_next_flush();
SELECT pg_stat_reset_single_function_counters(p.oid) FROM pg_proc p WHERE p.proname IN
  ('facility_check_references', 'facility_record_history_inserted', 'registry_notify_change', 'registry_bump_revision');
BEGIN;
SET LOCAL work_mem = '$wm';
$pre
SELECT clock_timestamp() AS t0 \\gset
INSERT INTO $table ($insert_columns) SELECT $select_list FROM bench_point, bench_category ORDER BY i;
SELECT round(extract(epoch FROM clock_timestamp() - :'t0'::timestamptz)::numeric, 2) AS secs \\gset
ROLLBACK;
VACUUM $table;
SELECT pg_stat_force_next_flush();
SELECT 'round $r $name: ' || :secs || ' s' || coalesce((SELECT ', functions ' || string_agg(funcname || ' '
  || round((total_time / 1000)::numeric, 2) || ' s', ', ' ORDER BY funcname) || ', queue '
  || round(:secs - (sum(total_time) / 1000)::numeric, 2) || ' s + bare' FROM pg_stat_user_functions WHERE funcname IN
  ('facility_check_references', 'facility_record_history_inserted', 'registry_notify_change', 'registry_bump_revision')
  AND '$name' = 'triggers'), '') || ', load ' || pg_read_file('/proc/loadavg');
SQL
  done
done
echo "DROP TABLE bench_phase_raw; DROP TABLE bench_phase_fresh;"
} | psql -h 127.0.0.1 -p "$dbport" -U linli -d "$db" -q | grep -v "^$"

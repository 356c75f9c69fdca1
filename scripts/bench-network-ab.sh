#!/usr/bin/env bash
# Network coverage and what-if, two Linli builds side by side on one city (issue 15 item 3's
# province goals: one category along the roads within 3 s, what-if within 50 ms). Both servers must
# serve the same database; the script asks them in turns, run by run, so that the machine's load
# falls on both alike. Per run and port: one category along the roads at a distance never asked
# before (the road graph and the facilities' joins stay warm: a planner's next question), a what-if
# adding one site at the first uncovered community (the fast path), and a what-if that also removes
# a facility. Before the runs, each port is asked the what-if with a removal once before any network
# question of the category ("cold": the facilities not yet joined to the graph, no search of them
# kept). Prints every figure; answers of the two builds are compared once (the what-if JSON).
# PORTS (default "7471 7472"), DB (the database both serve, default linli_scale_16, for the site and
# the facility to remove), CLUSTER (the directory of the cluster holding DB: db-password and
# pgdata/postmaster.pid, default .linli, that of ./linli demo), RUNS (default 5), CATEGORY.
set -euo pipefail
cd "$(dirname "$0")/.."
ports="${PORTS:-7471 7472}"
db="${DB:-linli_scale_16}"
category="${CATEGORY:-fitness_venue}"
cluster="${CLUSTER:-.linli}"
export PGPASSWORD="$(cat "$cluster/db-password")"
psql_q() { psql -h 127.0.0.1 -p "$(sed -n 4p "$cluster/pgdata/postmaster.pid")" -U linli -d "$db" -Atc "$1"; }
ms() { curl -sf -o /dev/null -w '%{time_total}\n' "$@" | awk '{printf "%.0f", $1 * 1000}'; }
first=${ports%% *}
gap=$(curl -sf "localhost:$first/api/coverage?category=$category&distance=500" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["uncovered"][0]["code"])')
site=$(psql_q "SELECT '[' || ST_X(anchor) || ',' || ST_Y(anchor) || ']' FROM community WHERE code = '$gap'")
fid=$(psql_q "SELECT min(id) FROM facility WHERE category = '$category' AND status = 'open' AND NOT deleted")
add="{\"category\":\"$category\",\"distance_m\":500,\"mode\":\"network\",\"add\":[$site]}"
remove="{\"category\":\"$category\",\"distance_m\":500,\"mode\":\"network\",\"add\":[$site],\"remove\":[$fid]}"
for p in $ports; do
  echo "port $p: cold what-if add+remove $(ms -H 'Content-Type: application/json' -d "$remove" "localhost:$p/api/coverage/what-if") ms, load $(cut -d' ' -f1 /proc/loadavg)"
done
for p in $ports; do curl -sf -o /dev/null "localhost:$p/api/coverage?category=$category&distance=499&mode=network"; done
for body in "$add" "$remove"; do
  answers=$(for p in $ports; do curl -sf -H 'Content-Type: application/json' -d "$body" "localhost:$p/api/coverage/what-if" | md5sum; done | sort -u | wc -l)
  echo "what-if answers identical on every port: $([ "$answers" = 1 ] && echo yes || echo NO)"
done
salt=$(( $(date +%s) % 100000 )) # a distance no earlier invocation asked: every network question a cache miss
for i in $(seq "${RUNS:-5}"); do
  for p in $ports; do
    n=$(ms "localhost:$p/api/coverage?category=$category&distance=500.$salt$i&mode=network")
    a=$(ms -H 'Content-Type: application/json' -d "$add" "localhost:$p/api/coverage/what-if")
    r=$(ms -H 'Content-Type: application/json' -d "$remove" "localhost:$p/api/coverage/what-if")
    echo "port $p run $i: network $n ms, what-if add $a ms, what-if add+remove $r ms, load $(cut -d' ' -f1 /proc/loadavg)"
  done
done

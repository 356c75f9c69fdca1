#!/usr/bin/env bash
# The map's own speed in Debian's headless Chromium (1280×800, as the browser tests): the time from
# opening the page to the coloured map (window.linli.ready, then one painted frame), and from choosing
# another category to the re-coloured map. RUNS (default 5) page loads, each followed by switches
# through CATEGORIES; prints every figure and the medians. Talks to chromedriver over its plain HTTP
# protocol, so it needs nothing but python3, chromium and chromedriver.
#
# Needs a Linli serving the map on PORT (default 7070), e.g. `LINLI_PORT=7391 ./linli demo`.
# To measure another version of the page against the same server, BEFORE=<commit> serves that
# commit's web/src/main/resources/public ahead of the jar's own (java -cp), on PORT+1 against the
# same database (the server code is the same; only the page differs); the two pages are measured in
# turns, run by run, so that a change in the machine's load falls on both alike. The first run of
# each page finds the server's caches cold (coverage, tiles) and is reported apart from the medians.
# The BEFORE server reads the database of ./linli demo (this checkout's .linli), or LINLI_DB_URL when
# set (e.g. the province-scale city of scripts/scale-city.sql, see docs/BENCHMARKS.md). BEFORE_JAR
# (default web/target/linli.jar) runs the BEFORE server from another build, when the server changed too.
#
# COLD_RUNS=n measures the first, cold opening only, n times, each against freshly started servers:
# per round, for each page in turn (this checkout's page and web/target/linli.jar on PORT; with
# BEFORE, that commit's page and BEFORE_JAR on PORT+1), a server is started on LINLI_DB_URL (needed
# then), awaited until its warm-up is done (its `linli.warm-up` log line), the page opened once in a
# new Chromium profile (nothing cached) and switched through CATEGORIES, and the server stopped; the
# pages go in turns, the first one alternating by round. Prints each figure with the load average
# and the medians. Nothing else may serve on those ports meanwhile.
set -euo pipefail
cd "$(dirname "$0")/.."
port="${PORT:-7070}"
runs="${RUNS:-5}"
categories="${CATEGORIES:-police_office,children_venue,emergency_shelter}"

measure() {
  python3 - "$runs" "$categories" "$@" <<'PY'
import json, os, socket, statistics, subprocess, sys, tempfile, time, urllib.request
runs, categories = int(sys.argv[1]), sys.argv[2].split(",")
pages = [(sys.argv[i], sys.argv[i + 1]) for i in range(3, len(sys.argv), 2)]  # (label, base)
s = socket.socket(); s.bind(("127.0.0.1", 0)); driver_port = s.getsockname()[1]; s.close()
driver = subprocess.Popen([os.environ.get("LINLI_CHROMEDRIVER", "/usr/bin/chromedriver"), f"--port={driver_port}"],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
url = f"http://127.0.0.1:{driver_port}"
def call(method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url + path, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=120) as r:
        return json.load(r)["value"]
for _ in range(100):
    try:
        call("GET", "/status"); break
    except Exception:
        time.sleep(0.1)
profile = tempfile.mkdtemp(prefix="linli-bench-chromium")
caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
    "binary": os.environ.get("LINLI_CHROMIUM", "/usr/bin/chromium"),
    "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--window-size=1280,800",
             "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}"]}}}}
session = call("POST", "/session", caps)["sessionId"]
def run(script, *args):
    return call("POST", f"/session/{session}/execute/async", {"script": script, "args": list(args)})
# Ready, then one painted frame: returns ms since the navigation started.
OPENED = """const done = arguments[arguments.length - 1];
(function poll() {
  if (window.linli && window.linli.ready) requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now())));
  else setTimeout(poll, 5);
})();"""
# Chooses a category as a planner does (the select's change event), then waits for ready and a frame.
SWITCH = """const [category, done] = arguments;
const select = document.getElementById('category');
const t0 = performance.now();
select.value = category;
select.dispatchEvent(new Event('change'));
(function poll() {
  if (window.linli.ready) requestAnimationFrame(() => requestAnimationFrame(() => done(performance.now() - t0)));
  else setTimeout(poll, 5);
})();"""
call("POST", f"/session/{session}/timeouts", {"script": 120000})
opened = {label: [] for label, _ in pages}
switched = {label: [] for label, _ in pages}
try:
    for i in range(runs):
        for label, base in pages:
            call("POST", f"/session/{session}/url", {"url": base + "/?lang=en&category=emergency_shelter"})
            opened[label].append(run(OPENED))
            for c in categories:
                switched[label].append(run(SWITCH, c))
            print(f"{label} run {i + 1}: opened {opened[label][-1]:.0f} ms, switches " +
                  ", ".join(f"{v:.0f}" for v in switched[label][-len(categories):]) + " ms", flush=True)
finally:
    call("DELETE", f"/session/{session}")
    driver.terminate()
n = len(categories)
for label, _ in pages:
    o, sw = opened[label], switched[label]
    print(f"{label}: cold run opened {o[0]:.0f} ms, switches " + ", ".join(f"{v:.0f}" for v in sw[:n]) + " ms;"
          f" warm runs: page to coloured map median {statistics.median(o[1:] or o):.0f} ms"
          f" (min {min(o[1:] or o):.0f}, max {max(o[1:] or o):.0f}), category to re-coloured map median"
          f" {statistics.median(sw[n:] or sw):.0f} ms (min {min(sw[n:] or sw):.0f}, max {max(sw[n:] or sw):.0f})")
PY
}

if [ -n "${COLD_RUNS:-}" ]; then
  : "${LINLI_DB_URL:?COLD_RUNS starts its own servers: set LINLI_DB_URL}"
  runs=1 # one opening per fresh server
  work="$(mktemp -d)"
  server=""
  trap 'if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi; rm -rf "$work"' EXIT
  pages=(current)
  if [ -n "${BEFORE:-}" ]; then
    mkdir -p "$work/before"
    git archive "$BEFORE" web/src/main/resources/public | tar -x -C "$work/before"
    pages+=(before)
  fi
  # cold PAGE PORT STATIC JAR LABEL: a fresh server, warmed up, then one opening of the page.
  cold() {
    local log="$work/$1.log"
    LINLI_PORT="$2" LINLI_DB_URL="$LINLI_DB_URL" java -Xmx6g -cp "$3:$4" linli.web.Main serve >"$log" 2>&1 &
    server=$!
    for _ in $(seq 1 600); do
      grep -q 'linli.warm-up - Coverage warm' "$log" && break
      kill -0 "$server" 2>/dev/null || { echo "the $1 server stopped:" >&2; tail -20 "$log" >&2; exit 1; }
      sleep 0.5
    done
    grep -q 'linli.warm-up - Coverage warm' "$log" || { echo "the $1 server did not warm up in 300 s" >&2; exit 1; }
    echo "$5: load average $(cut -d' ' -f1-3 /proc/loadavg) before opening" | tee -a "$work/figures"
    measure "$5" "http://127.0.0.1:$2" | tee -a "$work/figures"
    kill "$server"
    wait "$server" 2>/dev/null || true
    server=""
  }
  for i in $(seq 1 "$COLD_RUNS"); do
    order=("${pages[@]}")
    if [ $((i % 2)) -eq 0 ] && [ "${#pages[@]}" -eq 2 ]; then order=(before current); fi
    for page in "${order[@]}"; do
      if [ "$page" = current ]; then
        cold current "$port" web/src/main/resources web/target/linli.jar "current"
      else
        cold before $((port + 1)) "$work/before/web/src/main/resources" "${BEFORE_JAR:-web/target/linli.jar}" "before ($BEFORE)"
      fi
    done
  done
  python3 - "$work/figures" <<'PY'
import re, statistics, sys
opened, switched = {}, {}
for line in open(sys.argv[1]):
    m = re.match(r"(.+) run 1: opened (\d+) ms, switches (.*) ms", line)
    if m:
        opened.setdefault(m[1], []).append(int(m[2]))
        switched.setdefault(m[1], []).extend(int(v) for v in m[3].split(", "))
for label in opened:
    o, sw = opened[label], switched[label]
    print(f"{label}: cold opening median {statistics.median(o):.0f} ms (min {min(o)}, max {max(o)}, {len(o)} fresh servers);"
          f" first switches median {statistics.median(sw):.0f} ms (min {min(sw)}, max {max(sw)})")
PY
  exit 0
fi

if [ -z "${BEFORE:-}" ]; then
  measure "current" "http://127.0.0.1:$port"
  exit 0
fi
before_port=$((port + 1))
static="$(mktemp -d)"
trap 'kill "$server" 2>/dev/null || true; rm -rf "$static"' EXIT
git archive "$BEFORE" web/src/main/resources/public | tar -x -C "$static"
if [ -z "${LINLI_DB_URL:-}" ]; then
  # The cluster the running demo uses: its port and password, as ./linli demo wrote them.
  pg_port="$(sed -n 4p .linli/pgdata/postmaster.pid)"
  LINLI_DB_URL="jdbc:postgresql://127.0.0.1:$pg_port/linli?user=linli&password=$(cat .linli/db-password)"
fi
LINLI_PORT="$before_port" LINLI_DB_URL="$LINLI_DB_URL" \
  java -cp "$static/web/src/main/resources:${BEFORE_JAR:-web/target/linli.jar}" linli.web.Main serve >/dev/null 2>&1 &
server=$!
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$before_port/health/ready" >/dev/null 2>&1 && break
  sleep 0.5
done
measure "current" "http://127.0.0.1:$port" "before ($BEFORE)" "http://127.0.0.1:$before_port"

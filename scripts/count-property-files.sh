#!/usr/bin/env bash
# Counts the files a change touches besides tests (issue 13's goal for adding a property: 6 or
# fewer): every path changed by COMMIT (default HEAD) outside src/test, one per line, then the count.
# Usage: scripts/count-property-files.sh [COMMIT]
set -euo pipefail
cd "$(dirname "$0")/.."
commit="${1:-HEAD}"
files="$(git diff-tree --no-commit-id --name-only -r "$commit" | grep -v '/src/test/' || true)"
echo "$files"
echo "files besides tests: $(printf '%s' "$files" | grep -c . || true)"

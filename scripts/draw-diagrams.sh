#!/usr/bin/env bash
# Draws docs/diagrams/*.dot into SVG next to them (Graphviz: apt-get install graphviz).
set -euo pipefail
cd "$(dirname "$0")/../docs/diagrams"
for f in *.dot; do
  dot -Tsvg "$f" -o "${f%.dot}.svg"
  echo "drew ${f%.dot}.svg"
done

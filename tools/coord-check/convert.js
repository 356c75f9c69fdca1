#!/usr/bin/env node
// Reads lines "FROM TO lon lat" (FROM, TO: WGS84, GCJ02, BD09) and prints "lon lat" converted by gcoord.
'use strict';
const gcoord = require('gcoord');
const lines = require('fs').readFileSync(0, 'utf8').split('\n').filter(l => l.trim() !== '');
const out = lines.map(line => {
  const [from, to, lon, lat] = line.trim().split(/\s+/);
  const [x, y] = gcoord.transform([Number(lon), Number(lat)], gcoord[from], gcoord[to]);
  return x.toFixed(10) + ' ' + y.toFixed(10);
});
process.stdout.write(out.join('\n') + '\n');

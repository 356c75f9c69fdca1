#!/usr/bin/env node
// Checks GeoJSON files against RFC 7946 with @placemarkio/check-geojson, a reader independent of
// Linli's writers. Usage: node check.js FILE... ("-" reads standard input).
// Prints "FILE: ok" or one "FILE: line L: message" per issue; exits 0 when every file is valid,
// 1 when any is not, 2 when a file cannot be read.
'use strict';
const fs = require('fs');
const { getIssues } = require('@placemarkio/check-geojson');

const files = process.argv.slice(2);
if (files.length === 0) {
  process.stderr.write('usage: node check.js FILE... ("-" for standard input)\n');
  process.exit(2);
}
let status = 0;
for (const file of files) {
  let text;
  try {
    text = fs.readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (e) {
    process.stdout.write(`${file}: cannot read: ${e.message}\n`);
    process.exit(2);
  }
  const issues = getIssues(text);
  if (issues.length === 0) {
    process.stdout.write(`${file}: ok\n`);
    continue;
  }
  status = 1;
  for (const issue of issues) {
    const line = issue.from === undefined ? '?' : lineOf(text, issue.from);
    process.stdout.write(`${file}: line ${line}: ${issue.message}\n`);
  }
}
process.exit(status);

function lineOf(text, offset) {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) line++;
  }
  return line;
}

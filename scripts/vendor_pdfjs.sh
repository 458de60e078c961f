#!/usr/bin/env bash
# Copy pdf.js's two build files and its licence from node_modules into the app's static files,
# so that a wheel install serves the viewer itself (no CDN, same Content-Security-Policy).
# Run after `npm ci` when package.json's pdfjs-dist version changes; commit the result.
set -euo pipefail
cd "$(dirname "$0")/.."
src=node_modules/pdfjs-dist
dest=archive/web/static/pdfjs
mkdir -p "$dest"
cp "$src/build/pdf.min.mjs" "$src/build/pdf.worker.min.mjs" "$dest/"
cp "$src/LICENSE" "$dest/LICENSE"
version=$(node -p "require('./$src/package.json').version")
printf 'pdf.js %s (npm pdfjs-dist), Apache-2.0: see LICENSE. Copied by scripts/vendor_pdfjs.sh.\n' \
  "$version" > "$dest/VERSION"
echo "pdf.js $version copied to $dest"

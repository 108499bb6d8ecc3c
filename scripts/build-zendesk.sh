#!/usr/bin/env bash
# Assembles the Zendesk Support app into <outdir>/zendesk/ and packs it as
# <outdir>/zendesk/turnaround-zendesk.zip (manifest.json at the zip root), the
# file an admin uploads under Apps and integrations > Zendesk Support apps >
# Upload private app. Called by scripts/build.sh; runs on its own too:
#
#   scripts/build-zendesk.sh dist
#
# The sidebar itself rides in the app, flat in assets/ (the wasm bundle of
# <outdir>, which must be built first: scripts/build.sh calls this after
# copying it): sidebar.html, base.css, sidebar.css, sidebar-boot.js, turnaround.js and
# turnaround_bg.wasm, the coach's coach-worker.js, coach.js and coach_bg.wasm, and
# the built-in playbooks it fetches (assets/playbooks/). Uploading the zip is then the whole installation; the
# app setting turnaround_url still points the app at a sidebar hosted elsewhere.
#
# The ZAF client SDK comes from the npm package zendesk_app_framework_sdk in
# node_modules (never from a CDN). Its package ships either a built
# build/zaf_sdk.min.js (newer releases) or only its CommonJS sources in lib/
# (2.0.11, the version pinned here); the latter are bundled into one plain
# script below, with no tool beyond node.
set -euo pipefail
cd "$(dirname "$0")/.."

out=${1:?usage: scripts/build-zendesk.sh <outdir>}
app="$out/zendesk"
sdk=node_modules/zendesk_app_framework_sdk

if [ ! -f "$sdk/package.json" ]; then
  echo "build-zendesk: $sdk is missing; run scripts/setup.sh first" >&2
  exit 1
fi

for f in index.html base.css sidebar.css boot.js coach-worker.js pkg/turnaround.js pkg/turnaround_bg.wasm pkg/coach.js pkg/coach_bg.wasm; do
  if [ ! -f "$out/$f" ]; then
    echo "build-zendesk: $out/$f is missing; build the sidebar first (scripts/build.sh)" >&2
    exit 1
  fi
done

rm -rf "$app"
mkdir -p "$app"
cp -r static/zendesk/. "$app/"
cp static/embed.js "$app/assets/embed.js"
# The sidebar bundle, renamed so it sits beside the app's own files.
sed -e 's#pkg/turnaround.js#turnaround.js#g' -e 's#pkg/turnaround_bg.wasm#turnaround_bg.wasm#g' \
  -e 's#src="boot.js"#src="sidebar-boot.js"#' "$out/index.html" > "$app/assets/sidebar.html"
# boot.js picks the view's bundle under ./pkg/; in the app the sidebar's sits flat beside it
# (the trainer's bundle is not in the app: a Zendesk sidebar never opens ?view=trainer).
sed -e "s#'./pkg/turnaround.js'#'./turnaround.js'#" -e 's#`./pkg/${bundle}_bg.wasm`#`./${bundle}_bg.wasm`#' "$out/boot.js" > "$app/assets/sidebar-boot.js"
# boot.js adds sidebar.css beside itself after index.html's base.css.
cp "$out/base.css" "$out/sidebar.css" "$app/assets/"
cp "$out/pkg/turnaround.js" "$out/pkg/turnaround_bg.wasm" "$app/assets/"
# The coach's worker and bundle, flat beside the sidebar too (the sidebar
# starts coach-worker.js beside its page; the worker loads ./pkg/coach*).
sed -e "s#'./pkg/coach.js'#'./coach.js'#" -e "s#'./pkg/coach_bg.wasm'#'./coach_bg.wasm'#" "$out/coach-worker.js" > "$app/assets/coach-worker.js"
cp "$out/pkg/coach.js" "$out/pkg/coach_bg.wasm" "$app/assets/"
# The built-in playbooks the sidebar fetches when used (all but the English
# default, which its wasm carries), under assets/playbooks/ beside sidebar.html,
# where its relative fetch of playbooks/<id>.json and playbooks/<lang>/<id>.json looks.
cp -r "$out/playbooks" "$app/assets/playbooks"
for f in playbooks/leap.json playbooks/es/turnaround.json playbooks/de/turnaround.json; do
  [ -f "$app/assets/$f" ] || { echo "build-zendesk: assets/$f is missing (static/playbooks/ changed?)" >&2; exit 1; }
done
for ref in base.css sidebar-boot.js; do
  grep -q "$ref" "$app/assets/sidebar.html" || { echo "build-zendesk: sidebar.html does not load $ref (index.html changed?)" >&2; exit 1; }
done
for ref in "'./turnaround.js'" '`./${bundle}_bg.wasm`' "'./sidebar.css'"; do
  grep -qF "$ref" "$app/assets/sidebar-boot.js" || { echo "build-zendesk: sidebar-boot.js does not load $ref (boot.js changed?)" >&2; exit 1; }
done
for ref in "'./coach.js'" "'./coach_bg.wasm'"; do
  grep -qF "$ref" "$app/assets/coach-worker.js" || { echo "build-zendesk: coach-worker.js does not load $ref (coach-worker.js changed?)" >&2; exit 1; }
done
cp "$sdk/LICENSE" "$app/assets/zaf_sdk.LICENSE.txt"

if [ -f "$sdk/build/zaf_sdk.min.js" ]; then
  cp "$sdk/build/zaf_sdk.min.js" "$app/assets/zaf_sdk.js"
else
  node - "$sdk" "$app/assets/zaf_sdk.js" <<'EOF'
// A minimal CommonJS bundler for the SDK's lib/ folder: every module wrapped
// in a function, a require that resolves relative paths, ZAFClient on window.
const fs = require('fs');
const path = require('path');
const [sdkDir, outFile] = process.argv.slice(2);
const lib = path.join(sdkDir, 'lib');
const pkg = JSON.parse(fs.readFileSync(path.join(sdkDir, 'package.json'), 'utf8'));
const files = [];
(function walk(dir) {
  for (const name of fs.readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (fs.statSync(full).isDirectory()) walk(full);
    else if (name.endsWith('.js')) files.push(full);
  }
})(lib);
const modules = files.map((f) => {
  const id = path.relative(lib, f).replace(/\\/g, '/').replace(/\.js$/, '');
  return `${JSON.stringify(id)}: function (require, module, exports) {\n${fs.readFileSync(f, 'utf8')}\n}`;
});
const bundle = `/*! Zendesk App Framework SDK ${pkg.version} (npm zendesk_app_framework_sdk), Apache License 2.0: see zaf_sdk.LICENSE.txt.
 *  Bundled from its lib/ sources by scripts/build-zendesk.sh. */
(function () {
  var defs = {
${modules.join(',\n')}
  };
  var cache = {};
  function resolve(from, spec) {
    var parts = from.split('/').slice(0, -1), segs = spec.split('/');
    for (var i = 0; i < segs.length; i++) {
      if (segs[i] === '..') parts.pop(); else if (segs[i] !== '.') parts.push(segs[i]);
    }
    return parts.join('/').replace(/\\.js$/, '');
  }
  function load(id) {
    if (cache[id]) return cache[id].exports;
    if (!defs[id]) throw new Error('zaf_sdk bundle: no module ' + id);
    var module = cache[id] = { exports: {} };
    defs[id].call(module.exports, function (spec) { return load(resolve(id, spec)); }, module, module.exports);
    return module.exports;
  }
  window.ZAFClient = load('index');
})();
`;
fs.writeFileSync(outFile, bundle);
EOF
fi

# The app's version follows the crate's.
version=$(awk -F'"' '/^version *=/ { print $2; exit }' Cargo.toml)
python3 - "$app/manifest.json" "$version" <<'EOF'
import json, sys
path, version = sys.argv[1], sys.argv[2]
with open(path) as f:
    manifest = json.load(f)
if version:
    manifest["version"] = version
with open(path, "w") as f:
    json.dump(manifest, f, indent=2)
    f.write("\n")
EOF

# Logos the Zendesk admin pages show (plain PNGs, drawn here: no binary files in git).
python3 - "$app/assets" <<'EOF'
import struct, sys, zlib
def png(path, size):
    # A teal tile with a white check mark: simple and recognisable.
    def near(px, py, ax, ay, bx, by, w):
        dx, dy = bx - ax, by - ay
        t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
        return (px - ax - t * dx) ** 2 + (py - ay - t * dy) ** 2 < w * w
    rows = []
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            u, v = (x + 0.5) / size, (y + 0.5) / size
            inside = min(u, v, 1 - u, 1 - v) >= 0.06
            check = near(u, v, 0.27, 0.52, 0.43, 0.68, 0.055) or near(u, v, 0.43, 0.68, 0.74, 0.34, 0.055)
            r, g, b, a = (255, 255, 255, 255) if check else ((13, 116, 120, 255) if inside else (0, 0, 0, 0))
            row += bytes([r, g, b, a])
        rows.append(bytes(row))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)) + \
           chunk(b"IDAT", zlib.compress(b"".join(rows), 9)) + chunk(b"IEND", b"")
    with open(path, "wb") as f:
        f.write(data)
png(sys.argv[1] + "/logo.png", 320)
png(sys.argv[1] + "/logo-small.png", 128)
EOF

# The uploadable zip: manifest.json, translations/ and assets/ at its root.
(cd "$app" && rm -f turnaround-zendesk.zip && python3 -m zipfile -c turnaround-zendesk.zip manifest.json translations assets)
echo "build-zendesk: $app/turnaround-zendesk.zip ($(wc -c < "$app/turnaround-zendesk.zip") bytes)"

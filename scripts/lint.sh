#!/usr/bin/env bash
# Fails on the two ways a widget like this leaks or gets injected: posting to
# any origin ("*"), and rendering strings as HTML.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
if grep -rnE "postMessage\([^)]*['\"]\*['\"]" src static --include='*.rs' --include='*.js' --include='*.html'; then
  echo "lint: a postMessage to \"*\" (use the exact origin)"; status=1
fi
if grep -rnE 'from_html_unchecked|set_inner_html|inner_html|\.innerHTML\s*=|outerHTML\s*=|insertAdjacentHTML|document\.write' src static --include='*.rs' --include='*.js' --include='*.html'; then
  echo "lint: raw HTML rendering (render text as text)"; status=1
fi
if grep -rnE '<script>[^<]|style="' index.html static --include='*.html'; then
  echo "lint: inline script or style in a page (the CSP forbids them)"; status=1
fi
if grep -rnE '^\s*(use|extern crate) (web_sys|gloo|yew|js_sys|wasm_bindgen)|(web_sys|gloo|yew|js_sys)::' src/core src/core.rs; then
  echo "lint: the pure core imports a browser crate"; status=1
fi
if grep -rnE '\.rev\s*[-+]?=[^=]' src --include='*.rs' | grep -v '^src/core/session.rs:'; then
  echo "lint: rev written outside core/session.rs (changes go through Session::apply)"; status=1
fi
if grep -rnE 'store::Store\b|\bStore<' src/ui src/ui.rs; then
  echo "lint: the UI holds the store (go through web::storage::SharedStore)"; status=1
fi
[ $status = 0 ] && echo "lint: ok"
exit $status

// Reads the speed lines of `cargo bench --bench coach` (benches/coach.rs):
//
//   Speed (median of 31 runs, this machine, native release)
//                                                  us/1k ch  target
//   review(), no context                                12.3  ok
//   review(), with the corpus contexts                  12.9  ok
//   temperature()                                        3.1  ok
//   review() of one 5000-character draft               61.0  (us per call)

import { existsSync, readFileSync } from 'node:fs';

export function parseCoach(text) {
  if (!text) return null;
  const num = (re) => {
    const m = text.match(re);
    return m ? Number(m[1]) : null;
  };
  const runs = num(/Speed \(median of (\d+) runs/);
  const out = {
    runs,
    review: num(/^review\(\), no context\s+([\d.]+)/m),
    reviewContext: num(/^review\(\), with the corpus contexts\s+([\d.]+)/m),
    temperature: num(/^temperature\(\)\s+([\d.]+)/m),
    longChars: num(/^review\(\) of one (\d+)-character draft/m),
    longUs: num(/^review\(\) of one \d+-character draft\s+([\d.]+)/m),
  };
  return out.review === null && out.temperature === null ? null : out;
}

/** The speed target the coach bench itself checks (SPEED_TARGET_US in benches/coach.rs), in µs per 1,000 characters. */
export function coachTarget(source = 'benches/coach.rs') {
  if (!existsSync(source)) return null;
  const m = readFileSync(source, 'utf8').match(/SPEED_TARGET_US:\s*f64\s*=\s*([\d.]+)/);
  return m ? Number(m[1]) : null;
}

export function readCoach(path) {
  if (!path || !existsSync(path)) return { status: 'not run', result: null };
  const text = readFileSync(path, 'utf8');
  const result = parseCoach(text);
  if (result) return { status: 'ok', result };
  if (/running 0 tests/.test(text)) return { status: 'no speed lines: benches/coach.rs ran under the libtest harness (Cargo.toml needs [[bench]] name = "coach", harness = false)', result: null };
  const lastError = text.split('\n').filter((l) => /^error/.test(l))[0];
  return { status: lastError ? `did not build (${lastError.slice(0, 120)})` : 'no speed lines in its output', result: null };
}

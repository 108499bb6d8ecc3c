// How far two people who read the same guide agree: a second annotator's
// labels (tests/data/coach/agreement/<rounds>-second.json, each {id, codes,
// moves}, id = "<round>-<index>") against the labels the drafts' own writer
// gave (tests/data/coach/train/<round>-drafts.json). Prints, per code and
// move, the second annotator's precision and recall taking the writer's labels
// as the truth, and Cohen's kappa; the ceiling a coach could hope to reach
// against one writer's labels.
//
//   node scripts/agreement.mjs [tests/data/coach/agreement/t12-t13-second.json]
import { readFileSync } from 'node:fs';

const file = process.argv[2] || 'tests/data/coach/agreement/t12-t13-second.json';
const second = JSON.parse(readFileSync(file, 'utf8'));
const rounds = {};
const writer = (id) => {
  const at = id.lastIndexOf('-');
  const round = id.slice(0, at);
  rounds[round] ??= JSON.parse(readFileSync(`tests/data/coach/train/${round}-drafts.json`, 'utf8'));
  return rounds[round][Number(id.slice(at + 1))];
};
const CODES = ['blame', 'dismissive', 'but_apology', 'non_apology', 'policy_wall', 'no_ownership', 'vague_promise'];
const MOVES = ['thanks', 'apology', 'forgiveness_ask', 'empathy', 'paraphrase', 'ask_details', 'ask_expectations', 'commit_with_time', 'follow_up_offer', 'ownership', 'explain_facts'];

function table(key, names) {
  const rows = [];
  for (const name of names) {
    let tp = 0, fp = 0, fn = 0, tn = 0;
    for (const s of second) {
      const a = (writer(s.id)[key] || []).includes(name);
      const b = (s[key] || []).includes(name);
      if (a && b) tp++; else if (b) fp++; else if (a) fn++; else tn++;
    }
    const n = tp + fp + fn + tn;
    const po = (tp + tn) / n;
    const pe = ((tp + fp) * (tp + fn) + (fn + tn) * (fp + tn)) / (n * n);
    const row = { p: tp / (tp + fp), r: tp / (tp + fn), k: pe < 1 ? (po - pe) / (1 - pe) : 1 };
    const f = (x) => (Number.isFinite(x) ? x.toFixed(2) : '—');
    rows.push(row);
    console.log(`| ${name} | ${tp + fn} | ${f(row.p)} | ${f(row.r)} | ${f(row.k)} |`);
  }
  return rows;
}

console.log(`${second.length} drafts, ${file}\n`);
console.log('| code | writer\'s count | second\'s precision | second\'s recall | kappa |\n| --- | --- | --- | --- | --- |');
const c = table('codes', CODES);
console.log(`\nmacro recall (7 codes): ${(c.reduce((s, x) => s + x.r, 0) / c.length).toFixed(2)}\n`);
console.log('| move | writer\'s count | second\'s precision | second\'s recall | kappa |\n| --- | --- | --- | --- | --- |');
table('moves', MOVES);

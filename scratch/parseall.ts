import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseModule, parseQuery, parseTerm } from '../src/compiler/parser.js';
const root = '../shared/conformance/opa/v1';
let n = 0, bad = 0;
for (const dir of readdirSync(root)) {
  for (const f of readdirSync(join(root, dir))) {
    const doc = parse(readFileSync(join(root, dir, f), 'utf8'));
    for (const c of doc.cases) {
      (c.modules ?? []).forEach((m: string, i: number) => {
        n++;
        const r = parseModule(m, `${dir}/${f}#${c.note}#${i}`);
        if (r.errors.length) { bad++; console.log(r.errors.map(e => e.message).join('\n')); }
      });
      const q = parseQuery(c.query);
      if (q.errors.length) { bad++; console.log('Q', c.note, q.errors[0].message); }
      if (c.input_term) { const t = parseTerm(c.input_term); if (t.errors.length) { bad++; console.log('T', c.note, t.errors[0].message); } }
    }
  }
}
console.log(n, 'modules', bad, 'bad');

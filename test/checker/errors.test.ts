import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseAndCheck } from '../../src/compiler/frontend.js';

interface Case { name: string; modules: string[]; ok?: boolean; errors?: string[] }
const { cases } = parse(readFileSync(new URL('./errors.yaml', import.meta.url), 'utf8')) as { cases: Case[] };

/** Errors as "row:col: code: first line of message", dropping the default file name. */
function render(modules: string[]): string[] {
  const { errors } = parseAndCheck(modules.map((text, i) => ({ path: `test-${i}.rego`, text })));
  return errors.map((e) => e.message.split('\n')[0].replace(/^test-0\.rego:/, ''));
}

describe('checker (data-driven cases in errors.yaml)', () => {
  for (const c of cases) {
    it(c.name, () => {
      const got = render(c.modules);
      if (c.ok) expect(got).toEqual([]);
      else expect(got).toEqual(c.errors);
    });
  }
});

// The runtime is what a gateway ships: nothing it imports, directly or
// through src/bundle, may reach the compiler.

import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';

function localImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+'(\.[^']+)'|^\s*import\s+'(\.[^']+)'/gm)].map((m) => m[1] ?? m[2]);
  return specs.map((s) => normalize(join(dirname(file), s.replace(/\.js$/, '.ts'))));
}

function closure(entry: string): Set<string> {
  const seen = new Set<string>();
  const todo = [entry];
  while (todo.length) {
    const f = todo.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    todo.push(...localImports(f));
  }
  return seen;
}

describe('runtime import graph', () => {
  it('reaches no compiler module from src/runtime/index.ts', () => {
    const files = [...closure('src/runtime/index.ts')];
    expect(files).toContain('src/runtime/enforcer.ts');
    expect(files).toContain('src/bundle/verify.ts');
    expect(files.filter((f) => f.startsWith('src/compiler/') || f.startsWith('src/cli/'))).toEqual([]);
  });
});

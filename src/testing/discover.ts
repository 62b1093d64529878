// What `policy test <paths…>` finds: Rego files, directories to load data
// files from, and fixture files (YAML inside a `fixtures` directory, or named
// on the command line).

import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join, sep } from 'node:path';

export interface Discovered {
  regoFiles: string[];
  fixtureFiles: string[];
  /** Directories whose data.json / data.yaml files are loaded (at their relative data path). */
  dataRoots: string[];
}

export class DiscoveryError extends Error {}

const YAML = /\.ya?ml$/;

export function discover(paths: string[]): Discovered {
  const missing = paths.filter((p) => !existsSync(p));
  if (missing.length) throw new DiscoveryError(`no such file or directory: ${missing.join(', ')}`);
  const rego = new Set<string>();
  const fixtures = new Set<string>();
  const dataRoots: string[] = [];
  const walk = (p: string, inFixtures: boolean) => {
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) {
        if (name.startsWith('.') || name === 'node_modules') continue;
        walk(join(p, name), inFixtures || name === 'fixtures');
      }
      return;
    }
    if (p.endsWith('.rego')) rego.add(p);
    else if (inFixtures && YAML.test(p) && !/^data\.ya?ml$/.test(basename(p))) fixtures.add(p);
  };
  for (const p of paths) {
    const st = statSync(p);
    if (st.isDirectory()) {
      dataRoots.push(p);
      walk(p, p.split(sep).includes('fixtures'));
    } else if (YAML.test(p)) fixtures.add(p);
    else walk(p, false);
  }
  return { regoFiles: [...rego], fixtureFiles: [...fixtures], dataRoots };
}

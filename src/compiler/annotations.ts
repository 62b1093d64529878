// `# METADATA` blocks: a comment line `METADATA` followed by comment lines
// holding YAML. The block attaches to the rule or package right below it.

import { parse as parseYaml } from 'yaml';
import type { Annotations } from './ast.js';
import { RegoError } from './errors.js';
import type { Token } from './lexer.js';

export interface AnnotationBlock {
  annotations: Annotations;
  /** Row of the block's last comment line. */
  endRow: number;
  used: boolean;
}

const SCOPES = new Set(['package', 'rule', 'document', 'subpackages']);

export function parseAnnotationBlocks(comments: Token[], file: string, errors: RegoError[]): AnnotationBlock[] {
  const blocks: AnnotationBlock[] = [];
  for (let i = 0; i < comments.length; i++) {
    const c = comments[i];
    if (c.text.trim() !== 'METADATA' || !c.nl) continue;
    const lines: string[] = [];
    let endRow = c.loc.row;
    let j = i + 1;
    while (j < comments.length && comments[j].loc.row === endRow + 1 && comments[j].nl && comments[j].text.trim() !== 'METADATA') {
      lines.push(comments[j].text);
      endRow = comments[j].loc.row;
      j++;
    }
    i = j - 1;
    let raw: unknown;
    try {
      raw = lines.length ? parseYaml(lines.join('\n')) : {};
    } catch (e) {
      const msg = e instanceof Error ? e.message.split('\n')[0] : String(e);
      errors.push(new RegoError('rego_parse_error', `yaml: ${msg}`, c.loc));
      continue;
    }
    if (raw === null || raw === undefined) raw = {};
    if (typeof raw !== 'object' || Array.isArray(raw)) {
      errors.push(new RegoError('rego_parse_error', 'annotation block must be a YAML mapping', c.loc));
      continue;
    }
    const obj = raw as Record<string, unknown>;
    const scope = obj.scope ?? 'rule';
    if (typeof scope !== 'string' || !SCOPES.has(scope)) {
      errors.push(new RegoError('rego_parse_error', `invalid annotation scope ${JSON.stringify(scope)}`, c.loc));
      continue;
    }
    if (obj.entrypoint !== undefined && typeof obj.entrypoint !== 'boolean') {
      errors.push(new RegoError('rego_parse_error', 'annotation entrypoint must be a boolean', c.loc));
      continue;
    }
    const annotations: Annotations = {
      scope: scope as Annotations['scope'],
      title: typeof obj.title === 'string' ? obj.title : undefined,
      description: typeof obj.description === 'string' ? obj.description : undefined,
      entrypoint: obj.entrypoint as boolean | undefined,
      raw: obj,
      loc: { ...c.loc, file },
    };
    blocks.push({ annotations, endRow, used: false });
  }
  return blocks;
}

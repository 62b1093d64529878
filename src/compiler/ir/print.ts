// A readable dump of the IR, one statement per line, for golden tests and
// `policy compile --dump-ir`.

import type { Block, IndexConst, Operand, Policy, Stmt } from './ir.js';

export function printPolicy(p: Policy): string {
  const out: string[] = [];
  const op = (o: Operand): string => (o.kind === 'local' ? `%${o.local}` : o.kind === 'bool' ? String(o.value) : JSON.stringify(p.strings[o.index]));
  const block = (b: Block, indent: string): void => {
    for (const s of b.stmts) stmt(s, indent);
  };
  const stmt = (s: Stmt, ind: string): void => {
    switch (s.op) {
      case 'block':
        for (const b of s.blocks) {
          out.push(`${ind}block {`);
          block(b, ind + '  ');
          out.push(`${ind}}`);
        }
        return;
      case 'not':
        out.push(`${ind}not {`);
        block(s.block, ind + '  ');
        out.push(`${ind}}`);
        return;
      case 'scan':
        out.push(`${ind}scan %${s.source} (%${s.key}, %${s.value}) {`);
        block(s.block, ind + '  ');
        out.push(`${ind}}`);
        return;
      case 'ruleIndex': {
        const c = (v: IndexConst): string => (v.kind === 'string' ? JSON.stringify(p.strings[v.index]) : v.kind === 'number' ? p.strings[v.index] : v.kind === 'bool' ? String(v.value) : 'null');
        out.push(`${ind}index %${s.key} {${s.entries.map((e) => `${c(e.value)}: [${e.cases.join(' ')}]`).join(', ')}} always [${s.always.join(' ')}] {`);
        s.cases.forEach((b, i) => {
          out.push(`${ind}  case ${i} {`);
          block(b, ind + '    ');
          out.push(`${ind}  }`);
        });
        out.push(`${ind}}`);
        return;
      }
      case 'break': return void out.push(`${ind}break ${s.index}`);
      case 'dot': return void out.push(`${ind}%${s.target} = dot ${op(s.source)} ${op(s.key)}`);
      case 'len': return void out.push(`${ind}%${s.target} = len ${op(s.source)}`);
      case 'call': return void out.push(`${ind}%${s.target} = call ${s.builtin ? '' : '@'}${s.func}(${s.args.map(op).join(', ')})`);
      case 'assignVar': return void out.push(`${ind}%${s.target} = ${op(s.source)}`);
      case 'assignVarOnce': return void out.push(`${ind}%${s.target} = once ${op(s.source)}`);
      case 'resetLocal': return void out.push(`${ind}%${s.target} = undefined`);
      case 'makeNull': return void out.push(`${ind}%${s.target} = null`);
      case 'makeNumberInt': return void out.push(`${ind}%${s.target} = ${s.value}`);
      case 'makeNumberRef': return void out.push(`${ind}%${s.target} = number ${p.strings[s.index]}`);
      case 'makeArray': return void out.push(`${ind}%${s.target} = []`);
      case 'makeObject': return void out.push(`${ind}%${s.target} = {}`);
      case 'makeSet': return void out.push(`${ind}%${s.target} = set()`);
      case 'equal': return void out.push(`${ind}${op(s.a)} == ${op(s.b)}`);
      case 'notEqual': return void out.push(`${ind}${op(s.a)} != ${op(s.b)}`);
      case 'isArray': case 'isObject': case 'isSet': return void out.push(`${ind}${s.op} ${op(s.source)}`);
      case 'isDefined': case 'isUndefined': return void out.push(`${ind}${s.op} %${s.source}`);
      case 'arrayAppend': return void out.push(`${ind}append %${s.array} ${op(s.value)}`);
      case 'objectInsert': return void out.push(`${ind}insert %${s.object} ${op(s.key)} ${op(s.value)}`);
      case 'objectInsertOnce': return void out.push(`${ind}insert once %${s.object} ${op(s.key)} ${op(s.value)}`);
      case 'objectMerge': return void out.push(`${ind}%${s.target} = merge %${s.a} %${s.b}`);
      case 'setAdd': return void out.push(`${ind}add %${s.set} ${op(s.value)}`);
      case 'objectInsertPath': return void out.push(`${ind}insert ${s.leaf === 'set' ? 'into set' : 'once'} %${s.object}[${s.path.map(op).join(', ')}] ${op(s.value)}`);
      case 'upsert': return void out.push(`${ind}%${s.target} = upsert %${s.source} [${s.path.map(op).join(', ')}] ${op(s.value)}`);
      case 'resultSetAdd': return void out.push(`${ind}result %${s.value}`);
      case 'return': return void out.push(`${ind}return %${s.source}`);
      case 'cover': return void out.push(`${ind}cover ${p.coverage?.[s.point]?.file ?? '?'}:${p.coverage?.[s.point]?.row ?? s.point}`);
      case 'println': return void out.push(`${ind}println %${s.source}`);
    }
  };
  for (const f of p.funcs) {
    out.push(`func ${f.name}(${f.params.map((x) => `%${x}`).join(', ')})${f.memo ? ' memo' : ''} {`);
    for (const b of f.blocks) block(b, '  ');
    out.push('}');
  }
  for (const pl of p.plans) {
    out.push(`plan ${pl.name} {`);
    for (const b of pl.blocks) block(b, '  ');
    out.push('}');
  }
  return out.join('\n');
}

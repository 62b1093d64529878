// Emission state for one IR function or plan: its locals and the stack of
// blocks statements are appended to. Planning is continuation-passing, so
// "the current block" is wherever the continuation is being planned.

import type { Block, Local, Stmt } from '../ir/ir.js';
import { DATA, INPUT } from '../ir/ir.js';

export class FuncBuilder {
  private next: number;
  private readonly stack: Block[];
  readonly blocks: Block[];

  constructor(paramCount: number) {
    this.next = Math.max(paramCount, DATA + 1);
    const root: Block = { stmts: [] };
    this.blocks = [root];
    this.stack = [root];
  }

  get localCount(): number {
    return this.next;
  }

  newLocal(): Local {
    return this.next++;
  }

  emit(s: Stmt): void {
    this.stack[this.stack.length - 1].stmts.push(s);
  }

  /** Plan `fill` into a fresh block and return it (not yet emitted). */
  collect(fill: () => void): Block {
    const b: Block = { stmts: [] };
    this.stack.push(b);
    try {
      fill();
    } finally {
      this.stack.pop();
    }
    return b;
  }

  /** Emit a `block` statement whose single block is planned by `fill`: a failure inside stays inside. */
  scoped(fill: () => void): void {
    this.emit({ op: 'block', blocks: [this.collect(fill)] });
  }
}

export { DATA, INPUT };

// `policy audit verify <file.jsonl> --verification-key …`: check an audit
// log's hash chain and signed checkpoints. Exit 0 when intact and sealed, 2
// when anything was altered, dropped, re-ordered, inserted or cut off, 1 when
// the file or key cannot be read.

import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { loadVerificationKeys } from '../../bundle/keys.js';
import { verifyAuditLog } from '../../runtime/audit-verify.js';
import { EXIT, setExit } from '../exit.js';

export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('Work with decision audit logs.');
  audit
    .command('verify')
    .description('Verify an audit log: every entry hash, the chain, each signed checkpoint, and that the log ends sealed.')
    .argument('<file>', 'audit log (JSON lines)')
    .requiredOption('--verification-key <key>', 'public key for checkpoint signatures: PEM or JWKS file (or inline text)')
    .option('--key-id <kid>', 'only accept checkpoints signed with this key id')
    .option('--allow-unsealed', 'accept a log that is still being written (report its unsigned tail without failing)')
    .option('--json', 'print the report as JSON')
    .action(async (file: string, opts: { verificationKey: string; keyId?: string; allowUnsealed?: boolean; json?: boolean }) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (e) {
        console.error(`policy: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
        setExit(EXIT.usage);
        return;
      }
      let keys;
      try {
        keys = await loadVerificationKeys(opts.verificationKey);
      } catch (e) {
        console.error(`policy: ${(e as Error).message}`);
        setExit(EXIT.usage);
        return;
      }
      const report = await verifyAuditLog(text, keys, { allowUnsealed: opts.allowUnsealed, keyId: opts.keyId });
      if (opts.json) console.log(JSON.stringify(report, null, 2));
      else {
        for (const p of report.problems) console.log(`${file}:${p.line}: ${p.code}: ${p.message}`);
        const last = report.lastCheckpoint ? `last checkpoint at line ${report.lastCheckpoint.line} covers seq ${report.lastCheckpoint.covers}` : 'no valid checkpoint';
        const tail = report.sealed ? 'sealed' : `not sealed, ${report.uncovered} decision(s) unsigned`;
        console.log(`${report.ok ? 'ok' : 'FAILED'}: ${report.entries} entries (${report.decisions} decisions, ${report.checkpoints} checkpoints); ${last}; ${tail}`);
      }
      if (!report.ok) setExit(EXIT.failed);
    });
}

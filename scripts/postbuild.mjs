// Make the CLI entry executable so `npm link` / `npx policy` work after a build.
import { chmodSync, existsSync } from 'node:fs';
const cli = new URL('../dist/src/cli/main.js', import.meta.url);
if (existsSync(cli)) chmodSync(cli, 0o755);

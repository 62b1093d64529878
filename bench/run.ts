// `npm run bench`: every benchmark, printed with figures and same-run ratios.
// Never asserted in unit tests: these machines are noisy.

import { benchCompile } from './compile.js';
import { benchFrontend } from './frontend.js';

const results: Record<string, Record<string, number>> = {};
results.frontend = benchFrontend();
results.compile = benchCompile();
if (process.argv.includes('--json')) console.log(JSON.stringify(results, null, 2));

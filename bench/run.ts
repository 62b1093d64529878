// `npm run bench`: every benchmark, printed with figures and same-run ratios.
// Never asserted in unit tests: these machines are noisy.
// Flags: --json (machine-readable results after the tables), --quick (fewer
// calls, 100,000 decisions for memory, route tables of 20 and 2,000),
// --routes 20,2000,20000 (route-table sizes for the decide() scale run),
// --route-scale (also bench/route-scale.ts: indexing on vs off, evaluate() vs
// opa_eval; about a minute more).

import { benchCompile } from './compile.js';
import { benchDecide } from './decide.js';
import { benchDecideRoutes } from './decide-routes.js';
import { benchFrontend } from './frontend.js';
import { benchRouteScale } from './route-scale.js';

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const routesArg = argv[argv.indexOf('--routes') + 1];
const sizes = argv.includes('--routes') && routesArg ? routesArg.split(',').map(Number) : quick ? [20, 2000] : [20, 2000, 20000];

const results: Record<string, Record<string, number>> = {};
results.frontend = benchFrontend();
results.compile = benchCompile();
results.decide = await benchDecide(quick ? { calls: 20_000, memoryDecisions: 100_000 } : {});
results.routes = await benchDecideRoutes(sizes, quick ? 10_000 : 30_000);
if (argv.includes('--route-scale')) results.routeScale = benchRouteScale({ sizes });
if (argv.includes('--json')) console.log(JSON.stringify(results, null, 2));

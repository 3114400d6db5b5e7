/**
 * Fills `<dir>/mdr.db` with the demo data of `<assets>` assets, in a process of its own, as an
 * installed service would find its database: the benchmark's large system then starts on data it
 * did not generate itself (a service that has just generated a million assets carries that work's
 * memory into every figure measured after it).
 *
 * Run: node --import tsx test/bench/generate-demo.ts <dir> <assets>
 */
import { generateDemoData } from '../../host-shim/demo/generate.ts';
import { openMdrDatabase } from '../../host-shim/mdr-service/db.ts';

const [dir, assets] = process.argv.slice(2);
if (!dir || !assets) throw new Error('usage: generate-demo.ts <dir> <assets>');
const db = openMdrDatabase({ dir });
const summary = generateDemoData(db, { assets: Number(assets) });
db.optimize();
db.close();
console.log(JSON.stringify(summary));

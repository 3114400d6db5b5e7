/**
 * The layers of the product as its imports draw them (ARCHITECTURE.md):
 *
 *   contract/            right ids, wire shapes, limits and validators; imports nothing of the product
 *                        and no package but @sinclair/typebox in contract/schemas/ (the wire schemas,
 *                        which the browser code and the rest of the contract read only as types), so
 *                        that the browser and both servers can read it
 *   plugin/              the browser plug-in; reads contract/, never the host shim
 *   host-shim/console/   the browser console (the host); never the servers
 *   host-shim/server/, host-shim/mdr-service/, host-shim/common/, host-shim/demo/
 *                        the Node servers; read contract/, never the plug-in
 *
 * the MDR service reads its demo data only through the seed its entry point hands over, none of
 * them imports test support (test/), and no cycle among the modules of all of them. Read from the source files, so a new import that
 * crosses a boundary fails here, named.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { repoRoot } from '../../host-shim/common/paths.ts';

const layers = ['contract', 'plugin', 'host-shim'];

function sourceFiles(folder: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) found.push(...sourceFiles(full));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) found.push(full);
  }
  return found;
}

/** Static imports, re-exports, side-effect imports and dynamic `import('…')` of one file. */
export function importSpecifiers(source: string): string[] {
  const specifiers: string[] = [];
  const pattern = /^\s*(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm;
  for (const match of source.matchAll(pattern)) specifiers.push((match[1] ?? match[2] ?? match[3])!);
  return specifiers;
}

/**
 * What a file loads at run time: static imports and re-exports that are not `import type` /
 * `export type`, side-effect imports and dynamic `import('…')`, in either kind of quotes.
 */
export function valueImportSpecifiers(source: string): string[] {
  const specifiers: string[] = [];
  const pattern = /^\s*(?:import|export)\s+(?!type\b)[^;'"`]*?\bfrom\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm;
  for (const match of source.matchAll(pattern)) specifiers.push((match[1] ?? match[2] ?? match[3])!);
  return specifiers;
}

interface Edge {
  from: string;
  /** Repository-relative path for a relative import, else the bare specifier (package or `node:`). */
  to: string;
}

const files = layers.flatMap((layer) => sourceFiles(path.join(repoRoot, layer)));
const edges: Edge[] = files.flatMap((file) =>
  importSpecifiers(fs.readFileSync(file, 'utf8')).map((specifier) => ({
    from: path.relative(repoRoot, file),
    to: specifier.startsWith('.') ? path.relative(repoRoot, path.resolve(path.dirname(file), specifier)) : specifier,
  })),
);

const inside = (file: string, ...folders: string[]) => folders.some((folder) => file.startsWith(`${folder}/`));
const crossing = (from: string[], forbidden: (to: string) => boolean) =>
  edges.filter((edge) => inside(edge.from, ...from) && forbidden(edge.to)).map((edge) => `${edge.from} → ${edge.to}`);

const servers = ['host-shim/server', 'host-shim/mdr-service', 'host-shim/common', 'host-shim/demo'];

describe('import boundaries between the layers', () => {
  test('reads the import graph it checks', () => {
    assert.ok(files.length > 100, `${files.length} source files`);
    assert.deepEqual(importSpecifiers(`import a from './a.ts';\nexport { b } from '../b.ts';\nimport './c.ts';\nconst d = await import('./d.ts');\nimport type {\n  E,\n} from 'e';`), ['./a.ts', '../b.ts', './c.ts', './d.ts', 'e']);
    assert.ok(edges.some((edge) => edge.from.startsWith('host-shim/mdr-service/') && edge.to.startsWith('contract/')), 'the service reads the contract');
    assert.ok(edges.some((edge) => edge.from.startsWith('plugin/') && edge.to.startsWith('contract/')), 'the plug-in reads the contract');
  });

  test('the contract imports only the contract: no product code, no Node module, and no package but the schema builder of its wire schemas', () => {
    assert.deepEqual(
      crossing(['contract'], (to) => !to.startsWith('contract/')).filter((edge) => !/^contract\/schemas\/[^/]+\.ts → @sinclair\/typebox$/.test(edge)),
      [],
    );
  });

  test('the browser code reads the wire schemas only as types (the schema builder stays out of the bundles)', () => {
    assert.deepEqual(
      valueImportSpecifiers(
        `import type { A } from './schemas/a.ts';\nimport { b } from "./schemas/b.ts";\nimport { type C, d } from './c.ts';\nexport type { E } from './e.ts';\nexport { f } from '@sinclair/typebox';\nimport './g.ts';\nconst h = await import("./h.ts");`,
      ),
      ['./schemas/b.ts', './c.ts', '@sinclair/typebox', './g.ts', './h.ts'],
    );
    const valueImports = files
      .filter((file) => inside(path.relative(repoRoot, file), 'plugin', 'host-shim/console', 'contract'))
      .flatMap((file) =>
        valueImportSpecifiers(fs.readFileSync(file, 'utf8'))
          // The schema builder itself, or a module of the wire schemas (which loads it).
          .map((specifier) => (specifier.startsWith('.') ? path.relative(repoRoot, path.resolve(path.dirname(file), specifier)) : specifier))
          .filter((target) => target.startsWith('@sinclair/typebox') || target.startsWith('contract/schemas/'))
          .map((target) => `${path.relative(repoRoot, file)} → ${target}`),
      )
      // The schemas may build on each other and on the schema builder.
      .filter((edge) => !edge.startsWith('contract/schemas/'));
    assert.deepEqual(valueImports, []);
  });

  test('the plug-in never imports the host shim', () => {
    assert.deepEqual(crossing(['plugin'], (to) => to.startsWith('host-shim/')), []);
  });

  test('the servers and the MDR service never import the plug-in or the browser console', () => {
    assert.deepEqual(crossing(servers, (to) => to.startsWith('plugin/') || to.startsWith('host-shim/console/')), []);
  });

  test('the MDR service does not depend on its demo data: only its entry point hands the generator over as the seed', () => {
    const composition = 'host-shim/mdr-service/main.ts';
    assert.deepEqual(
      crossing(['host-shim/mdr-service'], (to) => to.startsWith('host-shim/demo/')).filter((arrow) => !arrow.startsWith(`${composition} `)),
      [],
    );
  });

  test('the browser console never imports the servers', () => {
    assert.deepEqual(crossing(['host-shim/console'], (to) => servers.some((folder) => to.startsWith(`${folder}/`))), []);
  });

  test('the product never imports test support', () => {
    assert.deepEqual(crossing(layers, (to) => to.startsWith('test/')), []);
  });

  test('no import cycle among the modules', () => {
    const graph = new Map<string, string[]>(files.map((file) => [path.relative(repoRoot, file), []]));
    for (const edge of edges) if (graph.has(edge.to)) graph.get(edge.from)!.push(edge.to);
    // Depth-first search; a grey node met again closes a cycle.
    const state = new Map<string, 'grey' | 'black'>();
    const cycles: string[] = [];
    const visit = (node: string, trail: string[]) => {
      state.set(node, 'grey');
      for (const next of graph.get(node)!) {
        if (state.get(next) === 'grey') cycles.push([...trail.slice(trail.indexOf(next)), next].join(' → '));
        else if (!state.has(next)) visit(next, [...trail, next]);
      }
      state.set(node, 'black');
    };
    for (const node of graph.keys()) if (!state.has(node)) visit(node, [node]);
    assert.deepEqual(cycles, []);
  });
});

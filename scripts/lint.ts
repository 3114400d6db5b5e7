/**
 * `npm run lint`: ESLint over the repository with the configuration of `tools/lint/eslint.config.mjs`
 * (JavaScript's and TypeScript's recommended rules everywhere, Lit's and the web-component rules for
 * the browser code). Prints every problem with its place, then one line: `✔ lint` or `✖ lint`. Part of
 * `npm test`.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from '../host-shim/common/paths.ts';

interface LintMessage {
  line: number;
  column: number;
  ruleId: string | null;
  message: string;
  severity: number;
}
interface LintResult {
  filePath: string;
  messages: LintMessage[];
}
interface ESLintClass {
  new (options: { cwd: string; overrideConfigFile: string }): { lintFiles(patterns: string[]): Promise<LintResult[]> };
}

const tools = path.join(repoRoot, 'tools', 'lint');
const { ESLint } = (await import(pathToFileURL(path.join(tools, 'node_modules', 'eslint', 'lib', 'api.js')).href)) as { ESLint: ESLintClass };
const eslint = new ESLint({ cwd: repoRoot, overrideConfigFile: path.join(tools, 'eslint.config.mjs') });
const results = await eslint.lintFiles(['.']);

let problems = 0;
for (const result of results) {
  for (const message of result.messages) {
    problems++;
    console.log(`${path.relative(repoRoot, result.filePath)}:${message.line}:${message.column} ${message.message} (${message.ruleId ?? 'parser'})`);
  }
}
if (problems === 0) console.log(`✔ lint: ${results.length} files, no problems`);
else console.log(`✖ lint: ${problems} problems in ${results.filter((result) => result.messages.length > 0).length} of ${results.length} files`);
process.exit(problems === 0 ? 0 : 1);

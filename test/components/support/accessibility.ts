/**
 * Accessibility checked by a machine: axe-core's WCAG 2.0, 2.1 and 2.2 A and AA rules (colour
 * contrast included) over what a test rendered, in the light and in the dark colour scheme.
 */
import type { AxeResults, RunOptions } from 'axe-core';
import { emulateMedia } from '@web/test-runner-commands';
import 'axe-core/axe.min.js';

/** axe-core's script registers itself on `window` when imported. */
function registeredAxe(): { run(context: Element | Document, options: RunOptions): Promise<AxeResults> } {
  return (window as unknown as { axe: { run(context: Element | Document, options: RunOptions): Promise<AxeResults> } }).axe;
}

const WCAG_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** The axe violations under `root`, one line per element: rule, impact, element, why. */
export async function accessibilityViolations(root: Element | Document = document): Promise<string[]> {
  const axe = registeredAxe();
  const results = await axe.run(root, { runOnly: { type: 'tag', values: WCAG_AA }, resultTypes: ['violations'] });
  return results.violations.flatMap((violation) =>
    violation.nodes.map((node) => `${violation.id} (${violation.impact ?? 'n/a'}): ${node.target.join(' ')} — ${(node.failureSummary ?? violation.help).replace(/\s+/g, ' ')}`),
  );
}

const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

/** Fails, naming every violation, unless `root` is accessible in both colour schemes. */
export async function expectAccessibleInBothSchemes(root: Element | Document = document): Promise<void> {
  const problems: string[] = [];
  try {
    for (const colorScheme of ['light', 'dark'] as const) {
      await emulateMedia({ colorScheme });
      await frame();
      await frame();
      problems.push(...(await accessibilityViolations(root)).map((problem) => `[${colorScheme}] ${problem}`));
    }
  } finally {
    await emulateMedia({ colorScheme: 'light' });
  }
  if (problems.length > 0) throw new Error(`Accessibility violations (WCAG 2.2 AA):\n${problems.join('\n')}`);
}

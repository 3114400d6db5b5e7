/**
 * Imported first by every component test file: after each passing test, what the test left on the
 * page is checked with axe in the light and the dark colour scheme (WCAG 2.2 AA, contrast included),
 * before @open-wc/testing removes the fixtures (mocha runs root hooks in the order they were added,
 * which is why this module must come before any import of @open-wc/testing).
 */
import { expectAccessibleInBothSchemes } from './accessibility.ts';

afterEach(async function checkAccessibility(this: Mocha.Context) {
  if (this.currentTest?.state !== 'passed') return;
  if (!document.body.querySelector('*:not(script)')) return;
  await expectAccessibleInBothSchemes(document.body);
});

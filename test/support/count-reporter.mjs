// A web-test-runner reporter that writes how many tests passed, failed and were skipped to a JSON
// file, so that `npm test` can add them to the other suites' counts.
import fs from 'node:fs';

function count(suite, totals) {
  for (const test of suite.tests ?? []) {
    if (test.skipped) totals.skipped++;
    else if (test.passed) totals.passed++;
    else totals.failed++;
  }
  for (const child of suite.suites ?? []) count(child, totals);
}

export function countReporter() {
  return {
    onTestRunFinished({ sessions }) {
      const totals = { passed: 0, failed: 0, skipped: 0, filesFailed: 0 };
      for (const session of sessions) {
        if (session.testResults) count(session.testResults, totals);
        if (!session.passed && (session.errors?.length ?? 0) > 0) totals.filesFailed++;
      }
      const target = process.env.WTR_COUNT_FILE;
      if (target) fs.writeFileSync(target, JSON.stringify(totals));
    },
  };
}

/**
 * The redesigned summary report (help, What's new 06/24/2024: "MITRE ATT&CK mapping for in-depth
 * threat analysis" and "List of the most frequently attacked computers to help clients focus on
 * critical risks"): the rankings under the list of open incidents.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { generateReportPdf, REPORT_RANKING_SIZE, reportHighlights } from '../../host-shim/mdr-service/services/reports.ts';
import { serviceForSuite } from '../support/mdr-service.ts';
import { testIncident } from '../support/mdr-records.ts';

describe('summary report: MITRE ATT&CK and the most frequently attacked computers', () => {
  const service = serviceForSuite({ demo: { seed: 3, assets: 30 }, reportTickMs: false });

  test('ranks tactics, techniques and computers by the incidents they occur in, each incident counted once', () => {
    const [a, b, c] = service.app.mdr.db.assets.listItems(null, { pageSize: 3 });
    assert.ok(a && b && c);
    const initialAccess = { id: 'TA0001', name: 'Initial Access' };
    const execution = { id: 'TA0002', name: 'Execution' };
    const impact = { id: 'TA0040', name: 'Impact' };
    const commandLine = { id: 'T1059', name: 'Command and Scripting Interpreter' };
    const phishing = { id: 'T1566', name: 'Phishing' };
    const highlights = reportHighlights(service.app.mdr.db, [
      testIncident(1, { mitreTactics: [initialAccess, execution], mitreTechniques: [commandLine], affectedAssetIds: [a.id, b.id] }),
      testIncident(2, { mitreTactics: [execution, execution], mitreTechniques: [commandLine, phishing], affectedAssetIds: [a.id, a.id] }),
      testIncident(3, { mitreTactics: [impact], affectedAssetIds: [c.id, 'asset-removed-since'] }),
      testIncident(4, {}),
    ]);
    // Most frequent first, then by name ("Impact" before "Initial Access").
    assert.deepEqual(highlights.tactics, [
      { ...execution, incidents: 2 },
      { ...impact, incidents: 1 },
      { ...initialAccess, incidents: 1 },
    ]);
    assert.deepEqual(highlights.techniques, [
      { ...commandLine, incidents: 2 },
      { ...phishing, incidents: 1 },
    ]);
    assert.deepEqual(highlights.attackedComputers[0], { id: a.id, name: a.hostName, incidents: 2 });
    assert.deepEqual(
      new Set(highlights.attackedComputers.slice(1).map((entry) => `${entry.id}=${entry.name}×${entry.incidents}`)),
      new Set([`${b.id}=${b.hostName}×1`, `${c.id}=${c.hostName}×1`, 'asset-removed-since=asset-removed-since×1']),
      'a computer no longer known is named by its id',
    );
    const names = highlights.attackedComputers.slice(1).map((entry) => entry.name);
    assert.deepEqual(names, [...names].sort((x, y) => x.localeCompare(y)));
  });

  test(`lists at most ${REPORT_RANKING_SIZE} entries in each ranking, the most frequent kept`, () => {
    const tactics = Array.from({ length: REPORT_RANKING_SIZE + 3 }, (_, index) => ({ id: `TA${String(index).padStart(4, '0')}`, name: `Tactic ${String(index).padStart(2, '0')}` }));
    const incidents = [testIncident(1, { mitreTactics: tactics }), testIncident(2, { mitreTactics: [tactics.at(-1)!] })];
    const { tactics: ranked } = reportHighlights(service.app.mdr.db, incidents);
    assert.equal(ranked.length, REPORT_RANKING_SIZE);
    assert.deepEqual(ranked[0], { ...tactics.at(-1)!, incidents: 2 });
    assert.deepEqual(
      ranked.slice(1).map((entry) => entry.id),
      tactics.slice(0, REPORT_RANKING_SIZE - 1).map((entry) => entry.id),
    );
  });

  test('the PDF has a section, with its bookmark, for each ranking that has entries', async () => {
    const db = service.app.mdr.db;
    const open = db.incidents.list(null, { statuses: ['open', 'onHold'], page: 1, pageSize: 500 }).items;
    const highlights = reportHighlights(db, open);
    assert.ok(highlights.tactics.length > 0 && highlights.techniques.length > 0 && highlights.attackedComputers.length > 0, 'the demo data has them');
    const sections = ['MITRE ATT&CK tactics', 'MITRE ATT&CK techniques', 'Most frequently attacked computers'];
    const bookmarks = (pdf: Buffer) => sections.filter((title) => pdf.includes(Buffer.from(`(${title})`, 'latin1')));
    const now = Date.now();
    const report = await generateReportPdf(db, { scheduleName: 'Weekly', tenantId: null, period: { from: 0, to: now + 86_400_000 }, generatedAt: now });
    assert.equal(report.incidents, open.length);
    assert.deepEqual(bookmarks(report.pdf), sections);
    // A period before any incident: no incidents, no rankings.
    const empty = await generateReportPdf(db, { scheduleName: 'Weekly', tenantId: null, period: { from: 0, to: 86_400_000 }, generatedAt: now });
    assert.equal(empty.incidents, 0);
    assert.deepEqual(bookmarks(empty.pdf), []);
  });
});

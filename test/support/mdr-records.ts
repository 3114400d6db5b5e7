/**
 * Rows of the MDR service's database for unit tests of its repositories and services: a temporary
 * database opened directly (no service started), and records with every field a test does not care
 * about filled in. Loads no more than the database module: `npm run mutate` starts these tests once
 * per mutant.
 */
import fs from 'node:fs';
import { after, afterEach, before, beforeEach } from 'node:test';
import { openMdrDatabase, type Asset, type Incident, type MdrDatabase } from '../../host-shim/mdr-service/db.ts';
import { tempDataDir } from './temp-dir.ts';

/**
 * A temporary database for the tests of the enclosing suite (or file), removed after them; with
 * `perTest`, a fresh one for every test. Read it through the returned function inside hooks and tests.
 */
export function temporaryDatabase(options: { prefix?: string; perTest?: boolean } = {}): () => MdrDatabase {
  let dir: string | undefined;
  let db: MdrDatabase | undefined;
  const [open, close] = options.perTest ? [beforeEach, afterEach] : [before, after];
  open(() => {
    dir = tempDataDir(options.prefix);
    db = openMdrDatabase({ dir });
  });
  close(() => {
    db?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    if (!db) throw new Error('the temporary database is open only inside hooks and tests');
    return db;
  };
}

/** A healthy asset of the root tenant (unless `fields` say otherwise), first and last seen at `fields.firstSeen`/`lastSeen` or 0. */
export function testAsset(id: string, fields: Partial<Omit<Asset, 'id'>> = {}): Asset {
  return {
    id,
    tenantId: null,
    licenseId: null,
    hostName: `host-${id}`,
    domain: 'example.test',
    osVersion: 'Windows 11',
    networkInterfaces: [],
    installedProducts: [],
    firstSeen: 0,
    lastSeen: 0,
    status: 'ok',
    problems72h: [],
    telemetryLoss: false,
    isolated: false,
    ...fields,
  };
}

/** An open, high-priority EDR incident of the root tenant named after its number (unless `fields` say otherwise), version 1. */
export function testIncident(number: number, fields: Partial<Omit<Incident, 'number'>> = {}): Incident {
  return {
    id: `incident-${number}`,
    number,
    tenantId: null,
    summary: `Incident ${number}`,
    description: '',
    priority: 'high',
    status: 'open',
    resolution: null,
    mitreTactics: [],
    mitreTechniques: [],
    detectionTechnology: 'EDR',
    assetIocs: [],
    networkIocs: [],
    isCustom: false,
    created: 0,
    updated: 0,
    version: 1,
    affectedAssetIds: [],
    ...fields,
  };
}

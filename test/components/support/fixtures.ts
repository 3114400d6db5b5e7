/** Rows the MDR service answers, as several tests need them; a test changes only what it is about. */

/** A license of the *Licenses* list: MDR Expert, 500 assets, active. */
export function licenseRow(overrides: Record<string, unknown> = {}) {
  return {
    id: 'l-1',
    name: 'Kaspersky Managed Detection and Response Expert',
    tier: 'expert',
    assetLimit: 500,
    connectedAssets: 120,
    activationCode: 'EXEU00500ABCDEFGHIJK',
    activationDate: '2025-10-01T00:00:00.000Z',
    expirationDate: '2026-10-01T00:00:00.000Z',
    status: 'active',
    expiresSoon: false,
    overLimit: false,
    version: 1,
    ...overrides,
  };
}

/** A report schedule: weekly on Wednesday at 09:00 UTC for the tenant Alpha. */
export function reportSchedule(overrides: Record<string, unknown> = {}) {
  return {
    id: 's1',
    enabled: true,
    name: 'Weekly SOC summary',
    tenantId: 't1',
    tenantName: 'Alpha',
    emails: ['soc@example.com', 'ciso@example.com'],
    day: 'wednesday',
    time: '09:00',
    unencryptedAcknowledged: true,
    nextRun: '2026-06-10T09:00:00.000Z',
    nextPeriod: { from: '2026-06-03T00:00:00.000Z', to: '2026-06-10T00:00:00.000Z' },
    lastRun: null,
    version: 4,
    ...overrides,
  };
}

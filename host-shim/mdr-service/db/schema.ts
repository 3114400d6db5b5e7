/**
 * Numbered schema migrations of the MDR service database. A migration is never edited once
 * released: later changes append a new entry. All times are INTEGER milliseconds since the Unix
 * epoch (UTC), which is what the public REST API speaks and what sorts fastest; JSON columns hold
 * text validated with `json_valid`.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

const initialSchema = /* sql */ `
CREATE TABLE ksn_config_versions (
  version       TEXT PRIMARY KEY,
  published_on  INTEGER NOT NULL,
  notes         TEXT NOT NULL DEFAULT ''
);
CREATE INDEX ksn_config_versions_published ON ksn_config_versions (published_on);

-- One row: the organization this MDR service serves.
CREATE TABLE organization (
  id                         INTEGER PRIMARY KEY CHECK (id = 1),
  name                       TEXT NOT NULL,
  activation_state           TEXT NOT NULL DEFAULT 'notActivated' CHECK (activation_state IN ('active', 'notActivated')),
  activated_on               INTEGER,
  region_code                TEXT CHECK (region_code IN ('europe', 'canada', 'saudiArabia', 'russia', 'other')),
  telemetry_location         TEXT CHECK (telemetry_location IN ('northernEurope', 'saudiArabia', 'russia')),
  terms_accepted_on          INTEGER,
  ksn_statement_accepted_on  INTEGER,
  installed_ksn_version      TEXT REFERENCES ksn_config_versions (version),
  tier                       TEXT CHECK (tier IN ('optimum', 'expert', 'advanced', 'prime')),
  -- JSON array of tenant ids (may contain 'root') this Administration Server may reach; NULL = all.
  console_tenant_scope       TEXT CHECK (console_tenant_scope IS NULL OR (json_valid(console_tenant_scope) AND json_type(console_tenant_scope) = 'array')),
  version                    INTEGER NOT NULL DEFAULT 1,
  updated_on                 INTEGER NOT NULL
);

CREATE TABLE licenses (
  id                           TEXT PRIMARY KEY,
  activation_code              TEXT NOT NULL UNIQUE CHECK (length(activation_code) = 20 AND activation_code NOT GLOB '*[^A-Z0-9]*'),
  tier                         TEXT NOT NULL CHECK (tier IN ('optimum', 'expert', 'advanced', 'prime')),
  asset_limit                  INTEGER NOT NULL CHECK (asset_limit > 0),
  activation_date              INTEGER NOT NULL,
  expiration_date              INTEGER NOT NULL,
  -- Stored status; 'active' past its expiration date reads as 'expired' (see licenses.ts).
  status                       TEXT NOT NULL CHECK (status IN ('active', 'expired', 'blocked', 'deleted', 'inactive', 'removed')),
  custom_incidents_per_period  INTEGER CHECK (custom_incidents_per_period IS NULL OR custom_incidents_per_period >= 0),
  region_code                  TEXT NOT NULL CHECK (region_code IN ('europe', 'canada', 'saudiArabia', 'russia', 'other')),
  added_on                     INTEGER NOT NULL,
  removed_on                   INTEGER,
  version                      INTEGER NOT NULL DEFAULT 1,
  CHECK (expiration_date > activation_date)
);
CREATE INDEX licenses_status_expiration ON licenses (status, expiration_date);
CREATE INDEX licenses_expiration ON licenses (expiration_date);

CREATE TABLE tenants (
  id           TEXT PRIMARY KEY,
  name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  description  TEXT NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
  active       INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
  -- Auto-acceptance of responses for this tenant (used in the 'perTenant' mode); new tenants off.
  auto_accept  INTEGER NOT NULL DEFAULT 0 CHECK (auto_accept IN (0, 1)),
  created_on   INTEGER NOT NULL,
  -- Latest expiration among the tenant's configuration files; kept by triggers below.
  expiration   INTEGER,
  version      INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX tenants_name ON tenants (name COLLATE NOCASE);
CREATE INDEX tenants_expiration ON tenants (expiration);
CREATE INDEX tenants_created ON tenants (created_on);

CREATE TABLE tenant_config_files (
  id               TEXT PRIMARY KEY,
  tenant_id        TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  license_id       TEXT NOT NULL REFERENCES licenses (id),
  expiration_date  INTEGER NOT NULL,
  created_on       INTEGER NOT NULL
);
CREATE INDEX tenant_config_files_tenant ON tenant_config_files (tenant_id, expiration_date);
CREATE INDEX tenant_config_files_license ON tenant_config_files (license_id);

CREATE TRIGGER tenant_config_files_ai AFTER INSERT ON tenant_config_files BEGIN
  UPDATE tenants SET expiration = (SELECT max(expiration_date) FROM tenant_config_files WHERE tenant_id = new.tenant_id) WHERE id = new.tenant_id;
END;
CREATE TRIGGER tenant_config_files_au AFTER UPDATE OF expiration_date, tenant_id ON tenant_config_files BEGIN
  UPDATE tenants SET expiration = (SELECT max(expiration_date) FROM tenant_config_files WHERE tenant_id = old.tenant_id) WHERE id = old.tenant_id;
  UPDATE tenants SET expiration = (SELECT max(expiration_date) FROM tenant_config_files WHERE tenant_id = new.tenant_id) WHERE id = new.tenant_id;
END;
CREATE TRIGGER tenant_config_files_ad AFTER DELETE ON tenant_config_files BEGIN
  UPDATE tenants SET expiration = (SELECT max(expiration_date) FROM tenant_config_files WHERE tenant_id = old.tenant_id) WHERE id = old.tenant_id;
END;

-- Assets that sent telemetry at least once. seq (the rowid) is the FTS key; id is the vendor's asset id.
CREATE TABLE assets (
  seq                 INTEGER PRIMARY KEY AUTOINCREMENT,
  id                  TEXT NOT NULL UNIQUE,
  tenant_id           TEXT REFERENCES tenants (id) ON DELETE CASCADE,  -- NULL = root (no tenant)
  license_id          TEXT REFERENCES licenses (id) ON DELETE SET NULL,
  host_name           TEXT NOT NULL,
  domain              TEXT NOT NULL DEFAULT '',
  os_version          TEXT NOT NULL DEFAULT '',
  network_interfaces  TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(network_interfaces)),
  installed_products  TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(installed_products)),
  -- First installed product 'name version', denormalized so the EPP column sorts on an index.
  products_sort       TEXT NOT NULL DEFAULT '',
  -- All installed products as 'name version; name version', for substring filters and search.
  products_text       TEXT NOT NULL DEFAULT '',
  first_seen          INTEGER NOT NULL,
  last_seen           INTEGER NOT NULL,
  status              TEXT NOT NULL CHECK (status IN ('ok', 'warning', 'critical', 'absent')),
  -- Severity rank of status (ok 0 .. absent 3) so sorting by status is meaningful and indexed.
  status_rank         INTEGER GENERATED ALWAYS AS (CASE status WHEN 'ok' THEN 0 WHEN 'warning' THEN 1 WHEN 'critical' THEN 2 ELSE 3 END) VIRTUAL,
  problems_72h        TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(problems_72h)),
  telemetry_loss      INTEGER NOT NULL DEFAULT 0 CHECK (telemetry_loss IN (0, 1)),
  isolated            INTEGER NOT NULL DEFAULT 0 CHECK (isolated IN (0, 1)),
  CHECK (last_seen >= first_seen)
);
CREATE INDEX assets_host_name ON assets (host_name COLLATE NOCASE);
CREATE INDEX assets_domain ON assets (domain COLLATE NOCASE);
CREATE INDEX assets_os_version ON assets (os_version COLLATE NOCASE);
CREATE INDEX assets_products_sort ON assets (products_sort COLLATE NOCASE);
CREATE INDEX assets_first_seen ON assets (first_seen);
CREATE INDEX assets_last_seen ON assets (last_seen);
CREATE INDEX assets_status_rank ON assets (status_rank);
CREATE INDEX assets_status_last_seen ON assets (status, last_seen);
CREATE INDEX assets_tenant_status ON assets (tenant_id, status);
CREATE INDEX assets_license ON assets (license_id, status);
CREATE INDEX assets_telemetry_loss ON assets (telemetry_loss) WHERE telemetry_loss = 1;
CREATE INDEX assets_isolated ON assets (isolated) WHERE isolated = 1;

-- Substring search ("anywhere in the name") at 100,000 assets: a trigram full-text index over the
-- high-cardinality fields (host name, IP addresses). Low-cardinality fields (domain, OS, products)
-- are matched with LIKE instead: indexing them would triple the index for no speed gain.
-- Contentless (content='') because the addresses come from JSON. Rows are added by
-- AssetRepository.insert, not by an INSERT trigger: FTS5 flushes its pending terms at every
-- trigger sub-statement, which makes bulk loads six times slower. Deletes (also by cascade) and
-- updates are rare and kept in step by triggers; assets.seq is AUTOINCREMENT so a stale entry
-- could never point at a new asset.
CREATE VIRTUAL TABLE assets_search USING fts5 (
  host_name, addresses,
  content = '', contentless_delete = 1, tokenize = 'trigram'
);
CREATE TRIGGER assets_search_ad AFTER DELETE ON assets BEGIN
  DELETE FROM assets_search WHERE rowid = old.seq;
END;
CREATE TRIGGER assets_search_au AFTER UPDATE OF host_name, network_interfaces ON assets BEGIN
  DELETE FROM assets_search WHERE rowid = old.seq;
  INSERT INTO assets_search (rowid, host_name, addresses) VALUES (
    new.seq, new.host_name,
    (SELECT coalesce(group_concat(json_extract(value, '$.ip'), ' '), '') FROM json_each(new.network_interfaces))
  );
END;

CREATE TABLE incidents (
  id                    TEXT PRIMARY KEY,
  -- "Numeral identifier of the incident in the Console".
  number                INTEGER NOT NULL UNIQUE,
  tenant_id             TEXT REFERENCES tenants (id) ON DELETE CASCADE,  -- NULL = root
  summary               TEXT NOT NULL,
  description           TEXT NOT NULL DEFAULT '',  -- Markdown
  priority              TEXT NOT NULL CHECK (priority IN ('high', 'medium', 'low')),
  priority_rank         INTEGER GENERATED ALWAYS AS (CASE priority WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END) VIRTUAL,
  status                TEXT NOT NULL CHECK (status IN ('open', 'resolved', 'onHold', 'closed')),
  resolution            TEXT CHECK (resolution IN ('truePositive', 'falsePositive', 'notAffected', 'duplicate')),
  mitre_tactics         TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(mitre_tactics)),
  mitre_techniques      TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(mitre_techniques)),
  detection_technology  TEXT NOT NULL DEFAULT '',
  asset_iocs            TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(asset_iocs)),
  network_iocs          TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(network_iocs)),
  -- Created by the client in MDR Web Console (counts against the custom incident allowance).
  is_custom             INTEGER NOT NULL DEFAULT 0 CHECK (is_custom IN (0, 1)),
  created               INTEGER NOT NULL,
  updated               INTEGER NOT NULL,
  version               INTEGER NOT NULL DEFAULT 1,
  CHECK (updated >= created)
);
CREATE INDEX incidents_created ON incidents (created);
CREATE INDEX incidents_updated ON incidents (updated);
CREATE INDEX incidents_tenant_status ON incidents (tenant_id, status, priority);
CREATE INDEX incidents_status_priority ON incidents (status, priority);
CREATE INDEX incidents_priority_rank ON incidents (priority_rank, created);
CREATE INDEX incidents_custom_created ON incidents (created) WHERE is_custom = 1;

CREATE TABLE incident_assets (
  incident_id  TEXT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  asset_id     TEXT NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
  PRIMARY KEY (incident_id, asset_id)
) WITHOUT ROWID;
CREATE INDEX incident_assets_asset ON incident_assets (asset_id, incident_id);

CREATE TABLE responses (
  id           TEXT PRIMARY KEY,
  incident_id  TEXT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  asset_id     TEXT NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
  type         TEXT NOT NULL CHECK (type IN ('get_file', 'isolate', 'disable_isolation', 'delete_registry_key', 'memory_dump',
                                             'terminate_process', 'run_script', 'quarantine_file', 'restore_file')),
  parameters   TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(parameters)),
  status       TEXT NOT NULL CHECK (status IN ('waiting', 'confirmed', 'declined', 'inProgress', 'completed', 'failed')),
  comment      TEXT,
  changed_by   TEXT,
  created      INTEGER NOT NULL,
  updated      INTEGER NOT NULL,
  version      INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX responses_incident ON responses (incident_id, created);
CREATE INDEX responses_status ON responses (status, incident_id);
CREATE INDEX responses_asset ON responses (asset_id);
CREATE INDEX responses_type ON responses (type, incident_id);

CREATE TABLE comments (
  id           TEXT PRIMARY KEY,
  incident_id  TEXT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  author_name  TEXT NOT NULL,
  text         TEXT NOT NULL,  -- Markdown
  created      INTEGER NOT NULL
);
CREATE INDEX comments_incident ON comments (incident_id, created);

CREATE TABLE incident_history (
  id           INTEGER PRIMARY KEY,
  incident_id  TEXT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,
  category     TEXT NOT NULL CHECK (category IN ('incident', 'response', 'communication')),
  -- Event code, e.g. 'incidentCreated', 'statusChanged', 'responseConfirmed' (localized by the UI).
  what         TEXT NOT NULL,
  details      TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(details)),
  actor        TEXT,
  created      INTEGER NOT NULL
);
CREATE INDEX incident_history_incident ON incident_history (incident_id, created);

CREATE TABLE api_connections (
  id                      TEXT PRIMARY KEY,
  client_id               TEXT NOT NULL UNIQUE,
  name                    TEXT NOT NULL,
  access_level            TEXT NOT NULL CHECK (access_level IN ('full', 'senior', 'incident')),
  tenant_ids              TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tenant_ids) AND json_type(tenant_ids) = 'array'),
  status                  TEXT NOT NULL DEFAULT 'pendingActivation' CHECK (status IN ('pendingActivation', 'active', 'idle', 'revoked')),
  created                 INTEGER NOT NULL,
  last_used               INTEGER,
  -- SHA-256 (hex) of the one refresh token currently valid; the token itself is never stored.
  refresh_token_hash      TEXT,
  refresh_token_expires   INTEGER,
  -- Every token carries the chain id; changing or clearing it invalidates all of them at once.
  token_chain_id          TEXT,
  created_by              TEXT,
  version                 INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX api_connections_created ON api_connections (created);

CREATE TABLE report_schedules (
  id          TEXT PRIMARY KEY,
  enabled     INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 1000),
  tenant_id   TEXT REFERENCES tenants (id) ON DELETE CASCADE,  -- NULL = all tenants
  emails      TEXT NOT NULL CHECK (json_valid(emails) AND json_type(emails) = 'array'),
  day         TEXT NOT NULL CHECK (day IN ('everyDay', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday')),
  time        TEXT NOT NULL CHECK (time GLOB '[0-2][0-9]:[0-5][0-9]' AND substr(time, 1, 2) < '24'),
  -- The sender confirmed the report travels unencrypted (a save without it is refused).
  unencrypted_acknowledged INTEGER NOT NULL DEFAULT 0 CHECK (unencrypted_acknowledged IN (0, 1)),
  created     INTEGER NOT NULL,
  updated     INTEGER NOT NULL,
  version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX report_schedules_tenant ON report_schedules (tenant_id);
CREATE INDEX report_schedules_created ON report_schedules (created);

-- Organization-wide settings: key -> JSON value, each with its own optimistic-concurrency version.
CREATE TABLE settings (
  key      TEXT PRIMARY KEY,
  value    TEXT NOT NULL CHECK (json_valid(value)),
  version  INTEGER NOT NULL DEFAULT 1,
  updated  INTEGER NOT NULL
);

-- Per console user (id from X-MDR-User) notification preferences.
CREATE TABLE notification_subscriptions (
  user_id                    TEXT PRIMARY KEY,
  email                      TEXT,
  email_verified             INTEGER NOT NULL DEFAULT 0 CHECK (email_verified IN (0, 1)),
  email_categories           TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(email_categories)),
  -- Pending verification: only the code's hash is stored.
  email_code_hash            TEXT,
  email_code_expires         INTEGER,
  email_code_failures        INTEGER NOT NULL DEFAULT 0,
  telegram_categories        TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(telegram_categories)),
  telegram_link_token_hash   TEXT UNIQUE,
  telegram_linked            INTEGER NOT NULL DEFAULT 0 CHECK (telegram_linked IN (0, 1)),
  version                    INTEGER NOT NULL DEFAULT 1,
  updated                    INTEGER NOT NULL
);
`;

/**
 * Version 4: the runs of report schedules. One row per schedule and scheduled time, inserted before
 * the report is generated, so that a report is sent once even if the service restarts mid-run.
 */
const reportRuns = /* sql */ `
CREATE TABLE report_runs (
  id           INTEGER PRIMARY KEY,
  schedule_id  TEXT NOT NULL REFERENCES report_schedules (id) ON DELETE CASCADE,
  -- The scheduled time (or the moment of a *Send now*), ms since the epoch, UTC.
  run_at       INTEGER NOT NULL,
  period_from  INTEGER NOT NULL,
  period_to    INTEGER NOT NULL,
  manual       INTEGER NOT NULL DEFAULT 0 CHECK (manual IN (0, 1)),
  status       TEXT NOT NULL CHECK (status IN ('running', 'sent', 'failed')),
  error        TEXT,
  finished     INTEGER
);
CREATE UNIQUE INDEX report_runs_scheduled ON report_runs (schedule_id, run_at) WHERE manual = 0;
CREATE INDEX report_runs_schedule ON report_runs (schedule_id, run_at);
`;

/**
 * MDR Health at 100,000 assets: *All assets ever seen* sorts by telemetry loss (the partial index
 * of version 1 only finds the lost ones, so sorting read and sorted the whole table), and its most
 * common filtered view is one status in name order, which this index answers a page at a time.
 */
const healthListIndexes = /* sql */ `
CREATE INDEX assets_telemetry_loss_all ON assets (telemetry_loss);
CREATE INDEX assets_status_host_name ON assets (status, host_name COLLATE NOCASE);
`;

/**
 * Version 6: an API connection never acts beyond its creator's current rights. The console tells
 * the service each user's rights (pushed after every change of users or roles); connections made on
 * behalf of a console user are bound to them. Connections made by the service's operator (the
 * command line, demo data) are not. Rows of users the console no longer has keep an empty list, so
 * that a late request of a deleted user cannot bring their rights back.
 */
const principalRights = /* sql */ `
CREATE TABLE console_principals (
  user_id  TEXT PRIMARY KEY,
  rights   TEXT NOT NULL CHECK (json_valid(rights) AND json_type(rights) = 'array'),
  updated  INTEGER NOT NULL
);
ALTER TABLE api_connections ADD COLUMN limited_by_creator INTEGER NOT NULL DEFAULT 0 CHECK (limited_by_creator IN (0, 1));
-- Connections made in the console before this version: bound to their creator from now on.
UPDATE api_connections SET limited_by_creator = 1 WHERE created_by IS NOT NULL AND created_by <> 'command line';
`;

/**
 * Version 7: who created or last edited each report schedule (a console user id). A report mail goes
 * to addresses typed into the schedule, not registered by anyone, so the demo mailbox shows it to
 * that user (see `mail/mailbox-access.ts`). Schedules from before this version have nobody.
 */
const scheduleEditors = /* sql */ `
ALTER TABLE report_schedules ADD COLUMN edited_by TEXT;
`;

/**
 * Version 8: verification codes mailed and wrong codes entered, per user and address, for the
 * throttles of address verification. Codes pending from before are dropped: they were hashed
 * without the key file and cannot be checked any more, so they need *Resend*.
 */
const verificationEvents = /* sql */ `
CREATE TABLE verification_events (
  id       INTEGER PRIMARY KEY,
  kind     TEXT NOT NULL CHECK (kind IN ('codeMailed', 'wrongCode')),
  user_id  TEXT NOT NULL,
  -- Lower case: one mailbox, however the address is typed.
  address  TEXT NOT NULL,
  at       INTEGER NOT NULL
);
CREATE INDEX verification_events_user ON verification_events (kind, user_id, at);
CREATE INDEX verification_events_address ON verification_events (kind, address, at);
CREATE INDEX verification_events_at ON verification_events (at);
UPDATE notification_subscriptions SET email_code_hash = NULL, email_code_expires = NULL, email_code_failures = 0 WHERE email_code_hash IS NOT NULL;
`;

/** The weekly base of custom incidents is the help's three (one more per 10,000 endpoints is computed). */
const customIncidentBase = `
UPDATE licenses SET custom_incidents_per_period = 3 WHERE custom_incidents_per_period = 10;
`;

/**
 * Version 10: *MDR Health* and the dashboard at a million assets.
 *
 * - Counts by tenant, license and status are kept in `asset_counts`, so the dashboard widget,
 *   *MDR Usage* and *Licenses* read a few dozen rows instead of counting a million. Deletions and
 *   changes are counted by triggers, an insert by AssetRepository.insert: with an INSERT trigger on
 *   assets the search index flushes its pending terms at every row, and a bulk load took three
 *   times as long (the reason its search index row is written there too).
 * - The search index also carries each asset's status and tenant as tokens that no host name or
 *   address can contain (`state`: `qok`, `qwa`, `qcr`, `qab`; `tenant`: the tenant id, `~root~` for
 *   none). A search with a status filter within a tenant scope is then counted by the index alone:
 *   intersecting its lists of row ids costs milliseconds where reading 100,000 matching rows to look
 *   at their status cost 150 ms. The index is rebuilt from the assets (about 20 s at 1,000,000).
 */
const millionAssets = /* sql */ `
CREATE TABLE asset_counts (
  tenant_key   TEXT NOT NULL,              -- tenant id, '' = root
  license_key  TEXT NOT NULL,              -- license id, '' = none
  status       TEXT NOT NULL,
  n            INTEGER NOT NULL,
  PRIMARY KEY (tenant_key, license_key, status)
) WITHOUT ROWID;
INSERT INTO asset_counts (tenant_key, license_key, status, n)
  SELECT coalesce(tenant_id, ''), coalesce(license_id, ''), status, count(*) FROM assets GROUP BY 1, 2, 3;
CREATE TRIGGER asset_counts_ad AFTER DELETE ON assets BEGIN
  UPDATE asset_counts SET n = n - 1 WHERE tenant_key = coalesce(old.tenant_id, '') AND license_key = coalesce(old.license_id, '') AND status = old.status;
END;
CREATE TRIGGER asset_counts_au AFTER UPDATE OF tenant_id, license_id, status ON assets BEGIN
  UPDATE asset_counts SET n = n - 1 WHERE tenant_key = coalesce(old.tenant_id, '') AND license_key = coalesce(old.license_id, '') AND status = old.status;
  INSERT INTO asset_counts (tenant_key, license_key, status, n) VALUES (coalesce(new.tenant_id, ''), coalesce(new.license_id, ''), new.status, 1)
    ON CONFLICT (tenant_key, license_key, status) DO UPDATE SET n = n + 1;
END;

DROP TRIGGER IF EXISTS assets_search_ad;
DROP TRIGGER IF EXISTS assets_search_au;
DROP TABLE assets_search;
CREATE VIRTUAL TABLE assets_search USING fts5 (
  host_name, addresses, state, tenant,
  content = '', contentless_delete = 1, tokenize = 'trigram'
);
INSERT INTO assets_search (rowid, host_name, addresses, state, tenant)
  SELECT seq, host_name,
    (SELECT coalesce(group_concat(json_extract(value, '$.ip'), ' '), '') FROM json_each(network_interfaces)),
    'q' || substr(status, 1, 2), coalesce(tenant_id, '~root~')
  FROM assets;
CREATE TRIGGER assets_search_ad AFTER DELETE ON assets BEGIN
  DELETE FROM assets_search WHERE rowid = old.seq;
END;
CREATE TRIGGER assets_search_au AFTER UPDATE OF host_name, network_interfaces, status, tenant_id ON assets BEGIN
  DELETE FROM assets_search WHERE rowid = old.seq;
  INSERT INTO assets_search (rowid, host_name, addresses, state, tenant) VALUES (
    new.seq, new.host_name,
    (SELECT coalesce(group_concat(json_extract(value, '$.ip'), ' '), '') FROM json_each(new.network_interfaces)),
    'q' || substr(new.status, 1, 2), coalesce(new.tenant_id, '~root~')
  );
END;
`;

/** All migrations, in order. */
export const migrations: readonly Migration[] = [
  { version: 1, name: 'initial schema', sql: initialSchema },
  { version: 4, name: 'report runs', sql: reportRuns },
  { version: 5, name: 'MDR Health list indexes', sql: healthListIndexes },
  { version: 6, name: "API connections bound to their creator's rights", sql: principalRights },
  { version: 7, name: 'report schedule editors', sql: scheduleEditors },
  { version: 8, name: 'verification throttles', sql: verificationEvents },
  { version: 9, name: 'custom incidents per week from the help', sql: customIncidentBase },
  { version: 10, name: 'MDR Health at a million assets', sql: millionAssets },
];

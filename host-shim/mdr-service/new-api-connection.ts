/**
 * Creates a REST API connection in the local MDR service's data folder and prints what its *Token
 * info* shows once: the Client ID and a refresh token (valid 24 h, usable once), with the API URL and
 * the CA certificate to verify the service with. Works while the service runs (SQLite in WAL mode).
 *
 *   npx tsx host-shim/mdr-service/new-api-connection.ts --name "SIEM connector" \
 *     [--access full|senior|incident] [--tenant <tenant id or root>]...
 */
import { parseArgs } from 'node:util';
import { dataDir } from '../common/paths.ts';
import { ensurePki } from '../common/pki.ts';
import { openMdrDatabase, type ApiAccessLevel } from './db.ts';
import { generateApiConnection } from './services/api-connections.ts';
import { ACCESS_LEVELS } from '../../contract/api-access-levels.ts';
import { TokenService } from './tokens.ts';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      name: { type: 'string' },
      access: { type: 'string', default: 'full' },
      tenant: { type: 'string', multiple: true, default: [] },
    },
  });
  const access = values.access as ApiAccessLevel;
  if (!values.name?.trim() || !ACCESS_LEVELS.includes(access)) {
    console.error('Usage: new-api-connection.ts --name <connection name> [--access full|senior|incident] [--tenant <id|root>]...');
    process.exit(2);
  }
  const dir = dataDir();
  const pki = ensurePki(dir);
  const db = openMdrDatabase({ dir });
  try {
    const known = new Set(db.tenants.list(null).map((t) => t.id));
    const unknown = values.tenant!.filter((id) => id !== 'root' && !known.has(id));
    if (unknown.length > 0) {
      console.error(`Unknown tenant(s): ${unknown.join(', ')}. Known: root, ${[...known].join(', ')}`);
      process.exit(2);
    }
    const issued = await generateApiConnection(db, await TokenService.create(db, dir), {
      name: values.name.trim(),
      accessLevel: access,
      tenantIds: values.tenant!,
      createdBy: 'command line',
      now: Date.now(),
    });
    const port = Number(process.env.MDR_SERVICE_PORT ?? 8443);
    console.log(`API_URL = "https://127.0.0.1:${port}/api/v1"`);
    console.log(`VERIFY_CERT_PATH = ${JSON.stringify(pki.caCertPath)}`);
    console.log(`CLIENT_ID = "${issued.clientId}"`);
    console.log(`REFRESH_TOKEN = "${issued.refreshToken}"`);
    console.log(`# The refresh token is valid until ${new Date(issued.expiresAt).toISOString()} and can be used once.`);
  } finally {
    db.close();
  }
}

main().catch((error: unknown) => {
  console.error('Could not create the API connection:', error instanceof Error ? error.message : error);
  process.exit(1);
});

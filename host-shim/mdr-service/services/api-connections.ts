import crypto from 'node:crypto';
import type { ApiAccessLevel, ApiConnection, MdrDatabase } from '../db.ts';
import type { TokenService } from '../tokens.ts';

/** A Client ID: 28 hex characters, the shape of the help's example ("9ed43ed54sAmpleIdf349323951f"). */
export function newClientId(): string {
  return crypto.randomBytes(14).toString('hex');
}

/** What *Generate* shows once: the connection, its Client ID and its first refresh token. */
export interface GeneratedApiConnection {
  connection: ApiConnection;
  clientId: string;
  /** Valid 24 h, usable once. Shown once; only its hash is stored. */
  refreshToken: string;
  expiresAt: number;
}

/**
 * *Generate* on the API tab: creates a connection in *Pending activation* with a new id and Client
 * ID, and issues its first refresh token. `tenantIds` empty = not limited to any tenant.
 */
export async function generateApiConnection(
  db: MdrDatabase,
  tokens: TokenService,
  input: { name: string; accessLevel: ApiAccessLevel; tenantIds: string[]; createdBy: string | null; now: number },
): Promise<GeneratedApiConnection> {
  const inserted = db.apiConnections.insert({
    id: crypto.randomUUID(),
    clientId: newClientId(),
    name: input.name,
    accessLevel: input.accessLevel,
    tenantIds: input.tenantIds,
    created: input.now,
    createdBy: input.createdBy,
  });
  const issued = await tokens.issueConsoleRefreshToken(inserted.id);
  return { connection: db.apiConnections.require(inserted.id), clientId: issued.clientId, refreshToken: issued.refreshToken, expiresAt: issued.expiresAt };
}

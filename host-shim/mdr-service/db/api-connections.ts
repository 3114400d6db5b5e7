import { NotFoundError } from '../errors.ts';
import type { SqlContext } from './connection.ts';
import { parseJson, runVersionedUpdate } from './sql.ts';
import type { ApiAccessLevel, ApiConnection, ApiConnectionStatus } from './types.ts';

interface ApiConnectionRow {
  id: string;
  client_id: string;
  name: string;
  access_level: ApiAccessLevel;
  tenant_ids: string;
  status: ApiConnectionStatus;
  created: number;
  last_used: number | null;
  refresh_token_hash: string | null;
  refresh_token_expires: number | null;
  token_chain_id: string | null;
  created_by: string | null;
  limited_by_creator: 0 | 1;
  version: number;
}

function toConnection(row: ApiConnectionRow): ApiConnection {
  return {
    id: row.id,
    clientId: row.client_id,
    name: row.name,
    accessLevel: row.access_level,
    tenantIds: parseJson(row.tenant_ids),
    status: row.status,
    created: row.created,
    lastUsed: row.last_used,
    refreshTokenHash: row.refresh_token_hash,
    refreshTokenExpires: row.refresh_token_expires,
    tokenChainId: row.token_chain_id,
    createdBy: row.created_by,
    limitedByCreator: row.limited_by_creator === 1,
    version: row.version,
  };
}

export interface ApiConnectionInput {
  id: string;
  clientId: string;
  name: string;
  accessLevel: ApiAccessLevel;
  tenantIds: string[];
  created: number;
  createdBy: string | null;
  /** Made in the console on behalf of `createdBy` (see {@link ApiConnection.limitedByCreator}); default false. */
  limitedByCreator?: boolean;
}

/** A refresh token to make current: only its hash is kept. */
export interface RefreshTokenState {
  hash: string;
  expires: number;
  chainId: string;
}

/** REST API connections and the state of their token chains. */
export class ApiConnectionRepository {
  constructor(private readonly sql: SqlContext) {}

  insert(input: ApiConnectionInput): ApiConnection {
    this.sql
      .stmt(
        `INSERT INTO api_connections (id, client_id, name, access_level, tenant_ids, status, created, created_by, limited_by_creator)
         VALUES (@id, @clientId, @name, @accessLevel, @tenantIds, 'pendingActivation', @created, @createdBy, @limitedByCreator)`,
      )
      .run({ ...input, tenantIds: JSON.stringify(input.tenantIds), limitedByCreator: input.limitedByCreator ? 1 : 0 });
    return this.require(input.id);
  }

  get(id: string): ApiConnection | null {
    const row = this.sql.stmt<[string], ApiConnectionRow>('SELECT * FROM api_connections WHERE id = ?').get(id);
    return row ? toConnection(row) : null;
  }

  require(id: string): ApiConnection {
    const connection = this.get(id);
    if (!connection) throw new NotFoundError('API connection');
    return connection;
  }

  getByClientId(clientId: string): ApiConnection | null {
    const row = this.sql.stmt<[string], ApiConnectionRow>('SELECT * FROM api_connections WHERE client_id = ?').get(clientId);
    return row ? toConnection(row) : null;
  }

  /** All connections, newest first. */
  list(): ApiConnection[] {
    return this.sql.stmt<[], ApiConnectionRow>('SELECT * FROM api_connections ORDER BY created DESC, id').all().map(toConnection);
  }

  /** Edits name, rights or tenants with optimistic concurrency. */
  update(id: string, patch: Partial<Pick<ApiConnection, 'name' | 'accessLevel' | 'tenantIds'>>, expectedVersion: number): ApiConnection {
    const assignments: string[] = ['version = version + 1'];
    const params: Record<string, unknown> = { id, expectedVersion };
    if (patch.name !== undefined) (assignments.push('name = @name'), (params.name = patch.name));
    if (patch.accessLevel !== undefined) (assignments.push('access_level = @accessLevel'), (params.accessLevel = patch.accessLevel));
    if (patch.tenantIds !== undefined) (assignments.push('tenant_ids = @tenantIds'), (params.tenantIds = JSON.stringify(patch.tenantIds)));
    runVersionedUpdate(
      this.sql,
      `UPDATE api_connections SET ${assignments.join(', ')} WHERE id = @id AND version = @expectedVersion`,
      params,
      'SELECT 1 FROM api_connections WHERE id = ?',
      [id],
      'API connection',
    );
    return this.require(id);
  }

  delete(id: string, expectedVersion?: number): void {
    runVersionedUpdate(
      this.sql,
      'DELETE FROM api_connections WHERE id = @id AND (@expectedVersion IS NULL OR version = @expectedVersion)',
      { id, expectedVersion: expectedVersion ?? null },
      'SELECT 1 FROM api_connections WHERE id = ?',
      [id],
      'API connection',
    );
  }

  /**
   * Starts a new token chain with a console-issued refresh token (Generate / Refresh): every token
   * of the previous chain stops working. The connection is pending until the token is exchanged.
   */
  startChain(id: string, token: RefreshTokenState): ApiConnection {
    const result = this.sql
      .stmt(
        `UPDATE api_connections SET refresh_token_hash = @hash, refresh_token_expires = @expires, token_chain_id = @chainId,
           status = 'pendingActivation', version = version + 1
         WHERE id = @id`,
      )
      .run({ id, ...token });
    if (result.changes === 0) throw new NotFoundError('API connection');
    return this.require(id);
  }

  /**
   * Replaces the current refresh token, atomically and only if `presentedHash` is still current
   * (compare-and-swap): two concurrent exchanges of one token cannot both succeed.
   */
  rotateRefreshToken(id: string, presentedHash: string, next: Omit<RefreshTokenState, 'chainId'>, now = Date.now()): boolean {
    const result = this.sql
      .stmt(
        `UPDATE api_connections SET refresh_token_hash = @hash, refresh_token_expires = @expires, status = 'active',
           last_used = @now, version = version + 1
         WHERE id = @id AND refresh_token_hash = @presentedHash AND status <> 'revoked'`,
      )
      .run({ id, presentedHash, hash: next.hash, expires: next.expires, now });
    return result.changes === 1;
  }

  /** Revokes the connection: clears the token chain so every token of it fails at once. */
  revoke(id: string): ApiConnection {
    const result = this.sql
      .stmt(
        `UPDATE api_connections SET status = 'revoked', refresh_token_hash = NULL, refresh_token_expires = NULL,
           token_chain_id = NULL, version = version + 1
         WHERE id = ?`,
      )
      .run(id);
    if (result.changes === 0) throw new NotFoundError('API connection');
    return this.require(id);
  }

  /** Records use of an access token (throttled by the caller to spare writes). */
  markUsed(id: string, now = Date.now()): void {
    this.sql.stmt("UPDATE api_connections SET last_used = ?, status = CASE status WHEN 'idle' THEN 'active' ELSE status END WHERE id = ?").run(now, id);
  }
}

import { bitColumn, jsonColumn, RowMapping } from '../../common/row-mapping.ts';
import { NotFoundError } from '../errors.ts';
import type { SqlContext } from './connection.ts';
import { deleteVersioned, found, updateVersioned } from './sql.ts';
import type { ApiAccessLevel, ApiConnection } from './types.ts';

const CONNECTIONS = new RowMapping<ApiConnection>('api_connections', {
  id: 'id',
  clientId: 'client_id',
  name: 'name',
  accessLevel: 'access_level',
  tenantIds: jsonColumn('tenant_ids'),
  status: 'status',
  created: 'created',
  lastUsed: 'last_used',
  refreshTokenHash: 'refresh_token_hash',
  refreshTokenExpires: 'refresh_token_expires',
  tokenChainId: 'token_chain_id',
  createdBy: 'created_by',
  limitedByCreator: bitColumn('limited_by_creator'),
  version: 'version',
});

/** The row a versioned statement about a connection changes. */
const connectionRow = (id: string) => ({ table: CONNECTIONS.table, id, what: 'API connection' });

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
    CONNECTIONS.insert(this.sql, { ...input, status: 'pendingActivation', limitedByCreator: input.limitedByCreator ?? false });
    return this.require(input.id);
  }

  get(id: string): ApiConnection | null {
    return CONNECTIONS.one(this.sql, 'WHERE id = ?', id);
  }

  require(id: string): ApiConnection {
    return found(this.get(id), 'API connection');
  }

  getByClientId(clientId: string): ApiConnection | null {
    return CONNECTIONS.one(this.sql, 'WHERE client_id = ?', clientId);
  }

  /** All connections, newest first. */
  list(): ApiConnection[] {
    return CONNECTIONS.all(this.sql, 'ORDER BY created DESC, id');
  }

  /** Edits name, rights or tenants with optimistic concurrency. */
  update(id: string, patch: Partial<Pick<ApiConnection, 'name' | 'accessLevel' | 'tenantIds'>>, expectedVersion: number): ApiConnection {
    const { set, params } = CONNECTIONS.assignments(patch, ['name', 'accessLevel', 'tenantIds']);
    updateVersioned(this.sql, connectionRow(id), set, params, expectedVersion);
    return this.require(id);
  }

  delete(id: string, expectedVersion?: number): void {
    deleteVersioned(this.sql, connectionRow(id), expectedVersion);
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

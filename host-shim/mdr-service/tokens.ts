/**
 * JWT refresh and access tokens of the public REST API.
 *
 * - The console issues a refresh token (valid 24 h, single use) when a connection is generated or
 *   refreshed; that starts a new token chain and invalidates the previous one.
 * - `session/confirm` exchanges a refresh token for an access token (1 h) and a new refresh token
 *   (7 days). Presenting a refresh token that was already exchanged is taken as theft: the
 *   connection is revoked, so every token of the chain stops working at once.
 * - Only SHA-256 hashes of refresh tokens are stored; access tokens are not stored at all (their
 *   chain id is checked against the connection on every call, so revocation is immediate).
 * - A connection made in the console works only while its creator still holds the rights of its
 *   access level (403 `creatorRightsInsufficient` otherwise, on every call and on `session/confirm`).
 *
 * Signing keys (ES256) are generated on first start into `<dataDir>/jwt-keys.json` (mode 0600).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, errors as joseErrors, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { writeFileAtomic } from '../common/files.ts';
import { ACCESS_TOKEN_LIFETIME_MS, type ApiConnection, type MdrDatabase, type TenantScope } from './db.ts';
import { ForbiddenError, UnauthorizedError } from './errors.ts';
import { creatorRightsCover } from './services/creator-rights.ts';

export const REFRESH_TOKEN_FROM_CONSOLE_TTL_MS = 24 * 60 * 60 * 1000;
export const REFRESH_TOKEN_TTL_MS = 7 * 24 * 60 * 60 * 1000;
export const ACCESS_TOKEN_TTL_MS = ACCESS_TOKEN_LIFETIME_MS;
const ISSUER = 'mdr-local-service';
const AUDIENCE = 'mdr-rest-api-v1';
const KEYS_FILE = 'jwt-keys.json';
/** Writing last-used on every call would turn reads into writes; once a minute is precise enough. */
const LAST_USED_RESOLUTION_MS = 60_000;

interface KeysFile {
  kid: string;
  alg: 'ES256';
  privateJwk: JWK;
  publicJwk: JWK;
  created: string;
}

interface TokenClaims extends JWTPayload {
  typ: 'refresh' | 'access';
  /** Connection id. */
  cid: string;
  /** Token chain id. */
  chn: string;
}

/** The caller of a REST API request, once its access token is verified. */
export interface ApiCaller {
  connection: ApiConnection;
  /** Tenants the connection may read (may contain 'root'). */
  scope: TenantScope;
}

/** A pair returned by `session/confirm`, in the vendor's field names. */
export interface TokenPair {
  access_token: string;
  refresh_token: string;
}

/**
 * What a connection's tokens may read: the tenants chosen for it ('root' = assets and incidents of
 * no tenant). A connection created without any tenant is not limited (the *Tenant* field is
 * optional in both consoles).
 */
export function connectionScope(connection: Pick<ApiConnection, 'tenantIds'>): TenantScope {
  return connection.tenantIds.length > 0 ? connection.tenantIds : null;
}

/** SHA-256 (hex) of a token: what is stored instead of the token. */
export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

async function loadOrCreateKeys(dir: string): Promise<{ kid: string; privateKey: CryptoKey; publicKey: CryptoKey }> {
  const file = path.join(dir, KEYS_FILE);
  let keys: KeysFile;
  if (fs.existsSync(file)) {
    // Stryker disable next-line StringLiteral: JSON.parse reads the file's bytes as UTF-8 text with or without the encoding
    keys = JSON.parse(fs.readFileSync(file, 'utf8')) as KeysFile;
  } else {
    const pair = await generateKeyPair('ES256', { extractable: true });
    keys = {
      kid: crypto.randomBytes(8).toString('hex'),
      alg: 'ES256',
      privateJwk: await exportJWK(pair.privateKey),
      publicJwk: await exportJWK(pair.publicKey),
      created: new Date().toISOString(),
    };
    writeFileAtomic(file, JSON.stringify(keys, null, 2), 0o600);
  }
  return {
    kid: keys.kid,
    privateKey: (await importJWK(keys.privateJwk, 'ES256')) as CryptoKey,
    publicKey: (await importJWK(keys.publicJwk, 'ES256')) as CryptoKey,
  };
}

/** Issues and checks REST API tokens against the connections in the database. */
export class TokenService {
  readonly #db: MdrDatabase;
  readonly #now: () => number;
  readonly #kid: string;
  readonly #privateKey: CryptoKey;
  readonly #publicKey: CryptoKey;

  private constructor(db: MdrDatabase, now: () => number, keys: { kid: string; privateKey: CryptoKey; publicKey: CryptoKey }) {
    this.#db = db;
    this.#now = now;
    this.#kid = keys.kid;
    this.#privateKey = keys.privateKey;
    this.#publicKey = keys.publicKey;
  }

  /** Loads (or creates on first start) the signing keys in `dataDir`. */
  static async create(db: MdrDatabase, dataDir: string, now: () => number = Date.now): Promise<TokenService> {
    return new TokenService(db, now, await loadOrCreateKeys(dataDir));
  }

  async #sign(claims: Omit<TokenClaims, 'iat' | 'exp'>, subject: string, ttlMs: number): Promise<{ token: string; expires: number }> {
    const issuedAt = this.#now();
    const expires = issuedAt + ttlMs;
    const token = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'ES256', kid: this.#kid, typ: 'JWT' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject(subject)
      .setJti(crypto.randomUUID())
      .setIssuedAt(Math.floor(issuedAt / 1000))
      .setExpirationTime(Math.floor(expires / 1000))
      .sign(this.#privateKey);
    return { token, expires };
  }

  async #verify(token: string, expected: TokenClaims['typ'], clientId: string): Promise<TokenClaims> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.#publicKey, {
        issuer: ISSUER,
        audience: AUDIENCE,
        algorithms: ['ES256'],
        currentDate: new Date(this.#now()),
      }));
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw new UnauthorizedError('tokenExpired', 'The token has expired');
      throw new UnauthorizedError('invalidToken', 'The token is not valid');
    }
    const claims = payload as TokenClaims;
    if (claims.typ !== expected || typeof claims.cid !== 'string' || typeof claims.chn !== 'string') {
      throw new UnauthorizedError('invalidToken', `Not a ${expected} token`);
    }
    if (claims.sub !== clientId) throw new UnauthorizedError('invalidToken', 'The token belongs to another client');
    return claims;
  }

  /**
   * Issues the refresh token the console shows once after *Generate* / *Refresh* (valid 24 h).
   * Starts a new chain: tokens issued before stop working.
   */
  async issueConsoleRefreshToken(connectionId: string): Promise<{ clientId: string; refreshToken: string; expiresAt: number }> {
    const connection = this.#db.apiConnections.require(connectionId);
    const chainId = crypto.randomUUID();
    const { token, expires } = await this.#sign({ typ: 'refresh', cid: connection.id, chn: chainId }, connection.clientId, REFRESH_TOKEN_FROM_CONSOLE_TTL_MS);
    this.#db.apiConnections.startChain(connection.id, { hash: hashToken(token), expires, chainId });
    return { clientId: connection.clientId, refreshToken: token, expiresAt: expires };
  }

  /** `session/confirm`: exchanges a refresh token for an access token and the next refresh token. */
  async exchange(clientId: string, refreshToken: string): Promise<TokenPair> {
    const claims = await this.#verify(refreshToken, 'refresh', clientId);
    const connection = this.#db.apiConnections.getByClientId(clientId);
    if (!connection || connection.id !== claims.cid) throw new UnauthorizedError('invalidToken', 'Unknown connection');
    if (connection.status === 'revoked' || connection.tokenChainId === null) throw new UnauthorizedError('connectionRevoked', 'The connection is revoked');
    if (claims.chn !== connection.tokenChainId) throw new UnauthorizedError('tokenRevoked', 'The token was replaced by a newer one');
    const presentedHash = hashToken(refreshToken);
    const reuse = (): never => {
      // The token was already exchanged: someone holds a copy. Revoke the whole chain.
      this.#db.apiConnections.revoke(connection.id);
      throw new UnauthorizedError('refreshTokenReused', 'The refresh token was already used; the connection has been revoked');
    };
    if (presentedHash !== connection.refreshTokenHash) reuse();
    // Checked before the token is used up: once the creator's rights are back, the same token works.
    this.#requireCreatorRights(connection);
    const chain = { cid: connection.id, chn: connection.tokenChainId };
    const access = await this.#sign({ typ: 'access', ...chain }, clientId, ACCESS_TOKEN_TTL_MS);
    const refresh = await this.#sign({ typ: 'refresh', ...chain }, clientId, REFRESH_TOKEN_TTL_MS);
    // Compare-and-swap: of two concurrent exchanges of one token, only one can win.
    const rotated = this.#db.apiConnections.rotateRefreshToken(connection.id, presentedHash, { hash: hashToken(refresh.token), expires: refresh.expires }, this.#now());
    if (!rotated) reuse();
    return { access_token: access.token, refresh_token: refresh.token };
  }

  /** 403 while the connection's creator no longer holds the rights of its access level. */
  #requireCreatorRights(connection: ApiConnection): void {
    if (!creatorRightsCover(this.#db, connection)) {
      throw new ForbiddenError('creatorRightsInsufficient', 'The user who created this connection no longer has the rights of its access level');
    }
  }

  /** Verifies an access token for `clientId` and returns the caller (401 when anything is off). */
  async authenticate(clientId: string, accessToken: string): Promise<ApiCaller> {
    const claims = await this.#verify(accessToken, 'access', clientId);
    const connection = this.#db.apiConnections.getByClientId(clientId);
    if (!connection || connection.id !== claims.cid) throw new UnauthorizedError('invalidToken', 'Unknown connection');
    if (connection.status === 'revoked' || connection.tokenChainId !== claims.chn) {
      throw new UnauthorizedError('connectionRevoked', 'The connection is revoked or its tokens were replaced');
    }
    this.#requireCreatorRights(connection);
    const now = this.#now();
    if (connection.lastUsed === null || now - connection.lastUsed >= LAST_USED_RESOLUTION_MS) this.#db.apiConnections.markUsed(connection.id, now);
    return { connection, scope: connectionScope(connection) };
  }
}

import crypto from 'node:crypto';
import fs from 'node:fs';
import tls from 'node:tls';
import { Agent, Pool, ProxyAgent, type Dispatcher } from 'undici';
import { describeProxy, isNoProxyHost, redactProxyUrl, type ConsoleEnvironment } from './environment.ts';

import type { UpstreamFailure } from '../../contract/errors.ts';

export type { UpstreamFailure };

/** An error with a failure kind, the HTTP status the console answers with, and a message free of secrets. */
export class UpstreamError extends Error {
  constructor(
    readonly failure: UpstreamFailure,
    readonly status: 502 | 504,
    message: string,
  ) {
    super(message);
    this.name = 'UpstreamError';
  }
}

/** What the extra CA files gave at start-up. */
export interface ExtraCertificates {
  /** The files named, `.env`'s first. */
  paths: string[];
  count: number;
  /** Set when a named file could not be used. */
  problem: 'missing' | 'unreadable' | 'noCertificates' | undefined;
  /** The file the problem is about. */
  problemPath: string | undefined;
  /** The certificates that were left out, each named by file, position and subject (the file still counts). */
  rejected: RejectedCertificate[];
  pems: string[];
}

/** A certificate of an extra CA file that is not trusted, and why. */
export interface RejectedCertificate {
  path: string;
  /** 1-based position of the certificate in its file, and the line its BEGIN marker is on. */
  position: number;
  line: number;
  /** The subject, when the certificate could be read at all. */
  subject?: string;
  reason: 'unreadable' | 'expired' | 'notYetValid' | 'notCa';
}

/** How the MDR service is reached: for the status line (never includes a password). */
export interface RouteDescription {
  mode: 'direct' | 'proxy';
  proxy?: { host: string; port: number; protocol: string; withCredentials: boolean };
  extraCertificates: { count: number; problem: ExtraCertificates['problem']; rejected: number };
}

/**
 * Checks one PEM block as a CA certificate: it must parse, be valid now and be a CA. A TLS-inspecting
 * proxy's or anti-virus's file sometimes holds a leaf, an expired root or a damaged block; naming it
 * at start-up is kinder than a certificate error on the first call.
 */
function checkCertificate(pem: string, now: Date): Pick<RejectedCertificate, 'subject' | 'reason'> | undefined {
  let certificate: crypto.X509Certificate;
  try {
    certificate = new crypto.X509Certificate(pem);
  } catch {
    return { reason: 'unreadable' };
  }
  const subject = certificate.subject.replace(/\n/g, ', ');
  if (new Date(certificate.validTo) < now) return { subject, reason: 'expired' };
  if (new Date(certificate.validFrom) > now) return { subject, reason: 'notYetValid' };
  if (!certificate.ca) return { subject, reason: 'notCa' };
  return undefined;
}

/**
 * Reads the PEM files named by NODE_EXTRA_CA_CERTS and checks every certificate in them; never throws.
 * Usable certificates are kept, each unusable one is listed in `rejected`; `problem` names the first
 * file that could not be used at all.
 */
export function loadExtraCertificates(filePaths: string[], now = new Date()): ExtraCertificates {
  const result: ExtraCertificates = { paths: filePaths, count: 0, problem: undefined, problemPath: undefined, rejected: [], pems: [] };
  for (const filePath of filePaths) {
    let problem: ExtraCertificates['problem'];
    try {
      const text = fs.readFileSync(filePath, 'utf8');
      const blocks = [...text.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)];
      if (blocks.length === 0) problem = 'noCertificates';
      blocks.forEach((block, index) => {
        const rejected = checkCertificate(block[0], now);
        if (!rejected) {
          result.pems.push(block[0]);
          return;
        }
        const line = text.slice(0, block.index).split('\n').length;
        result.rejected.push({ path: filePath, position: index + 1, line, ...rejected });
      });
    } catch (error) {
      problem = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'unreadable';
    }
    if (problem && !result.problem) {
      result.problem = problem;
      result.problemPath = filePath;
    }
  }
  result.count = result.pems.length;
  return result;
}

/** One line per rejected certificate, for the console's log at start-up. */
export function describeRejectedCertificates(certificates: ExtraCertificates): string[] {
  const reasons: Record<RejectedCertificate['reason'], string> = {
    unreadable: 'cannot be read as a certificate',
    expired: 'has expired',
    notYetValid: 'is not valid yet',
    notCa: 'is not a CA certificate',
  };
  return certificates.rejected.map(
    (rejected) =>
      `NODE_EXTRA_CA_CERTS: certificate ${rejected.position} of ${rejected.path} (line ${rejected.line})${rejected.subject ? `, subject ${rejected.subject}` : ''}, ${reasons[rejected.reason]}; it is not trusted.`,
  );
}

export interface OutboundOptions {
  /** Base URL of the MDR service, e.g. https://127.0.0.1:8443 */
  serviceUrl: string;
  environment: ConsoleEnvironment;
  connectTimeoutMs?: number;
  responseTimeoutMs?: number;
  /** Wait before the retry after attempt `attempt` (0, 1) of a GET (default 100 ms, then 300 ms). */
  retryDelayMs?: (attempt: number) => number;
}

const tlsTrustCodes = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_UNTRUSTED',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * The console's one HTTP client to the MDR service: proxy and extra certificates from the environment,
 * keep-alive connections, timeouts, and failures classified so that each gets its own message.
 */
export class MdrServiceClient {
  readonly origin: string;
  readonly extraCertificates: ExtraCertificates;
  readonly route: RouteDescription;
  private readonly dispatcher: Dispatcher;
  private readonly proxyUrl: URL | undefined;
  private readonly responseTimeoutMs: number;
  private readonly retryDelayMs: (attempt: number) => number;

  constructor(options: OutboundOptions) {
    const target = new URL(options.serviceUrl);
    this.origin = target.origin;
    const environment = options.environment;
    this.extraCertificates = loadExtraCertificates(environment.extraCaCertsPaths);
    // One TLS context for every connection: handing each connection the CA list instead makes it
    // parse every root and extra certificate again, milliseconds per connection, which stalled the
    // console whenever the MDR service closed idle connections and many were opened at once.
    const secureContext = tls.createSecureContext({ ca: [...tls.rootCertificates, ...this.extraCertificates.pems] });
    const connectTimeout = options.connectTimeoutMs ?? 5_000;
    this.responseTimeoutMs = options.responseTimeoutMs ?? 15_000;
    this.retryDelayMs = options.retryDelayMs ?? backoffMs;

    const proxySetting = target.protocol === 'https:' ? environment.httpsProxy ?? environment.httpProxy : environment.httpProxy;
    const port = Number(target.port || (target.protocol === 'https:' ? 443 : 80));
    const useProxy = proxySetting !== undefined && !isNoProxyHost(target.hostname, port, environment.noProxy);
    const timeouts = { headersTimeout: this.responseTimeoutMs, bodyTimeout: this.responseTimeoutMs };

    if (useProxy) {
      this.proxyUrl = new URL(proxySetting);
      const proxy = describeProxy(proxySetting) ?? undefined;
      this.route = { mode: 'proxy', proxy, extraCertificates: this.describeCertificates() };
      const username = decodeURIComponent(this.proxyUrl.username);
      const password = decodeURIComponent(this.proxyUrl.password);
      const uri = new URL(this.proxyUrl.toString());
      uri.username = '';
      uri.password = '';
      this.dispatcher = new ProxyAgent({
        uri: uri.toString(),
        token: username ? `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` : undefined,
        requestTls: { secureContext, timeout: connectTimeout },
        proxyTls: { secureContext, timeout: connectTimeout },
        connectTimeout,
        ...timeouts,
        // The tunnel request (CONNECT) gets the connect timeout, and its failures are marked as the
        // proxy's, so that a silent or refusing proxy is not mistaken for the MDR service.
        clientFactory: (origin: URL | string, factoryOptions: object) => {
          const pool = new Pool(origin, { ...factoryOptions, headersTimeout: connectTimeout, bodyTimeout: connectTimeout });
          const connect = pool.connect.bind(pool) as (options: Dispatcher.ConnectOptions) => Promise<Dispatcher.ConnectData>;
          (pool as unknown as { connect: typeof connect }).connect = async (options) => {
            try {
              return await connect(options);
            } catch (error) {
              if (error instanceof Error) (error as Error & { atProxy?: boolean }).atProxy = true;
              throw error;
            }
          };
          return pool;
        },
      });
    } else {
      this.proxyUrl = undefined;
      this.route = { mode: 'direct', extraCertificates: this.describeCertificates() };
      this.dispatcher = new Agent({ connect: { secureContext, timeout: connectTimeout }, connections: 128, keepAliveTimeout: 30_000, ...timeouts });
    }
  }

  private describeCertificates(): RouteDescription['extraCertificates'] {
    const { count, problem, rejected } = this.extraCertificates;
    return { count, problem, rejected: rejected.length };
  }

  /** One request to the MDR service. Throws UpstreamError for transport failures and 5xx answers. */
  async request(options: {
    method: Dispatcher.HttpMethod;
    path: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
  }): Promise<Dispatcher.ResponseData> {
    const retries = options.method === 'GET' || options.method === 'HEAD' ? 2 : 0;
    for (let attempt = 0; ; attempt++) {
      try {
        const response = await this.dispatcher.request({
          origin: this.origin,
          path: options.path,
          method: options.method,
          headers: options.headers,
          body: options.body,
        });
        if (response.statusCode >= 500) {
          if (attempt < retries && (response.statusCode === 502 || response.statusCode === 503)) {
            await response.body.dump();
            await delay(this.retryDelayMs(attempt));
            continue;
          }
          await response.body.dump();
          throw new UpstreamError('serviceError', 502, `MDR service answered ${response.statusCode}`);
        }
        return response;
      } catch (error) {
        if (error instanceof UpstreamError) throw error;
        const classified = this.classify(error);
        // Reads are retried when the connection failed before anything was sent; changes never are.
        if (attempt < retries && (classified.failure === 'serviceUnreachable' || classified.failure === 'proxyUnreachable')) {
          await delay(this.retryDelayMs(attempt));
          continue;
        }
        throw classified;
      }
    }
  }

  /** Maps a transport error to a specific failure; the message names no secret. */
  classify(error: unknown): UpstreamError {
    const chain = errorChain(error);
    const codes = chain.map((e) => (e as NodeJS.ErrnoException).code ?? '');
    const messages = chain.map((e) => e.message ?? '').join(' | ');
    const proxyStatus = /Proxy response \((\d{3})\)/.exec(messages)?.[1];
    const where = this.proxyUrl ? ` through proxy ${this.proxyUrl.hostname}:${this.proxyUrl.port || '80'}` : '';

    if (proxyStatus === '407') {
      return new UpstreamError('proxyAuthenticationFailed', 502, `The proxy ${this.proxyUrl?.host ?? ''} refused the credentials (407)`);
    }
    if (proxyStatus) {
      return new UpstreamError('serviceUnreachable', 502, `The proxy could not reach the MDR service (${proxyStatus})`);
    }
    if (codes.some((code) => tlsTrustCodes.has(code))) {
      const code = codes.find((c) => tlsTrustCodes.has(c));
      return new UpstreamError('certificateUntrusted', 502, `The MDR service certificate is not trusted (${code})${where}. Add the issuing CA certificate to the PEM file named by NODE_EXTRA_CA_CERTS in the console's .env, then restart the console`);
    }
    const timedOut = codes.some((code) => code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ETIMEDOUT');
    const responseTimedOut = codes.some((code) => code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT');
    const refused = codes.some((code) => ['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE'].includes(code));
    const atProxy = this.proxyUrl !== undefined && this.failedAtProxy(chain);
    if (timedOut || responseTimedOut) {
      return atProxy
        ? new UpstreamError('proxyTimeout', 504, `The proxy ${this.proxyUrl!.hostname} did not answer in time`)
        : new UpstreamError('serviceTimeout', 504, `The MDR service did not answer in time${where}`);
    }
    if (refused) {
      return atProxy
        ? new UpstreamError('proxyUnreachable', 502, `The proxy ${this.proxyUrl!.hostname}:${this.proxyUrl!.port || '80'} cannot be reached`)
        : new UpstreamError('serviceUnreachable', 502, `The MDR service cannot be reached${where}`);
    }
    return new UpstreamError('serviceUnreachable', 502, `The MDR service cannot be reached${where} (${codes.find(Boolean) ?? 'unknown error'})`);
  }

  /** A connection failure happened at the proxy when it names the proxy's address, or came before any tunnel. */
  private failedAtProxy(chain: Error[]): boolean {
    const proxyPort = Number(this.proxyUrl!.port || (this.proxyUrl!.protocol === 'https:' ? 443 : 80));
    return chain.some((e) => {
      const err = e as NodeJS.ErrnoException & { port?: number; atProxy?: boolean };
      return err.atProxy === true || err.port === proxyPort;
    });
  }

  /** Text for the log: how the service is reached, without credentials. */
  describeForLog(): string {
    const via = this.proxyUrl ? `through proxy ${redactProxyUrl(this.proxyUrl.toString())}` : 'directly';
    const certs = this.extraCertificates;
    const extra =
      certs.paths.length === 0
        ? 'no extra CA certificates'
        : `${certs.count} extra CA certificate(s) from ${certs.paths.join(', ')}${certs.problem ? `; ${certs.problemPath}: ${certs.problem}` : ''}`;
    return `MDR service ${this.origin} reached ${via}; ${extra}`;
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }
}

function errorChain(error: unknown): Error[] {
  const chain: Error[] = [];
  let current: unknown = error;
  while (current instanceof Error && chain.length < 8) {
    chain.push(current);
    if (current instanceof AggregateError) chain.push(...current.errors.filter((e): e is Error => e instanceof Error));
    current = (current as Error & { cause?: unknown }).cause;
  }
  return chain;
}

function backoffMs(attempt: number): number {
  return 100 * 3 ** attempt;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

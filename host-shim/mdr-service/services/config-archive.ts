/**
 * The MDR configuration file: a ZIP archive with the KSN configuration file and either the BLOB (P7)
 * file, for EPP applications configured through Security Center policies, or the BAT file, for
 * legacy deployments. The BLOB is a real PKCS#7 SignedData structure (DER), signed with the
 * service's certificate, so that tools which parse P7 files accept it.
 */
import fs from 'node:fs';
import forge from 'node-forge';
import yazl from 'yazl';
import type { PkiPaths } from '../../common/pki.ts';
import { ROOT_TENANT, type License, type MdrDatabase, type Tenant } from '../db.ts';
import { iso, licenseName } from './usage.ts';
/** Which deployment file goes into the archive next to the KSN configuration file. */
import type { ArchiveVariant } from '../../../contract/tenants.ts';

/** What the asset configuration says: who the asset belongs to and until when. */
export interface AssetConfiguration {
  organization: string;
  /** Tenant id, or 'root' for assets without a tenant. */
  tenantId: string;
  tenantName: string | null;
  licenseId: string;
  licenseName: string;
  /** ISO 8601: the end of the configuration's validity. */
  validUntil: string;
  region: string | null;
  telemetryLocation: string | null;
  issuedOn: string;
}

/** Names of the files inside the archive. */
export const ARCHIVE_FILES = {
  ksn: 'ksn_configuration.json',
  blob: 'mdr_configuration.p7',
  bat: 'mdr_configuration.bat',
} as const;

function signedData(content: string, pki: PkiPaths): Buffer {
  const certificate = forge.pki.certificateFromPem(fs.readFileSync(pki.serverCertPath, 'utf8'));
  const key = forge.pki.privateKeyFromPem(fs.readFileSync(pki.serverKeyPath, 'utf8'));
  const p7 = forge.pkcs7.createSignedData();
  p7.content = forge.util.createBuffer(content, 'utf8');
  p7.addCertificate(certificate);
  p7.addSigner({
    key,
    certificate,
    digestAlgorithm: forge.pki.oids.sha256!,
    authenticatedAttributes: [
      { type: forge.pki.oids.contentType!, value: forge.pki.oids.data },
      { type: forge.pki.oids.messageDigest! },
      { type: forge.pki.oids.signingTime!, value: new Date() as unknown as string },
    ],
  });
  p7.sign();
  return Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), 'binary');
}

function batchFile(configuration: AssetConfiguration): string {
  // The configuration travels base64-encoded, so that no character of a tenant name can break the script.
  const payload = Buffer.from(JSON.stringify(configuration), 'utf8').toString('base64');
  return [
    '@echo off',
    'rem MDR configuration for assets with EPP applications that cannot be configured through policies.',
    `rem Tenant: ${configuration.tenantId}   License: ${configuration.licenseId}   Valid until: ${configuration.validUntil}`,
    'setlocal',
    'set "MDR_DIR=%ProgramData%\\MDR"',
    'if not exist "%MDR_DIR%" mkdir "%MDR_DIR%"',
    `set "MDR_CONFIG=${payload}"`,
    'powershell -NoProfile -Command "[IO.File]::WriteAllBytes(\'%MDR_DIR%\\mdr_configuration.json\', [Convert]::FromBase64String($env:MDR_CONFIG))"',
    'copy /y "%~dp0ksn_configuration.json" "%MDR_DIR%\\ksn_configuration.json" >nul',
    'echo MDR configuration applied.',
    'endlocal',
    '',
  ].join('\r\n');
}

/** The asset configuration of a tenant (or the root when `tenant` is null) on `license`. */
export function assetConfiguration(db: MdrDatabase, tenant: Tenant | null, license: License, validUntil: number, now: number): AssetConfiguration {
  const organization = db.organization.require();
  return {
    organization: organization.name,
    tenantId: tenant?.id ?? ROOT_TENANT,
    tenantName: tenant?.name ?? null,
    licenseId: license.id,
    licenseName: licenseName(license),
    validUntil: iso(validUntil)!,
    region: organization.regionCode,
    telemetryLocation: organization.telemetryLocation,
    issuedOn: iso(now)!,
  };
}

/** Builds the ZIP archive of the MDR configuration file. */
export function buildConfigArchive(db: MdrDatabase, pki: PkiPaths, configuration: AssetConfiguration, variant: ArchiveVariant): Promise<Buffer> {
  const organization = db.organization.require();
  const ksnVersion = organization.installedKsnVersion ?? db.ksn.latest()?.version ?? null;
  const ksn = {
    version: ksnVersion,
    region: configuration.region,
    telemetryLocation: configuration.telemetryLocation,
    statementAccepted: organization.ksnStatementAcceptedOn !== null,
    issuedOn: configuration.issuedOn,
  };
  const zip = new yazl.ZipFile();
  const mtime = new Date(configuration.issuedOn);
  zip.addBuffer(Buffer.from(`${JSON.stringify(ksn, null, 2)}\n`, 'utf8'), ARCHIVE_FILES.ksn, { mtime });
  if (variant === 'blob') {
    zip.addBuffer(signedData(JSON.stringify(configuration), pki), ARCHIVE_FILES.blob, { mtime });
  } else {
    zip.addBuffer(Buffer.from(batchFile(configuration), 'utf8'), ARCHIVE_FILES.bat, { mtime });
  }
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

/** A file name safe on every file system: Latin letters, digits, dot, dash and underscore. */
export function safeFileName(text: string): string {
  const cleaned = text.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+|_+$/g, '');
  return cleaned.slice(0, 60) || 'configuration';
}

export { attachment } from '../../../contract/content-disposition.ts';

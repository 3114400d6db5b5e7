import crypto from 'node:crypto';
import { serviceLanguageOf, validateActivationCodeStep, type ActivationRequest, type NewActivationCodeRequest } from '../../../contract/activation.ts';
import type { MdrDatabase } from '../db.ts';
import { effectiveLicenseStatus, REGION_CODES, telemetryLocationOf, type License, type LicenseTier, type RegionCode } from '../db/types.ts';
import { ConflictError, MdrError, ValidationError } from '../errors.ts';
import { agreementsFor } from './agreements.ts';
import { describeLicenseKey } from './license-keys.ts';
import { CUSTOM_INCIDENTS_PER_WEEK } from './custom-incidents.ts';
import { licenseName } from './usage.ts';

/** The emulated vendor account accepts this password for any e-mail address (`MDR_DEMO_VENDOR_PASSWORD`). */
export function vendorPassword(): string {
  return process.env.MDR_DEMO_VENDOR_PASSWORD ?? 'demo';
}

const DAY = 86_400_000;
/** How long a vendor sign-in stays usable for finishing the wizard. */
const TICKET_LIFETIME_MS = 30 * 60_000;
const ACTIVATION_CODE = /^[A-Z0-9]{20}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** MDR Web Console's address for a region (clients of the Russia region have their own site). */
export function webConsoleUrl(region: RegionCode | null): string {
  if (region === 'russia') return 'https://mdr.kaspersky.ru/';
  if (region === 'saudiArabia') return 'https://mdr-sa.kaspersky.com/';
  return 'https://mdr.kaspersky.com/';
}

/** 400 `validation` for a step of the wizard that can be corrected and retried (`rule` names the reason). */
function refuse(field: string, rule: string, message: string): never {
  throw new ValidationError(field, message, 'validation', rule);
}

interface VendorTicket {
  email: string;
  /** The console user who signed in: nobody else's wizard can go on with this sign-in. */
  userId: string | null;
  expires: number;
}

/** What the emulated vendor registry knows about an activation code. */
export interface VendorLicense {
  tier: LicenseTier;
  assetLimit: number;
  activationDate: number;
  expirationDate: number;
  customIncidentsPerPeriod: number | null;
}

/**
 * The vendor's license registry, emulated: the code itself says what it licenses (see
 * `license-keys.ts`), so a mistyped code is refused and a code for another region than the one
 * chosen is named as such.
 */
export function lookUpVendorLicense(code: string, region: RegionCode, now: number): VendorLicense {
  const info = describeLicenseKey(code);
  if (!info) refuse('activationCode', 'codeInvalid', 'The vendor does not know this activation code');
  if (info.region !== region) refuse('region', 'codeRegionMismatch', `The activation code is for the region ${info.region}`);
  return {
    tier: info.tier,
    assetLimit: info.assetLimit,
    activationDate: now,
    expirationDate: now + 365 * DAY,
    customIncidentsPerPeriod: info.tier === 'optimum' ? null : CUSTOM_INCIDENTS_PER_WEEK,
  };
}

/**
 * The activation wizard's server side. Steps before the last only check and answer; nothing is
 * stored until {@link Activation.activate} (or {@link Activation.applyNewCode}), which writes the
 * license and the organization in one transaction, so a wizard cancelled at any step leaves the
 * organization as it was.
 *
 * A vendor sign-in stays valid for its lifetime, for the console user who made it: the help's
 * *Providing a new activation code* asks to sign in only "if you are not signed in".
 */
export class Activation {
  readonly #tickets = new Map<string, VendorTicket>();

  constructor(
    private readonly db: MdrDatabase,
    private readonly now: () => number,
  ) {}

  /** Where activation stands, for the section to choose between the tabs and the wizard. */
  status() {
    const organization = this.db.organization.require();
    const license = this.currentLicense();
    return {
      status: organization.activationState,
      activatedOn: organization.activatedOn === null ? null : new Date(organization.activatedOn).toISOString(),
      regionCode: organization.regionCode,
      hasLicense: license !== null,
      version: organization.version,
    };
  }

  /** The license the organization can run on: active and not expired. */
  currentLicense(): License | null {
    const license = this.db.licenses.current(this.now());
    return license && effectiveLicenseStatus(license, this.now()) === 'active' ? license : null;
  }

  /** Whether the background connection between the Web Console and the Administration Server is on. */
  backgroundConnection() {
    const setting = this.db.settings.get('backgroundConnection');
    return { enabled: setting.value.enabled, enabledOn: setting.value.enabledOn === null ? null : new Date(setting.value.enabledOn).toISOString(), version: setting.version };
  }

  /**
   * Enables the background connection (help step 4 "prompts to enable it"); enabling it again
   * changes nothing. `expectedVersion` is the version the caller saw.
   */
  enableBackgroundConnection(expectedVersion: number) {
    const setting = this.db.settings.get('backgroundConnection');
    if (setting.version !== expectedVersion) throw new ConflictError('backgroundConnection');
    if (!setting.value.enabled) this.db.settings.set('backgroundConnection', { enabled: true, enabledOn: this.now() }, expectedVersion, this.now());
    return this.backgroundConnection();
  }

  /** Vendor-account sign-in (emulated) of the console user `userId`; answers which steps follow. */
  signIn(email: string, password: string, userId: string | null) {
    if (!EMAIL.test(email)) refuse('email', 'emailInvalid', 'Not an e-mail address');
    if (password === '') refuse('password', 'required', 'Password required');
    if (password !== vendorPassword()) refuse('password', 'vendorSignInFailed', 'The vendor account rejected the e-mail address or password');
    this.#purge();
    const ticket = crypto.randomBytes(24).toString('base64url');
    const expires = this.now() + TICKET_LIFETIME_MS;
    this.#tickets.set(ticket, { email, userId, expires });
    const license = this.currentLicense();
    return {
      ticket,
      expiresAt: new Date(expires).toISOString(),
      account: { email },
      license: license ? { name: licenseName(license), regionCode: license.regionCode, expirationDate: new Date(license.expirationDate).toISOString() } : null,
      // The tenant step applies only when a license and tenants exist.
      tenants: license ? this.db.tenants.list(null, { field: 'createdOn', direction: 'asc' }).map((t) => ({ id: t.id, name: t.name })) : [],
    };
  }

  /**
   * Checks an activation code for `region` without storing anything; answers what it licenses and,
   * for the tenants step of a new code, the organization's tenants and this console's scope.
   */
  checkCode(ticket: string, code: string, region: RegionCode, userId: string | null) {
    this.#requireTicket(ticket, userId);
    const vendor = this.#validateCode(code, region);
    const organization = this.db.organization.require();
    return {
      license: { name: licenseName(vendor), tier: vendor.tier, assetLimit: vendor.assetLimit, expirationDate: new Date(vendor.expirationDate).toISOString() },
      telemetryLocation: telemetryLocationOf(region),
      agreements: agreementsFor(region),
      organizationTier: organization.tier,
      tenants: this.db.tenants.list(null, { field: 'createdOn', direction: 'asc' }).map((t) => ({ id: t.id, name: t.name })),
      tenantScope: organization.consoleTenantScope,
    };
  }

  /** The agreements for a region, and the KSN configuration file version that will be applied. */
  agreements(region: RegionCode) {
    const latest = this.db.ksn.latest();
    return { region, telemetryLocation: telemetryLocationOf(region), agreements: agreementsFor(region), language: serviceLanguageOf(region), ksnVersion: latest?.version ?? null };
  }

  /** The last step: activates the organization atomically. */
  activate(request: ActivationRequest, userId: string | null) {
    this.#requireTicket(request.ticket, userId);
    const now = this.now();
    this.db.transaction(() => {
      const organization = this.db.organization.require();
      if (organization.version !== request.expectedVersion) throw new ConflictError('organization');
      if (organization.activationState === 'active') throw new MdrError(409, 'alreadyActive', 'MDR is already active');
      let license = this.currentLicense();
      let region: RegionCode;
      if (license) {
        region = license.regionCode;
      } else {
        if (!request.activationCode) refuse('activationCode', 'required', 'Activation code required');
        if (!request.region) refuse('region', 'required', 'Region required');
        region = request.region;
        const vendor = this.#validateCode(request.activationCode, region);
        license = this.#insertLicense(request.activationCode, region, vendor, now);
      }
      const missing = agreementsFor(region).filter((id) => !request.acceptedAgreements.includes(id));
      if (missing.length > 0) refuse('acceptedAgreements', 'agreementsNotAccepted', `Not accepted: ${missing.join(', ')}`);
      if (!request.ksnStatementAccepted) refuse('ksnStatementAccepted', 'ksnStatementNotAccepted', 'The KSN Statement was not accepted');
      const latest = this.db.ksn.latest();
      if (!latest || latest.version !== request.ksnVersion) refuse('ksnVersion', 'ksnVersionChanged', 'A newer KSN configuration file was published');
      const scope = request.tenantIds ?? null;
      this.#checkTenantScope(scope);
      this.db.organization.update(
        {
          activationState: 'active',
          activatedOn: now,
          regionCode: region,
          telemetryLocation: telemetryLocationOf(region),
          termsAcceptedOn: now,
          ksnStatementAcceptedOn: now,
          installedKsnVersion: latest.version,
          tier: license.tier,
          consoleTenantScope: scope,
        },
        request.expectedVersion,
        now,
      );
      this.#applyServiceLanguage(region, now);
    });
    return this.status();
  }

  /**
   * *Enter a new activation code* on an active organization (help topic *Providing a new activation
   * code*): "when you want to upgrade the solution or when you need to renew your expiring license" —
   * so the code may be of another tier, which becomes the organization's; its region must be the one
   * of the organization's other codes. Step 6, "Select the tenants to which the users of this
   * Administration Server will have access", is applied with it, in one transaction.
   */
  applyNewCode(request: NewActivationCodeRequest, userId: string | null) {
    const [problem] = validateActivationCodeStep(request);
    if (problem) refuse(problem.field, problem.rule, `Invalid ${problem.field}`);
    this.#requireTicket(request.ticket, userId);
    const now = this.now();
    const result = this.db.transaction(() => {
      const organization = this.db.organization.require();
      if (organization.version !== request.expectedVersion) throw new ConflictError('organization');
      if (organization.activationState !== 'active') throw new MdrError(409, 'notActivated', 'MDR is not activated');
      const vendor = this.#validateCode(request.activationCode, request.region);
      const scope = request.tenantIds === undefined ? organization.consoleTenantScope : request.tenantIds;
      this.#checkTenantScope(scope);
      const license = this.#insertLicense(request.activationCode, request.region, vendor, now);
      this.db.organization.update({ tier: vendor.tier, consoleTenantScope: scope }, request.expectedVersion, now);
      return { license, previousTier: organization.tier };
    });
    const { license, previousTier } = result;
    return {
      license: { id: license.id, name: licenseName(license), tier: license.tier, expirationDate: new Date(license.expirationDate).toISOString() },
      previousTier,
      status: this.status(),
    };
  }

  /**
   * *Revoke the confirmation of the terms*: MDR stops being active until activated again, and KPSN is
   * disabled (help topic *About Kaspersky Security Network*: "When you revoke your consent with the terms
   * of using the MDR solution, KPSN is automatically disabled"); activation configures it again.
   */
  revokeTerms(expectedVersion: number) {
    const organization = this.db.organization.require();
    if (organization.activationState !== 'active') throw new MdrError(409, 'notActivated', 'MDR is not activated');
    this.db.organization.update(
      { activationState: 'notActivated', termsAcceptedOn: null, ksnStatementAcceptedOn: null, installedKsnVersion: null },
      expectedVersion,
      this.now(),
    );
    return this.status();
  }

  /**
   * Installs the newest published KSN configuration file (the one the caller saw as available); KPSN
   * runs only while MDR is active, so there is nothing to update before activation or after revoking.
   */
  updateKsn(version: string, expectedVersion: number) {
    if (this.db.organization.require().activationState !== 'active') throw new MdrError(409, 'notActivated', 'MDR is not activated');
    const latest = this.db.ksn.latest();
    if (!latest || latest.version !== version) refuse('version', 'ksnVersionChanged', 'Not the newest published version');
    const organization = this.db.organization.update({ installedKsnVersion: version }, expectedVersion, this.now());
    return { installedVersion: organization.installedKsnVersion, version: organization.version };
  }

  /**
   * The region decides the language the service is provided in (help step 7: "The region that you
   * select affects the choice of language that will be used to provide you the service (Russian or
   * English)"): the language of incident data, notifications and reports follows it, unless an
   * administrator chose that language in *Settings* (help topic *Switching the language for
   * notifications and reports*), whose choice stays.
   */
  #applyServiceLanguage(region: RegionCode, now: number): void {
    if (this.db.settings.get('languageChosen').value) return;
    const language = this.db.settings.get('language');
    const wanted = serviceLanguageOf(region);
    if (language.value !== wanted) this.db.settings.set('language', wanted, language.version, now);
  }

  /** The tenants chosen for this console: at least one, each existing ('root' = assets without a tenant); null = all. */
  #checkTenantScope(scope: readonly string[] | null): void {
    if (scope === null) return;
    if (scope.length === 0) refuse('tenantIds', 'tenantsRequired', 'Choose at least one tenant');
    const known = new Set(['root', ...this.db.tenants.list(null).map((t) => t.id)]);
    const unknown = scope.find((id) => !known.has(id));
    if (unknown) refuse('tenantIds', 'tenantUnknown', `Unknown tenant ${unknown}`);
  }

  #validateCode(code: string, region: RegionCode): VendorLicense {
    if (!ACTIVATION_CODE.test(code)) refuse('activationCode', 'codeFormat', 'The code has 20 Latin letters and digits');
    if (!REGION_CODES.includes(region)) refuse('region', 'regionUnknown', 'Unknown region');
    const existing = this.db.licenses.getByActivationCode(code);
    if (existing && existing.status !== 'removed') refuse('activationCode', 'codeInUse', 'The code is already in use');
    const others = this.db.licenses.list().filter((l) => l.status !== 'removed');
    if (others.some((l) => l.regionCode !== region)) refuse('region', 'regionMismatch', "The region differs from the organization's other codes");
    return lookUpVendorLicense(code, region, this.now());
  }

  #insertLicense(code: string, region: RegionCode, vendor: VendorLicense, now: number): License {
    const existing = this.db.licenses.getByActivationCode(code);
    if (existing) return this.db.licenses.setStatus(existing.id, 'active', existing.version, now);
    return this.db.licenses.insert({
      id: crypto.randomUUID(),
      activationCode: code,
      tier: vendor.tier,
      assetLimit: vendor.assetLimit,
      activationDate: vendor.activationDate,
      expirationDate: vendor.expirationDate,
      status: 'active',
      customIncidentsPerPeriod: vendor.customIncidentsPerPeriod,
      regionCode: region,
      addedOn: now,
      removedOn: null,
    });
  }

  #requireTicket(ticket: string, userId: string | null): VendorTicket {
    this.#purge();
    const found = this.#tickets.get(ticket);
    // Another console user's sign-in is refused as if it had lapsed: it names nobody to this caller.
    if (!found || found.userId !== userId) refuse('ticket', 'vendorSessionExpired', 'Sign in with the vendor account again');
    return found;
  }

  #purge(): void {
    const now = this.now();
    for (const [key, value] of this.#tickets) if (value.expires < now) this.#tickets.delete(key);
  }
}

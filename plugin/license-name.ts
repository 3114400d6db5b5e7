import type { LicenseTier } from '../contract/license-tiers.ts';
import { formatNumber, t } from './i18n.ts';

/**
 * One license name on every tab (*Licenses*, *MDR Usage*, *Tenants*, *Getting Started*): the tier and
 * the limit of assets, as the help's *Managing licenses in Kaspersky Security Center* describes the
 * *License name* column ("License name that includes details like the license tier and the limit of
 * assets").
 */
export function licenseDisplayName(license: { tier: LicenseTier; assetLimit: number }): string {
  return t('licenses.name', { tier: t(`licenses.tiers.${license.tier}`), limit: formatNumber(license.assetLimit) });
}

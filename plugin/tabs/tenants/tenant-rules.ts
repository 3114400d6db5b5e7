import { TENANT_DESCRIPTION_MAX, TENANT_NAME_MAX, type TenantLicenseOption } from '../../api/tenants.ts';
import { LATIN_MULTILINE, LATIN_TEXT } from '../../../contract/text-rules.ts';


/** Broken rules by field, e.g. `{ name: 'maxLength' }`; the same rule names the service answers with. */
export type TenantFieldErrors = Partial<Record<'name' | 'description' | 'licenseId' | 'expirationDate', string>>;

/** Checks name and description as the service does. */
export function checkTenantText(values: { name: string; description: string }): TenantFieldErrors {
  const errors: TenantFieldErrors = {};
  const name = values.name.trim();
  if (name === '') errors.name = 'required';
  else if (name.length > TENANT_NAME_MAX) errors.name = 'maxLength';
  else if (!LATIN_TEXT.test(name)) errors.name = 'characters';
  if (values.description.length > TENANT_DESCRIPTION_MAX) errors.description = 'maxLength';
  else if (!LATIN_MULTILINE.test(values.description)) errors.description = 'characters';
  return errors;
}

/** Checks a configuration file: a license, and a date from today to the day before the license's last day. */
export function checkConfigFile(values: { licenseId: string; expirationDate: string }, licenses: readonly TenantLicenseOption[], today: string): TenantFieldErrors {
  const errors: TenantFieldErrors = {};
  const license = licenses.find((option) => option.id === values.licenseId);
  if (!license) errors.licenseId = 'required';
  if (values.expirationDate === '') errors.expirationDate = 'required';
  else if (!/^\d{4}-\d{2}-\d{2}$/.test(values.expirationDate) || Number.isNaN(Date.parse(values.expirationDate))) errors.expirationDate = 'date';
  else if (values.expirationDate < today) errors.expirationDate = 'past';
  else if (license && values.expirationDate > license.lastAllowedDate) errors.expirationDate = 'afterLicense';
  return errors;
}

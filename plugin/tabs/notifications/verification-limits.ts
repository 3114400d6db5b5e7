import type { ApiError } from '../../api/errors.ts';
import { formatWait, t } from '../../i18n.ts';

/** Codes of the MDR service's 429 answers about address verification (too many code mails, too many wrong codes). */
const VERIFICATION_LIMITS = new Set(['tooManyCodeMails', 'tooManyWrongCodes']);

/**
 * The localized message for a refusal by the verification throttles, saying when to try again;
 * undefined for any other failure.
 */
export function verificationLimitMessage(failure: ApiError): string | undefined {
  const code = failure.details.code;
  if (failure.failure !== 'tooManyRequests' || !code || !VERIFICATION_LIMITS.has(code)) return undefined;
  return t(`notifications.errors.${code}`, { when: formatWait(failure.details.retryAfterSeconds ?? 60) });
}

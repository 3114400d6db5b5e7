import type { ApiError } from '../../api/errors.ts';
import { formatWait, t } from '../../i18n.ts';

/** Codes of the MDR service's 429 answers about address verification (too many code mails, too many wrong codes). */
const VERIFICATION_LIMITS = ['tooManyCodeMails', 'tooManyWrongCodes'] as const;

function isVerificationLimit(code: string | undefined): code is (typeof VERIFICATION_LIMITS)[number] {
  return (VERIFICATION_LIMITS as readonly (string | undefined)[]).includes(code);
}

/**
 * The localized message for a refusal by the verification throttles, saying when to try again;
 * undefined for any other failure.
 */
export function verificationLimitMessage(failure: ApiError): string | undefined {
  const code = failure.details.code;
  if (failure.failure !== 'tooManyRequests' || !isVerificationLimit(code)) return undefined;
  return t(`notifications.errors.${code}`, { when: formatWait(failure.details.retryAfterSeconds ?? 60) });
}

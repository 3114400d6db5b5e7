import { toApiError } from './errors.ts';

/**
 * The one error path of the plug-in's calls: the answer, or the failure as an `ApiError` (a key of
 * a localized message, whether *Retry* can help, the field and rule at fault).
 */
export async function responseOf<Answer>(request: Promise<Answer>): Promise<Answer> {
  try {
    return await request;
  } catch (error) {
    throw toApiError(error);
  }
}

/** The answer's data, or the failure as an `ApiError`. */
export async function dataOf<T>(request: Promise<{ data: T }>): Promise<T> {
  return (await responseOf(request)).data;
}

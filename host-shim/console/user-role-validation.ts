import { administrationLimits, passwordProblem, userNamePattern } from '../../contract/administration-limits.ts';
import type { ConsoleProblem } from './console-api.ts';
import { consoleKeyIn, ct } from './console-i18n.ts';

/** Problem codes by field name, as the server names them. */
export type FieldErrors = Record<string, string | undefined>;

function textProblem(value: string, maxLength: number): string | undefined {
  const text = value.trim();
  if (text === '') return 'required';
  if (text.length > maxLength) return 'tooLong';
  return undefined;
}

/** The browser's check of the user form, with the same rules and codes as the server's. */
export function validateUserForm(
  draft: { userName: string; displayName: string; password: string },
  existingUsers?: { userName: string }[],
): FieldErrors {
  const errors: FieldErrors = {};
  const userName = draft.userName.trim();
  if (existingUsers) {
    errors.userName =
      textProblem(userName, administrationLimits.userNameMaxLength) ??
      (userNamePattern.test(userName) ? undefined : 'invalidCharacters') ??
      (existingUsers.some((user) => user.userName.toLowerCase() === userName.toLowerCase()) ? 'duplicate' : undefined);
    errors.password = passwordProblem(draft.password, userName);
  }
  errors.displayName = textProblem(draft.displayName, administrationLimits.displayNameMaxLength);
  return Object.fromEntries(Object.entries(errors).filter(([, code]) => code !== undefined));
}

/** The browser's check of the role form. */
export function validateRoleForm(draft: { id?: string; name: string }, existingRoles: { id: string; name: string }[]): FieldErrors {
  const name = draft.name.trim();
  const code =
    textProblem(name, administrationLimits.roleNameMaxLength) ??
    (existingRoles.some((role) => role.id !== draft.id && role.name.toLowerCase() === name.toLowerCase()) ? 'duplicate' : undefined);
  return code ? { name: code } : {};
}

/** The localized message of a field problem, with the limit that applies to that field. */
export function fieldMessage(field: string, code: string): string {
  const max: Record<string, number> = {
    userName: administrationLimits.userNameMaxLength,
    displayName: administrationLimits.displayNameMaxLength,
    password: administrationLimits.passwordMaxLength,
    name: administrationLimits.roleNameMaxLength,
  };
  return ct(consoleKeyIn('admin.fieldErrors', code) ?? 'admin.errors.unknown', { max: max[field] ?? 0, min: administrationLimits.passwordMinLength });
}

/** The localized message of a refused request as a whole. */
export function problemMessage(problem: ConsoleProblem): string {
  return ct(consoleKeyIn('admin.errors', problem.error) ?? 'admin.errors.unknown');
}

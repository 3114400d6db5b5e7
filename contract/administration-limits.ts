/** Limits of the console's user and role records, shared by the console server and the console pages. */
export const administrationLimits = {
  userNameMaxLength: 64,
  displayNameMaxLength: 100,
  passwordMinLength: 8,
  passwordMaxLength: 128,
  roleNameMaxLength: 100,
} as const;

/** User names: letters, digits and . _ @ - (no spaces, so that they work as sign-in names everywhere). */
export const userNamePattern = /^[A-Za-z0-9._@-]+$/;

/**
 * Why a password is too weak, or undefined when it is acceptable: long enough, at least three of lower
 * case, upper case, digits and other characters, and not containing the user name.
 */
export function passwordProblem(password: string, userName: string): 'required' | 'tooShort' | 'tooLong' | 'tooWeak' | 'containsUserName' | undefined {
  if (password === '') return 'required';
  if (password.length < administrationLimits.passwordMinLength) return 'tooShort';
  if (password.length > administrationLimits.passwordMaxLength) return 'tooLong';
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((pattern) => pattern.test(password)).length;
  if (classes < 3) return 'tooWeak';
  if (userName && password.toLowerCase().includes(userName.toLowerCase())) return 'containsUserName';
  return undefined;
}

import type { ConsoleUser, UserRepository } from '../db/users.ts';
import { InvalidCredentialsError, TooManyAttemptsError } from '../errors.ts';
import { unknownUserHash, verifyPassword } from '../passwords.ts';
import type { SignInLimiter } from '../sessions.ts';

/**
 * Checks a user name and password under the sign-in limiter and returns the user they belong to.
 * Throws TooManyAttemptsError while `address` must wait, InvalidCredentialsError for a wrong
 * password, an unknown user and a disabled one alike (the time taken does not tell them apart).
 */
export async function authenticate(users: UserRepository, limiter: SignInLimiter, credentials: { userName: string; password: string }, address: string): Promise<ConsoleUser> {
  const started = limiter.begin(credentials.userName, address);
  if (!('attempt' in started)) throw new TooManyAttemptsError(started.retryAfterSeconds);
  let user: ReturnType<UserRepository['findByName']>;
  let valid: boolean;
  try {
    user = users.findByName(credentials.userName);
    valid = await verifyPassword(credentials.password, user?.passwordHash ?? unknownUserHash);
  } catch (error) {
    // Settled even when the check breaks: an attempt left open would hold its place for good.
    started.attempt.fail();
    throw error;
  }
  if (!user || !valid || user.disabled) {
    started.attempt.fail();
    throw new InvalidCredentialsError();
  }
  started.attempt.succeed();
  const { passwordHash: _hash, ...found } = user;
  return found;
}

import { db } from '@/lib/db/client';
import { burnPasswordCheck, verifyPassword } from '@/lib/auth/password';
import { clearFailures, recordFailure, waitRequired, type ThrottleKey } from '@/lib/auth/throttle';

export type CredentialsOutcome =
  | { status: 'ok'; userId: string }
  | { status: 'failed' }
  | { status: 'throttled'; retryAfterMs: number };

// The whole password check, throttling included. It lives here rather than in the sign-in action because
// next-auth's own callback endpoint reaches it too, and an attacker would simply call that one.
export async function checkCredentials(
  email: string,
  password: string,
  clientAddress: string | null,
): Promise<CredentialsOutcome> {
  const keys: ThrottleKey[] = [{ kind: 'account', value: email }];
  if (clientAddress) keys.push({ kind: 'address', value: clientAddress });

  const wait = await waitRequired(db(), keys);
  if (wait > 0) return { status: 'throttled', retryAfterMs: wait };

  const user = await db().user.findUnique({ where: { email: email.trim().toLowerCase() } });
  const valid = user?.passwordHash
    ? await verifyPassword(password, user.passwordHash)
    : (await burnPasswordCheck(password), false);

  if (!user || !valid) {
    await recordFailure(db(), keys);
    return { status: 'failed' };
  }
  await clearFailures(db(), keys[0]);
  return { status: 'ok', userId: user.id };
}

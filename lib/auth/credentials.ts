import { db } from '@/lib/db/client';
import { burnPasswordCheck, verifyPassword } from '@/lib/auth/password';
import { reserveAttempt, settleSuccess, type ThrottleKey } from '@/lib/auth/throttle';

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

  const reservation = await reserveAttempt(db(), keys);
  if (!reservation.allowed) return { status: 'throttled', retryAfterMs: reservation.retryAfterMs };

  const user = await db().user.findUnique({ where: { email: email.trim().toLowerCase() } });
  const valid = user?.passwordHash
    ? await verifyPassword(password, user.passwordHash)
    : (await burnPasswordCheck(password), false);

  // The failure was counted when the attempt was reserved.
  if (!user || !valid) return { status: 'failed' };
  await settleSuccess(db(), keys);
  return { status: 'ok', userId: user.id };
}

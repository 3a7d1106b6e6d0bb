import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { checkCredentials } from '@/lib/auth/credentials';
import { signInSchema } from '@/lib/validation/session';

class ThrottledSignIn extends CredentialsSignin {
  code = 'throttled';
}

function clientAddress(request: Request): string | null {
  // Behind a reverse proxy the first X-Forwarded-For hop is the client; directly, Next sets it too.
  const forwarded = request.headers.get('x-forwarded-for')?.split(',')[0]?.trim();
  return forwarded || request.headers.get('x-real-ip') || null;
}

export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

export const { handlers, auth, signIn, signOut } = NextAuth({
  // Self-hosted behind the operator's own proxy; AUTH_URL pins the public origin when set.
  trustHost: true,
  session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: '/sign-in' },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(raw, request) {
        const parsed = signInSchema.safeParse(raw);
        if (!parsed.success) return null;
        const outcome = await checkCredentials(parsed.data.email, parsed.data.password, clientAddress(request));
        if (outcome.status === 'throttled') throw new ThrottledSignIn();
        if (outcome.status === 'failed') return null;
        return { id: outcome.userId };
      },
    }),
  ],
  callbacks: {
    // The token carries only who signed in and when: role, tenant and permissions are read from the
    // database on every request, so a change takes effect at once.
    jwt({ token, user }) {
      if (user?.id) {
        token.uid = user.id;
        token.signedInAt = Date.now();
      }
      return token;
    },
    session({ session, token }) {
      return {
        ...session,
        userId: typeof token.uid === 'string' ? token.uid : undefined,
        signedInAt: typeof token.signedInAt === 'number' ? token.signedInAt : undefined,
      };
    },
  },
});

import NextAuth, { CredentialsSignin, type NextAuthConfig } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import MicrosoftEntraID from 'next-auth/providers/microsoft-entra-id';
import type { Provider } from 'next-auth/providers';
import { checkCredentials } from '@/lib/auth/credentials';
import {
  credentialsEnabled,
  ENTRA_PROVIDER_ID,
  entraConfig,
  idTokenSignedByIssuer,
  parseRoleMapping,
  signInWithEntra,
} from '@/lib/auth/entra';
import { signInSchema } from '@/lib/validation/session';
import { clientAddress } from '@/lib/auth/trusted-proxies';
import { errorFields, log } from '@/lib/observability/logger';

class ThrottledSignIn extends CredentialsSignin {
  code = 'throttled';
}

const entra = entraConfig();
// Read at start-up: a malformed ENTRA_ROLE_MAPPING stops the app with a clear message instead of refusing everyone.
const roleMapping = entra ? parseRoleMapping(process.env.ENTRA_ROLE_MAPPING) : {};

function providers(): Provider[] {
  const list: Provider[] = [];
  if (credentialsEnabled()) {
    list.push(
      Credentials({
        credentials: { email: {}, password: {} },
        async authorize(raw, request) {
          const parsed = signInSchema.safeParse(raw);
          if (!parsed.success) return null;
          const outcome = await checkCredentials(parsed.data.email, parsed.data.password, clientAddress(request.headers));
          if (outcome.status === 'throttled') throw new ThrottledSignIn();
          if (outcome.status === 'failed') return null;
          return { id: outcome.userId };
        },
      }),
    );
  }
  if (entra) {
    list.push(
      MicrosoftEntraID({
        clientId: entra.clientId,
        clientSecret: entra.clientSecret,
        issuer: entra.issuer,
        // No Graph scope: we need only the ID token's claims, and fetch no profile photo.
        authorization: { params: { scope: 'openid profile email' } },
        checks: ['pkce', 'state', 'nonce'],
        profile: (claims) => ({ id: String(claims.sub), name: claims.name ?? null, email: claims.email ?? null }),
      }),
    );
  }
  return list;
}

export function signInOptions() {
  return { credentials: credentialsEnabled(), microsoftEntraId: entra !== null };
}

export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

// Kept as an object of its own: NextAuth() completes it in place (secret, basePath), and the route handler in
// app/api/auth hands it to Auth.js directly (see there why).
export const authConfig: NextAuthConfig = {
  // AUTH_URL pins the public origin when set; otherwise the origin is the request's own (Host, or the forwarded host
  // when TRUSTED_PROXIES says a proxy sets it: proxy.ts removes forwarded headers nobody trusted vouches for).
  trustHost: true,
  session: { strategy: 'jwt', maxAge: SESSION_MAX_AGE_SECONDS },
  // Auth errors (refused Entra sign-ins included) come back to the sign-in page as ?error=<code>.
  pages: { signIn: '/sign-in', error: '/sign-in' },
  // next-auth's default prints whole error objects (cause included) through console: one safe JSON event instead.
  // A wrong password is routine, not an error of the app.
  logger: {
    // Auth.js errors carry their kind in `type`: class names are minified in the production build.
    error: (error) => {
      const kind = (error as { type?: string }).type ?? error.name;
      log()[kind === 'CredentialsSignin' ? 'info' : 'error']({ authError: kind, ...errorFields(error) }, 'auth error');
    },
    warn: (code) => log().warn({ code }, 'auth warning'),
    debug: () => undefined,
  },
  providers: providers(),
  callbacks: {
    // An Entra sign-in becomes one of our users (matched by tenant + object id) or is sent back to the sign-in
    // page with the reason. The user's id replaces the token subject, so the JWT carries our uid as usual.
    async signIn({ user, account, profile }) {
      if (account?.provider !== ENTRA_PROVIDER_ID) return true;
      if (!entra || !profile || !(await idTokenSignedByIssuer(account.id_token, entra.issuer))) {
        return '/sign-in?error=EntraInvalidToken';
      }
      const outcome = await signInWithEntra(profile as Record<string, unknown>, roleMapping);
      if (outcome.status === 'refused') return `/sign-in?error=${outcome.reason}`;
      user.id = outcome.userId;
      return true;
    },
    // The token carries only who signed in and when: role, tenant and permissions are read from the
    // database on every request, so a change takes effect at once.
    jwt({ token, user }) {
      if (user?.id) {
        // Nothing else from the provider's profile (name, email, picture) goes into the token.
        return { sub: user.id, uid: user.id, signedInAt: Date.now() };
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
};

export const { auth, signIn, signOut } = NextAuth(authConfig);

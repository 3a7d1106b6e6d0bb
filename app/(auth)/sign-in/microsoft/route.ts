import type { NextRequest } from 'next/server';
import { signIn } from '@/lib/auth/auth';
import { ENTRA_PROVIDER_ID } from '@/lib/auth/entra';
import { safeCallbackUrl } from '@/lib/auth/safe-callback-url';

// The portal's home sends each user where they may go (the rules list, or a no-access note).
const HOME = '/';

// "Sign in with Microsoft" (a link, so it reads as navigation): sends the browser to Entra ID, which returns to
// /api/auth/callback/microsoft-entra-id. The state, PKCE and nonce cookies bind the answer to this browser.
export async function GET(request: NextRequest): Promise<Response> {
  const path = safeCallbackUrl(request.nextUrl.searchParams.get('callbackUrl') ?? undefined);
  const redirectTo = !path || path.startsWith('/sign-in') ? HOME : path;
  // Throws Next's redirect to the issuer's authorization endpoint (or to /sign-in?error=... when not configured).
  await signIn(ENTRA_PROVIDER_ID, { redirectTo });
  return new Response(null, { status: 500 });
}

import { createPublicKey, verify, type JsonWebKey } from 'node:crypto';
import { db } from '@/lib/db/client';
import type { Role } from '@/lib/generated/prisma/enums';

// Microsoft Entra ID sign-in: which Entra claims make which of our users, and with which role.

export const ENTRA_PROVIDER_ID = 'microsoft-entra-id';

// Highest first: the highest mapped role wins.
const ROLE_ORDER: Role[] = ['GLOBAL_ADMINISTRATOR', 'SECURITY_ADMINISTRATOR', 'SECURITY_OPERATOR', 'SECURITY_READER'];

export const DEFAULT_ROLE_MAPPING: Record<string, Role> = {
  'Global Administrator': 'GLOBAL_ADMINISTRATOR',
  'Security Administrator': 'SECURITY_ADMINISTRATOR',
  'Security Operator': 'SECURITY_OPERATOR',
  'Security Reader': 'SECURITY_READER',
};

export type EntraConfig = { clientId: string; clientSecret: string; issuer: string };

// Entra is enabled only when all three settings are present.
export function entraConfig(env: Record<string, string | undefined> = process.env): EntraConfig | null {
  const clientId = env.AUTH_MICROSOFT_ENTRA_ID_ID?.trim();
  const clientSecret = env.AUTH_MICROSOFT_ENTRA_ID_SECRET?.trim();
  const issuer = env.AUTH_MICROSOFT_ENTRA_ID_ISSUER?.trim();
  return clientId && clientSecret && issuer ? { clientId, clientSecret, issuer } : null;
}

export function credentialsEnabled(env: Record<string, string | undefined> = process.env): boolean {
  return env.AUTH_CREDENTIALS?.trim().toLowerCase() !== 'off';
}

// ENTRA_ROLE_MAPPING: JSON object from an app role value or a group object id to one of our roles.
export function parseRoleMapping(raw: string | undefined): Record<string, Role> {
  if (!raw?.trim()) return DEFAULT_ROLE_MAPPING;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error('ENTRA_ROLE_MAPPING is not valid JSON');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error('ENTRA_ROLE_MAPPING must be a JSON object such as {"Security Reader":"SECURITY_READER"}');
  }
  const mapping: Record<string, Role> = {};
  for (const [key, value] of Object.entries(parsed)) {
    if (typeof value !== 'string' || !ROLE_ORDER.includes(value as Role)) {
      throw new Error(`ENTRA_ROLE_MAPPING: "${key}" maps to "${String(value)}", not one of ${ROLE_ORDER.join(', ')}`);
    }
    mapping[key] = value as Role;
  }
  return mapping;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

// A directory object id. Only these may map a `groups` claim: a tenant can be set to put group *names* there, and
// anybody who may create a group could then name one "Security Administrator" and be granted that role.
const OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// The highest of our roles that the token's `roles` (app role values) or `groups` (group object ids) claims map to;
// null for none.
export function mapEntraRole(claims: Record<string, unknown>, mapping: Record<string, Role>): Role | null {
  const granted = new Set<Role>();
  const groupIds = stringList(claims.groups).filter((group) => OBJECT_ID.test(group));
  for (const value of [...stringList(claims.roles), ...groupIds]) {
    const role = Object.hasOwn(mapping, value) ? mapping[value] : undefined;
    if (role) granted.add(role);
  }
  return ROLE_ORDER.find((role) => granted.has(role)) ?? null;
}

export type EntraIdentity = { tid: string; oid: string; email: string | null; name: string };

export function entraIdentity(claims: Record<string, unknown>): EntraIdentity | null {
  const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : null);
  const tid = text(claims.tid);
  const oid = text(claims.oid);
  if (!tid || !oid) return null;
  const email = (text(claims.email) ?? text(claims.preferred_username))?.toLowerCase() ?? null;
  return { tid, oid, email, name: text(claims.name) ?? email ?? oid };
}

// Why a sign-in is refused; each has a message on the sign-in page (auth.signIn.errors.<code>).
export type EntraRefusal = 'EntraInvalidToken' | 'EntraUnknownTenant' | 'EntraNoRole' | 'EntraNoEmail' | 'EntraEmailTaken';

export type EntraOutcome = { status: 'ok'; userId: string } | { status: 'refused'; reason: EntraRefusal };

// Finds the tenant by the token's `tid`, the user by tenant + `oid`; creates the user at the first sign-in and
// brings the role in line with the claims at every later one.
export async function signInWithEntra(claims: Record<string, unknown>, mapping: Record<string, Role>): Promise<EntraOutcome> {
  const identity = entraIdentity(claims);
  if (!identity) return { status: 'refused', reason: 'EntraInvalidToken' };
  // Unique, and stored lower-cased by every writer.
  const tenant = await db().tenant.findUnique({ where: { microsoftTenantId: identity.tid.toLowerCase() }, select: { id: true } });
  if (!tenant) return { status: 'refused', reason: 'EntraUnknownTenant' };
  const role = mapEntraRole(claims, mapping);
  if (!role) return { status: 'refused', reason: 'EntraNoRole' };

  const existing = await db().user.findUnique({
    where: { tenantId_entraObjectId: { tenantId: tenant.id, entraObjectId: identity.oid } },
    select: { id: true, role: true },
  });
  if (existing) {
    if (existing.role !== role) await db().user.update({ where: { id: existing.id }, data: { role } });
    return { status: 'ok', userId: existing.id };
  }
  if (!identity.email) return { status: 'refused', reason: 'EntraNoEmail' };
  // Never link to an account by email alone: an Entra user could otherwise take over a password account.
  const taken = await db().user.findUnique({ where: { email: identity.email }, select: { id: true } });
  if (taken) return { status: 'refused', reason: 'EntraEmailTaken' };
  const user = await db().user.create({
    data: { tenantId: tenant.id, entraObjectId: identity.oid, email: identity.email, name: identity.name, role },
    select: { id: true },
  });
  return { status: 'ok', userId: user.id };
}

// next-auth's OIDC client (oauth4webapi) checks iss, aud, exp and nonce of the ID token but not its signature
// (it came over the TLS back channel). We check the signature as well, against the issuer's published keys.
export type Jwks = { keys: (JsonWebKey & { kid?: string; alg?: string })[] };

const ALGORITHMS: Record<string, string> = { RS256: 'sha256', RS384: 'sha384', RS512: 'sha512' };

export function verifyIdTokenSignature(idToken: string, jwks: Jwks): boolean {
  const parts = idToken.split('.');
  if (parts.length !== 3) return false;
  let header: { alg?: string; kid?: string };
  try {
    header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
  } catch {
    return false;
  }
  const hash = header.alg ? ALGORITHMS[header.alg] : undefined;
  if (!hash) return false;
  const candidates = jwks.keys.filter((key) => key.kty === 'RSA' && (!header.kid || key.kid === header.kid));
  const data = Buffer.from(`${parts[0]}.${parts[1]}`);
  const signature = Buffer.from(parts[2], 'base64url');
  return candidates.some((jwk) => {
    try {
      return verify(hash, data, createPublicKey({ key: jwk, format: 'jwk' }), signature);
    } catch {
      return false;
    }
  });
}

const jwksCache = new Map<string, { jwks: Jwks; fetchedAt: number }>();

async function issuerJwks(issuer: string, refresh: boolean): Promise<Jwks> {
  const cached = jwksCache.get(issuer);
  if (cached && !refresh && Date.now() - cached.fetchedAt < 60 * 60 * 1000) return cached.jwks;
  const discovery = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`);
  if (!discovery.ok) throw new Error(`OIDC discovery failed: ${discovery.status}`);
  const { jwks_uri: jwksUri } = (await discovery.json()) as { jwks_uri?: string };
  if (!jwksUri) throw new Error('OIDC discovery has no jwks_uri');
  const response = await fetch(jwksUri);
  if (!response.ok) throw new Error(`JWKS fetch failed: ${response.status}`);
  const jwks = (await response.json()) as Jwks;
  jwksCache.set(issuer, { jwks, fetchedAt: Date.now() });
  return jwks;
}

// Refetches the keys once when no cached key matches (the issuer rotated its keys).
export async function idTokenSignedByIssuer(idToken: string | undefined, issuer: string): Promise<boolean> {
  if (!idToken) return false;
  if (verifyIdTokenSignature(idToken, await issuerJwks(issuer, false))) return true;
  return verifyIdTokenSignature(idToken, await issuerJwks(issuer, true));
}

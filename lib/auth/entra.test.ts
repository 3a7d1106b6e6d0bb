import { createSign, generateKeyPairSync, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  credentialsEnabled,
  DEFAULT_ROLE_MAPPING,
  entraConfig,
  entraIdentity,
  idTokenSignedByIssuer,
  mapEntraRole,
  parseRoleMapping,
  signInWithEntra,
  verifyIdTokenSignature,
  type Jwks,
} from '@/lib/auth/entra';
import { db } from '@/lib/db/client';
import { createTenant } from '@/lib/test/fixtures';

describe('Entra configuration', () => {
  it('is enabled only when id, secret and issuer are all set', () => {
    const full = { AUTH_MICROSOFT_ENTRA_ID_ID: 'id', AUTH_MICROSOFT_ENTRA_ID_SECRET: 's', AUTH_MICROSOFT_ENTRA_ID_ISSUER: 'https://i' };
    expect(entraConfig(full)).toEqual({ clientId: 'id', clientSecret: 's', issuer: 'https://i' });
    expect(entraConfig({ ...full, AUTH_MICROSOFT_ENTRA_ID_SECRET: '' })).toBeNull();
    expect(entraConfig({})).toBeNull();
  });

  it('keeps credentials sign-in on unless AUTH_CREDENTIALS=off', () => {
    expect(credentialsEnabled({})).toBe(true);
    expect(credentialsEnabled({ AUTH_CREDENTIALS: 'on' })).toBe(true);
    expect(credentialsEnabled({ AUTH_CREDENTIALS: 'OFF' })).toBe(false);
  });
});

describe('role mapping', () => {
  it('defaults to the four Entra role names and rejects a malformed mapping', () => {
    expect(parseRoleMapping(undefined)).toEqual(DEFAULT_ROLE_MAPPING);
    expect(parseRoleMapping('{"g-1":"SECURITY_READER"}')).toEqual({ 'g-1': 'SECURITY_READER' });
    expect(() => parseRoleMapping('{nope')).toThrow(/not valid JSON/);
    expect(() => parseRoleMapping('["SECURITY_READER"]')).toThrow(/JSON object/);
    expect(() => parseRoleMapping('{"x":"OWNER"}')).toThrow(/"x" maps to "OWNER"/);
  });

  it('takes the highest role mapped from app roles or groups, and none when nothing maps', () => {
    const groupId = '6f1c2b8e-0000-4000-8000-0000000000aa';
    const mapping = { ...DEFAULT_ROLE_MAPPING, [groupId]: 'SECURITY_OPERATOR' as const };
    expect(mapEntraRole({ roles: ['Security Reader', 'Security Administrator'] }, mapping)).toBe('SECURITY_ADMINISTRATOR');
    expect(mapEntraRole({ roles: ['Security Reader'], groups: [groupId.toUpperCase()] }, { ...mapping, [groupId.toUpperCase()]: 'SECURITY_OPERATOR' })).toBe('SECURITY_OPERATOR');
    expect(mapEntraRole({ roles: ['Security Reader'], groups: [groupId] }, mapping)).toBe('SECURITY_OPERATOR');
    expect(mapEntraRole({ roles: ['Something else'], groups: 'not-a-list' }, mapping)).toBeNull();
    expect(mapEntraRole({}, mapping)).toBeNull();
  });

  // A group claim carrying names (a tenant setting) must not match the app role names in the mapping.
  it('maps groups only by object id, never by a name that equals a role name', () => {
    expect(mapEntraRole({ groups: ['Global Administrator', 'Security Administrator'] }, DEFAULT_ROLE_MAPPING)).toBeNull();
    expect(mapEntraRole({ groups: ['toString', '__proto__'] }, DEFAULT_ROLE_MAPPING)).toBeNull();
    expect(mapEntraRole({ roles: ['Security Reader'], groups: ['Global Administrator'] }, DEFAULT_ROLE_MAPPING)).toBe('SECURITY_READER');
  });

  it('reads the identity from tid, oid, email or preferred_username and name', () => {
    expect(entraIdentity({ tid: 't', oid: 'o', preferred_username: 'Ann@Contoso.com' })).toEqual({
      tid: 't',
      oid: 'o',
      email: 'ann@contoso.com',
      name: 'ann@contoso.com',
    });
    expect(entraIdentity({ tid: 't', email: 'a@b.c' })).toBeNull();
  });
});

function signedToken(privateKey: ReturnType<typeof generateKeyPairSync>['privateKey'], kid: string): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${encode({ alg: 'RS256', kid, typ: 'JWT' })}.${encode({ sub: 'x', tid: 't', oid: 'o' })}`;
  const signature = createSign('sha256').update(input).sign(privateKey).toString('base64url');
  return `${input}.${signature}`;
}

describe('ID token signature', () => {
  const trusted = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const attacker = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwks: Jwks = { keys: [{ ...trusted.publicKey.export({ format: 'jwk' }), kid: 'k1', alg: 'RS256' }] };

  it('accepts a token signed by the issuer key and refuses one signed by another key', () => {
    expect(verifyIdTokenSignature(signedToken(trusted.privateKey, 'k1'), jwks)).toBe(true);
    expect(verifyIdTokenSignature(signedToken(attacker.privateKey, 'k1'), jwks)).toBe(false);
    expect(verifyIdTokenSignature(signedToken(trusted.privateKey, 'unknown-kid'), jwks)).toBe(false);
  });

  it('refuses unsigned and tampered tokens', () => {
    const [header, payload, signature] = signedToken(trusted.privateKey, 'k1').split('.');
    const none = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    expect(verifyIdTokenSignature(`${none}.${payload}.`, jwks)).toBe(false);
    const forged = Buffer.from(JSON.stringify({ sub: 'x', tid: 'other', oid: 'o' })).toString('base64url');
    expect(verifyIdTokenSignature(`${header}.${forged}.${signature}`, jwks)).toBe(false);
    expect(verifyIdTokenSignature('garbage', jwks)).toBe(false);
  });
});

describe('idTokenSignedByIssuer', () => {
  it("checks the ID token against the keys the issuer publishes (discovery -> jwks_uri)", async () => {
    const trusted = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const server = http.createServer((req, res) => {
      const { port } = server.address() as AddressInfo;
      res.setHeader('content-type', 'application/json');
      if (req.url === '/tenant/v2.0/.well-known/openid-configuration') {
        res.end(JSON.stringify({ issuer: `http://127.0.0.1:${port}/tenant/v2.0`, jwks_uri: `http://127.0.0.1:${port}/keys` }));
      } else if (req.url === '/keys') {
        res.end(JSON.stringify({ keys: [{ ...trusted.publicKey.export({ format: 'jwk' }), kid: 'k1' }] }));
      } else {
        res.statusCode = 404;
        res.end('{}');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/tenant/v2.0`;
      expect(await idTokenSignedByIssuer(signedToken(trusted.privateKey, 'k1'), issuer)).toBe(true);
      expect(await idTokenSignedByIssuer(signedToken(other.privateKey, 'k1'), issuer)).toBe(false);
      expect(await idTokenSignedByIssuer(undefined, issuer)).toBe(false);
    } finally {
      server.close();
    }
  });
});

describe('signInWithEntra', () => {
  it('creates the user at the first sign-in and follows the Entra role at later ones', async () => {
    const { tenant } = await createTenant();
    const oid = randomUUID();
    const email = `entra-${oid}@contoso.com`;
    const claims = { tid: tenant.microsoftTenantId, oid, email, name: 'Entra User', roles: ['Security Administrator'] };
    const first = await signInWithEntra(claims, DEFAULT_ROLE_MAPPING);
    expect(first.status).toBe('ok');
    if (first.status !== 'ok') return;
    expect(await db().user.findUniqueOrThrow({ where: { id: first.userId } })).toMatchObject({
      tenantId: tenant.id,
      entraObjectId: oid,
      email,
      name: 'Entra User',
      role: 'SECURITY_ADMINISTRATOR',
      passwordHash: null,
    });
    const second = await signInWithEntra({ ...claims, roles: ['Security Reader'] }, DEFAULT_ROLE_MAPPING);
    expect(second).toEqual({ status: 'ok', userId: first.userId });
    expect((await db().user.findUniqueOrThrow({ where: { id: first.userId } })).role).toBe('SECURITY_READER');
    expect(await signInWithEntra({ ...claims, roles: [] }, DEFAULT_ROLE_MAPPING)).toEqual({ status: 'refused', reason: 'EntraNoRole' });
  });

  it('refuses an unknown tenant, a missing role and an email that belongs to another account', async () => {
    const { tenant } = await createTenant();
    const base = { tid: tenant.microsoftTenantId, oid: randomUUID(), email: `x-${randomUUID()}@contoso.com`, roles: ['Security Reader'] };
    expect(await signInWithEntra({ ...base, tid: randomUUID() }, DEFAULT_ROLE_MAPPING)).toEqual({
      status: 'refused',
      reason: 'EntraUnknownTenant',
    });
    expect(await signInWithEntra({ ...base, roles: ['Guest'] }, DEFAULT_ROLE_MAPPING)).toEqual({ status: 'refused', reason: 'EntraNoRole' });
    await db().user.create({ data: { tenantId: tenant.id, email: base.email, name: 'Password user', role: 'SECURITY_READER' } });
    expect(await signInWithEntra(base, DEFAULT_ROLE_MAPPING)).toEqual({ status: 'refused', reason: 'EntraEmailTaken' });
  });
});

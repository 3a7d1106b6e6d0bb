import { randomBytes } from 'node:crypto';
import type { Db } from '@/lib/db/client';
import { hashPassword } from '@/lib/auth/password';
import { deviceGroupNameKey } from '@/lib/data/device-group-key';
import { resolveLanguage } from '@/lib/i18n/languages';

// Device groups a fresh install starts with, named as Defender names them (its samples use "Clients"
// with RBAC group 125 and "UnassignedGroup" with 75), so the first incidents match something.
export const STARTER_DEVICE_GROUPS = [
  { name: 'Clients', rbacGroupId: '125' },
  { name: 'Servers', rbacGroupId: null },
  { name: 'Domain controllers', rbacGroupId: null },
  { name: 'UnassignedGroup', rbacGroupId: '75' },
];

export type SeedResult = {
  tenantId: string;
  // Present only when this run created the first administrator.
  createdAdmin?: { email: string; password: string; passwordWasGenerated: boolean };
};

// Idempotent: creates the default tenant and the first administrator only when they do not exist yet.
export async function seed(db: Db, env: NodeJS.ProcessEnv = process.env): Promise<SeedResult> {
  const defaultLanguage = resolveLanguage(env.DEFAULT_LANGUAGE);

  return db.$transaction(async (tx) => {
    // Two processes starting together must not both create a tenant.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('seed'))`;
    let tenant = await tx.tenant.findFirst({ orderBy: { createdAt: 'asc' } });
    if (!tenant) {
      tenant = await tx.tenant.create({
        data: {
          name: env.ORGANIZATION_NAME?.trim() || 'Contoso',
          // Lower-cased, as every other writer stores it: Entra sign-in looks tenants up by it.
          microsoftTenantId: env.MICROSOFT_TENANT_ID?.trim().toLowerCase() || null,
          defaultLanguage,
          deviceGroups: {
            create: STARTER_DEVICE_GROUPS.map((group) => ({ ...group, nameKey: deviceGroupNameKey(group.name) })),
          },
        },
      });
    }

    if ((await tx.user.count({ where: { tenantId: tenant.id } })) > 0) return { tenantId: tenant.id };

    const email = (env.ADMIN_EMAIL?.trim() || 'admin@example.com').toLowerCase();
    const passwordWasGenerated = !env.ADMIN_PASSWORD;
    const password = env.ADMIN_PASSWORD || randomBytes(15).toString('base64url');
    await tx.user.create({
      data: {
        tenantId: tenant.id,
        email,
        name: 'Administrator',
        role: 'GLOBAL_ADMINISTRATOR',
        language: defaultLanguage,
        passwordHash: await hashPassword(password),
      },
    });
    return { tenantId: tenant.id, createdAdmin: { email, password, passwordWasGenerated } };
  });
}

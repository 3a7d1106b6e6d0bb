import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { hashPassword } from '@/lib/auth/password';
import { changedFields } from '@/lib/data/audit';
import { deviceGroupNameKey } from '@/lib/data/device-group-key';
import type { Db, Tx } from '@/lib/db/client';
import { STARTER_DEVICE_GROUPS } from '@/lib/tenants/seed';
import { Prisma } from '@/lib/generated/prisma/client';
import type { PermissionsModel } from '@/lib/generated/prisma/enums';
import type { Language } from '@/lib/i18n/languages';
import {
  createTenantSchema,
  tenantIdSchema,
  updateTenantSchema,
  type CreateTenantInput,
  type UpdateTenantInput,
} from '@/lib/validation/tenant';

// Tenant administration for the operator of a deployment serving several organizations (an MSSP). No portal
// user may create a tenant or touch another one, so these run from the command line (scripts/tenant.ts) and
// are audited, in the tenant concerned, as 'cli'.

export type TenantView = {
  id: string;
  name: string;
  microsoftTenantId: string | null;
  defaultLanguage: Language;
  permissionsModel: PermissionsModel;
};

// Input the operator must correct; `fields` maps each offending input field to what is wrong with it.
export class TenantInputError extends Error {
  constructor(readonly fields: Record<string, string>) {
    super(Object.entries(fields).map(([field, problem]) => `${field} ${problem}`).join('; '));
    this.name = 'TenantInputError';
  }
}

const ACTOR = 'cli';

// What the audit trail keeps of a tenant; the id is the entry's target.
const snapshot = (tenant: TenantView) => ({
  name: tenant.name,
  microsoftTenantId: tenant.microsoftTenantId,
  defaultLanguage: tenant.defaultLanguage,
  permissionsModel: tenant.permissionsModel,
});
const view = (tenant: TenantView): TenantView => ({ id: tenant.id, ...snapshot(tenant) });

export async function createTenant(db: Db, input: CreateTenantInput) {
  const data = parse(createTenantSchema, input);
  // Shown once to the operator, like the seed's first administrator; only the hash is kept.
  const password = randomBytes(15).toString('base64url');
  const passwordHash = await hashPassword(password);
  try {
    return await db.$transaction(async (tx) => {
      await lockTenants(tx);
      if (await tx.user.findUnique({ where: { email: data.adminEmail }, select: { id: true } })) throw emailTaken();
      await assertMicrosoftTenantIdFree(tx, data.microsoftTenantId, null);
      const tenant = await tx.tenant.create({
        data: {
          name: data.name,
          microsoftTenantId: data.microsoftTenantId,
          defaultLanguage: data.defaultLanguage,
          permissionsModel: data.permissionsModel,
          deviceGroups: {
            create: STARTER_DEVICE_GROUPS.map((group) => ({ ...group, nameKey: deviceGroupNameKey(group.name) })),
          },
        },
      });
      const admin = await tx.user.create({
        data: {
          tenantId: tenant.id,
          email: data.adminEmail,
          name: data.adminName,
          role: 'GLOBAL_ADMINISTRATOR',
          language: data.defaultLanguage,
          passwordHash,
        },
      });
      await audit(tx, tenant.id, { action: 'tenant.created', targetType: 'tenant', targetId: tenant.id, targetName: tenant.name, before: null, after: snapshot(tenant) });
      // As lib/data/users.ts records a user: never the password hash.
      const { name, email, role, language } = admin;
      await audit(tx, tenant.id, { action: 'user.created', targetType: 'user', targetId: admin.id, targetName: name, before: null, after: { name, email, role, language } });
      return { tenant: view(tenant), admin: { id: admin.id, email, password } };
    });
  } catch (error) {
    // A concurrent creation took the address between the check and the insert.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw emailTaken();
    throw error;
  }
}

export async function listTenants(db: Db): Promise<(TenantView & { userCount: number })[]> {
  const rows = await db.tenant.findMany({ orderBy: { createdAt: 'asc' }, include: { _count: { select: { users: true } } } });
  return rows.map((row) => ({ ...view(row), userCount: row._count.users }));
}

export async function updateTenant(db: Db, id: string, input: UpdateTenantInput): Promise<TenantView> {
  const tenantId = parse(tenantIdSchema, id, 'id');
  const changes = parse(updateTenantSchema, input);
  return db.$transaction(async (tx) => {
    await lockTenants(tx);
    const before = await tx.tenant.findUnique({ where: { id: tenantId } });
    if (!before) throw new TenantInputError({ id: `${id} is not a tenant (see \`list\`)` });
    if (changes.microsoftTenantId) await assertMicrosoftTenantIdFree(tx, changes.microsoftTenantId, tenantId);
    const after = await tx.tenant.update({ where: { id: tenantId }, data: changes });
    const diff = changedFields(snapshot(before), snapshot(after));
    if (Object.keys(diff.after).length > 0) {
      await audit(tx, tenantId, { action: 'tenant.updated', targetType: 'tenant', targetId: tenantId, targetName: after.name, ...diff });
    }
    return view(after);
  });
}

function parse<S extends z.ZodType>(schema: S, input: unknown, field?: string): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fields: Record<string, string> = {};
  for (const issue of result.error.issues) fields[field ?? (issue.path.join('.') || 'input')] ??= issue.message;
  throw new TenantInputError(fields);
}

const emailTaken = () => new TenantInputError({ adminEmail: 'already belongs to a user (email addresses are unique across tenants)' });

// Entra sign-in finds the tenant by the token's tenant id: two tenants sharing one would be a coin toss.
async function assertMicrosoftTenantIdFree(tx: Tx, microsoftTenantId: string | null, exceptId: string | null) {
  if (!microsoftTenantId) return;
  const holder = await tx.tenant.findFirst({
    where: { microsoftTenantId: { equals: microsoftTenantId, mode: 'insensitive' }, ...(exceptId ? { NOT: { id: exceptId } } : {}) },
    select: { name: true },
  });
  if (holder) throw new TenantInputError({ microsoftTenantId: `is already the Microsoft tenant id of "${holder.name}"` });
}

// Serialises tenant administration, so two commands cannot both find a Microsoft tenant id free.
async function lockTenants(tx: Tx) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('tenant-admin'))`;
}

type AuditInput = { action: string; targetType: string; targetId: string; targetName: string; before: object | null; after: object | null };

// lib/data/audit.ts writes on behalf of a signed-in user; here no user acts, so there is no actorId.
async function audit(tx: Tx, tenantId: string, entry: AuditInput) {
  await tx.auditEntry.create({
    data: {
      ...entry,
      tenantId,
      actorId: null,
      actorEmail: ACTOR,
      before: (entry.before ?? undefined) as Prisma.InputJsonValue | undefined,
      after: (entry.after ?? undefined) as Prisma.InputJsonValue | undefined,
    },
  });
}

import 'server-only';
import { db, type Tx } from '@/lib/db/client';
import { writeAudit } from '@/lib/data/audit';
import type { TenantContext } from '@/lib/data/context';
import type { Language, PermissionsModel } from '@/lib/generated/prisma/enums';
import type { TenantSettingsInput } from '@/lib/validation/tenant-settings';
import { SafeError, notFound } from '@/lib/safe-error';

// The caller's own organization (Settings → Organization), changed by its Global Administrator. The tenant is
// always the caller's: no id comes from the browser. Every setting is read afresh on every request and for
// every email, so a change (the permissions model above all) takes effect at once.

export type TenantSettingsView = {
  name: string;
  // '' when none is set: the form's value.
  microsoftTenantId: string;
  defaultLanguage: Language;
  permissionsModel: PermissionsModel;
};

const snapshot = (tenant: { name: string; microsoftTenantId: string | null; defaultLanguage: Language; permissionsModel: PermissionsModel }) => ({
  name: tenant.name,
  microsoftTenantId: tenant.microsoftTenantId,
  defaultLanguage: tenant.defaultLanguage,
  permissionsModel: tenant.permissionsModel,
});

export async function getTenantSettings(ctx: TenantContext): Promise<TenantSettingsView> {
  const tenant = await db().tenant.findUnique({ where: { id: ctx.tenantId } });
  if (!tenant) throw notFound();
  return { ...snapshot(tenant), microsoftTenantId: tenant.microsoftTenantId ?? '' };
}

// The same lock as the command line's tenant administration (lib/tenants/tenant-admin.ts): neither can
// find a Microsoft tenant id free while the other is taking it.
async function lockTenants(tx: Tx) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('tenant-admin'))`;
}

// Entra ID sign-in finds the organization by the token's tenant id, so two organizations must never share
// one. The message does not say which organization holds it.
async function assertMicrosoftTenantIdFree(tx: Tx, ctx: TenantContext, microsoftTenantId: string | null) {
  if (!microsoftTenantId) return;
  const holder = await tx.tenant.findFirst({
    where: { microsoftTenantId: { equals: microsoftTenantId, mode: 'insensitive' }, NOT: { id: ctx.tenantId } },
    select: { id: true },
  });
  if (holder) {
    throw new SafeError('microsoftTenantIdTaken', undefined, { microsoftTenantId: 'microsoftTenantIdTaken' });
  }
}

export async function updateTenantSettings(ctx: TenantContext, input: TenantSettingsInput): Promise<void> {
  await db().$transaction(async (tx) => {
    await lockTenants(tx);
    const before = await tx.tenant.findUnique({ where: { id: ctx.tenantId } });
    if (!before) throw notFound();
    if (input.microsoftTenantId !== before.microsoftTenantId) await assertMicrosoftTenantIdFree(tx, ctx, input.microsoftTenantId);
    const after = snapshot(input);
    if (JSON.stringify(snapshot(before)) === JSON.stringify(after)) return;
    await tx.tenant.update({ where: { id: ctx.tenantId }, data: after });
    await writeAudit(tx, ctx, {
      action: 'tenant.updated',
      targetType: 'tenant',
      targetId: ctx.tenantId,
      targetName: input.name,
      before: snapshot(before),
      after,
    });
  });
}

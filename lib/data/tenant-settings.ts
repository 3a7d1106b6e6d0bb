import 'server-only';
import { db } from '@/lib/db/client';
import { writeAudit } from '@/lib/data/audit';
import type { TenantContext } from '@/lib/auth/tenant-context';
import type { PermissionsModel } from '@/lib/generated/prisma/enums';
import type { Language } from '@/lib/i18n/languages';
import type { TenantSettingsInput } from '@/lib/validation/tenant-settings';
import { notFound } from '@/lib/safe-error';

// The caller's own organization (Settings → Organization), changed by its Global Administrator. The tenant is
// always the caller's: no id comes from the browser. Every setting is read afresh on every request and for
// every email, so a change (the permissions model above all) takes effect at once.

export type TenantSettingsView = {
  // What the form edits.
  settings: TenantSettingsInput;
  // Shown, never changed here: Microsoft Entra sign-in finds the organization by it, so only the deployment's
  // operator sets it (lib/tenants/tenant-admin.ts). null when none is set.
  microsoftTenantId: string | null;
};

const snapshot = (tenant: { name: string; defaultLanguage: Language; permissionsModel: PermissionsModel; timeZone: string }): TenantSettingsInput => ({
  name: tenant.name,
  defaultLanguage: tenant.defaultLanguage,
  permissionsModel: tenant.permissionsModel,
  timeZone: tenant.timeZone,
});

export async function getTenantSettings(ctx: TenantContext): Promise<TenantSettingsView> {
  const tenant = await db().tenant.findUnique({ where: { id: ctx.tenantId } });
  if (!tenant) throw notFound();
  return { settings: snapshot(tenant), microsoftTenantId: tenant.microsoftTenantId };
}

export async function updateTenantSettings(ctx: TenantContext, input: TenantSettingsInput): Promise<void> {
  await db().$transaction(async (tx) => {
    const before = await tx.tenant.findUnique({ where: { id: ctx.tenantId } });
    if (!before) throw notFound();
    // Only the fields the form edits, whatever else the input carries.
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

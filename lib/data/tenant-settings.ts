import 'server-only';
import { db } from '@/lib/db/client';
import { writeAudit } from '@/lib/data/audit';
import type { TenantContext } from '@/lib/auth/tenant-context';
import type { PermissionsModel } from '@/lib/generated/prisma/enums';
import type { Language } from '@/lib/i18n/languages';
import type { TenantSettingsInput } from '@/lib/validation/tenant-settings';
import { capFromColumns, capToColumns, type CapColumns } from '@/lib/validation/email-volume';
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

type TenantRow = {
  name: string;
  defaultLanguage: Language;
  permissionsModel: PermissionsModel;
  timeZone: string;
  addressCapPeriod: CapColumns['period'];
  addressCapHigh: number | null;
  addressCapMedium: number | null;
  addressCapLow: number | null;
  addressCapInformational: number | null;
  addressDigestAtMinute: number | null;
};

const snapshot = (tenant: TenantRow): TenantSettingsInput => ({
  name: tenant.name,
  defaultLanguage: tenant.defaultLanguage,
  permissionsModel: tenant.permissionsModel,
  timeZone: tenant.timeZone,
  addressCap: capFromColumns({
    period: tenant.addressCapPeriod,
    high: tenant.addressCapHigh,
    medium: tenant.addressCapMedium,
    low: tenant.addressCapLow,
    informational: tenant.addressCapInformational,
    digestAtMinute: tenant.addressDigestAtMinute,
  }),
});

// Only the fields the form edits, whatever else the input carries.
function columnsOf(input: TenantSettingsInput): TenantRow {
  const cap = capToColumns(input.addressCap);
  return {
    name: input.name,
    defaultLanguage: input.defaultLanguage,
    permissionsModel: input.permissionsModel,
    timeZone: input.timeZone,
    addressCapPeriod: cap.period,
    addressCapHigh: cap.high,
    addressCapMedium: cap.medium,
    addressCapLow: cap.low,
    addressCapInformational: cap.informational,
    addressDigestAtMinute: cap.digestAtMinute,
  };
}

export async function getTenantSettings(ctx: TenantContext): Promise<TenantSettingsView> {
  const tenant = await db().tenant.findUnique({ where: { id: ctx.tenantId } });
  if (!tenant) throw notFound();
  return { settings: snapshot(tenant), microsoftTenantId: tenant.microsoftTenantId };
}

export async function updateTenantSettings(ctx: TenantContext, input: TenantSettingsInput): Promise<void> {
  await db().$transaction(async (tx) => {
    const before = await tx.tenant.findUnique({ where: { id: ctx.tenantId } });
    if (!before) throw notFound();
    const data = columnsOf(input);
    // Read back through the columns, so the audit shows what is stored (limits left empty are absent).
    const after = snapshot(data);
    if (JSON.stringify(snapshot(before)) === JSON.stringify(after)) return;
    await tx.tenant.update({ where: { id: ctx.tenantId }, data });
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

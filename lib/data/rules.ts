import 'server-only';
import { canActOn, canSee, scopeFor } from '@/lib/auth/authorize';
import { groupsInScope, type ScopedResource } from '@/lib/auth/scope';
import { db, type Tx } from '@/lib/db/client';
import { writeAudit } from '@/lib/data/audit';
import { editingUserId, type TenantContext } from '@/lib/auth/tenant-context';
import type { RuleView } from '@/lib/data/rule-views';
import { undeliverableAddresses, type UndeliverableView } from '@/lib/data/undeliverable-addresses';
import type { Prisma } from '@/lib/generated/prisma/client';
import type { RuleInput } from '@/lib/validation/rule';
import { capFromColumns, capToColumns, COALESCING_OFF } from '@/lib/validation/email-volume';
import { SafeError, notFound } from '@/lib/safe-error';

const ruleInclude = {
  deviceGroups: { include: { deviceGroup: { select: { id: true, name: true } } } },
  sourceFilters: { orderBy: [{ serviceSource: 'asc' }, { detectionSource: 'asc' }] },
  recipients: { orderBy: { addedAt: 'asc' } },
  createdBy: { select: { name: true } },
  updatedBy: { select: { name: true } },
} satisfies Prisma.NotificationRuleInclude;

type RuleRow = Prisma.NotificationRuleGetPayload<{ include: typeof ruleInclude }>;

// A rule as its device-group scope, for the authorization questions.
function scopeOf(row: { allDeviceGroups: boolean; deviceGroups: { deviceGroupId: string }[] }): ScopedResource {
  return { allDeviceGroups: row.allDeviceGroups, deviceGroupIds: row.deviceGroups.map((link) => link.deviceGroupId) };
}

function inputScope(input: RuleInput): ScopedResource {
  return { allDeviceGroups: input.deviceGroupScope === 'all', deviceGroupIds: input.deviceGroupScope === 'selected' ? input.deviceGroupIds : [] };
}

function toValues(row: RuleRow): RuleInput {
  return {
    name: row.name,
    description: row.description,
    severities: row.severities,
    deviceGroupScope: row.allDeviceGroups ? 'all' : 'selected',
    deviceGroupIds: row.deviceGroups.map((link) => link.deviceGroupId).sort(),
    sourceScope: row.allSources ? 'all' : 'selected',
    sources: row.sourceFilters.map((filter) => ({
      serviceSource: filter.serviceSource as RuleInput['sources'][number]['serviceSource'],
      detectionSource: filter.detectionSource as RuleInput['sources'][number]['detectionSource'],
      severities: filter.severities,
    })),
    oneNotificationPerIncident: row.oneNotificationPerIncident,
    includeOrganizationName: row.includeOrganizationName,
    includeTenantPortalLink: row.includeTenantPortalLink,
    recipients: row.recipients.map(({ email, language }) => ({ email, language })),
    coalescing: { windowMinutes: row.coalesceMinutes, highSeverityBypass: row.coalesceBypassHigh },
    recipientCap: capFromColumns({
      period: row.capPeriod,
      high: row.capHigh,
      medium: row.capMedium,
      low: row.capLow,
      informational: row.capInformational,
      digestAtMinute: row.digestAtMinute,
    }),
  };
}

// What the actor is shown: a rule that reaches beyond their device groups keeps its other groups to
// itself (only their number is shown), and cannot be changed by them.
function toView(ctx: TenantContext, row: RuleRow, undeliverable: ReadonlyMap<string, UndeliverableView>): RuleView {
  const visible = scopeFor(ctx.actor, 'rules.view');
  const shownGroups = new Set(groupsInScope(visible, row.deviceGroups.map((link) => link.deviceGroupId)));
  const values = toValues(row);
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    severities: row.severities,
    allDeviceGroups: row.allDeviceGroups,
    deviceGroups: row.deviceGroups
      .filter((link) => shownGroups.has(link.deviceGroupId))
      .map((link) => link.deviceGroup)
      .sort((a, b) => a.name.localeCompare(b.name)),
    hiddenDeviceGroupCount: row.deviceGroups.length - shownGroups.size,
    canManage: canActOn(ctx.actor, 'rules.update', scopeOf(row)),
    recipientCount: row.recipients.length,
    enabled: row.enabled,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy?.name ?? null,
    updatedAt: row.updatedAt.toISOString(),
    updatedBy: row.updatedBy?.name ?? null,
    recipients: row.recipients.map((r) => ({ email: r.email, language: r.language, addedAt: r.addedAt.toISOString() })),
    undeliverableRecipients: row.recipients.flatMap((r) => undeliverable.get(r.email.toLowerCase()) ?? []),
    values: { ...values, deviceGroupIds: values.deviceGroupIds.filter((id) => shownGroups.has(id)) },
  };
}

function snapshot(row: RuleRow) {
  return { ...toValues(row), enabled: row.enabled };
}

// Rules wholly outside the actor's device groups are not shown at all.
export async function listRules(ctx: TenantContext): Promise<RuleView[]> {
  const rows = await db().notificationRule.findMany({
    where: { tenantId: ctx.tenantId },
    include: ruleInclude,
    orderBy: [{ updatedAt: 'desc' }, { id: 'asc' }],
  });
  const visible = rows.filter((row) => canSee(ctx.actor, 'rules.view', scopeOf(row)));
  const undeliverable = await undeliverableAddresses(ctx);
  return visible.map((row) => toView(ctx, row, undeliverable));
}

// Every rule the actor sees, as the values an import compares a file against (lib/data/rule-import.ts),
// read with the caller's client so an import plans and writes in one transaction. As in toView, groups
// outside the actor's view are left out of `values`: a rule partly outside them is read-only anyway.
export type RuleState = { id: string; name: string; canManage: boolean; enabled: boolean; values: RuleInput };

export async function listRuleStates(client: Tx, ctx: TenantContext): Promise<RuleState[]> {
  const rows = await client.notificationRule.findMany({
    where: { tenantId: ctx.tenantId },
    include: ruleInclude,
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  const visible = scopeFor(ctx.actor, 'rules.view');
  return rows
    .filter((row) => canSee(ctx.actor, 'rules.view', scopeOf(row)))
    .map((row) => {
      const values = toValues(row);
      return {
        id: row.id,
        name: row.name,
        canManage: canActOn(ctx.actor, 'rules.update', scopeOf(row)),
        enabled: row.enabled,
        values: { ...values, deviceGroupIds: groupsInScope(visible, values.deviceGroupIds) },
      };
    });
}

export async function getRule(ctx: TenantContext, id: string): Promise<RuleView | null> {
  const row = await db().notificationRule.findFirst({ where: { id, tenantId: ctx.tenantId }, include: ruleInclude });
  return row && canSee(ctx.actor, 'rules.view', scopeOf(row)) ? toView(ctx, row, await undeliverableAddresses(ctx)) : null;
}

// The scope the actor asks a rule to have must be theirs to manage: "all device groups" only for an actor
// who manages every group.
function assertManageableScope(ctx: TenantContext, input: RuleInput): void {
  if (canActOn(ctx.actor, 'rules.create', inputScope(input))) return;
  const field = input.deviceGroupScope === 'all' ? 'deviceGroupScope' : 'deviceGroupIds';
  throw new SafeError('deviceGroupsNotManaged', undefined, { [field]: 'deviceGroupsNotManaged' });
}

// The client's device group ids are only trusted once found in the caller's own tenant.
async function assertOwnDeviceGroups(tx: Tx, ctx: TenantContext, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const found = await tx.deviceGroup.count({ where: { tenantId: ctx.tenantId, id: { in: ids } } });
  if (found !== ids.length) {
    throw new SafeError('invalidInput', undefined, { deviceGroupIds: 'deviceGroupUnknown' });
  }
}

// Scalar columns and child rows for a rule; "all" scopes store no selection, so none lingers unseen.
function ruleData(ctx: TenantContext, input: RuleInput) {
  const deviceGroupIds = input.deviceGroupScope === 'selected' ? input.deviceGroupIds : [];
  const sources = input.sourceScope === 'selected' ? input.sources : [];
  // Absent (a document older than these settings): off, as such a rule has always behaved.
  const coalescing = input.coalescing ?? COALESCING_OFF;
  const cap = capToColumns(input.recipientCap);
  return {
    scalars: {
      name: input.name,
      description: input.description,
      severities: input.severities,
      allDeviceGroups: input.deviceGroupScope === 'all',
      allSources: input.sourceScope === 'all',
      oneNotificationPerIncident: input.oneNotificationPerIncident,
      includeOrganizationName: input.includeOrganizationName,
      includeTenantPortalLink: input.includeTenantPortalLink,
      coalesceMinutes: coalescing.windowMinutes,
      coalesceBypassHigh: coalescing.highSeverityBypass,
      capPeriod: cap.period,
      capHigh: cap.high,
      capMedium: cap.medium,
      capLow: cap.low,
      capInformational: cap.informational,
      digestAtMinute: cap.digestAtMinute,
      updatedById: editingUserId(ctx),
    },
    deviceGroupIds,
    deviceGroups: { create: deviceGroupIds.map((deviceGroupId) => ({ tenantId: ctx.tenantId, deviceGroupId })) },
    sourceFilters: { create: sources.map((source) => ({ tenantId: ctx.tenantId, ...source })) },
  };
}

// `enabled` is for the rules API, whose documents may carry it; the wizard creates rules enabled and the
// switch (setRuleEnabled) changes it. Absent, a new rule is enabled and an edited one keeps its state.
export type RuleSwitch = { enabled?: boolean };

export async function createRule(ctx: TenantContext, input: RuleInput, rule: RuleSwitch = {}): Promise<{ id: string }> {
  return db().$transaction((tx) => createRuleIn(tx, ctx, input, rule));
}

// createRule inside the caller's transaction, for writes of many rules that succeed or fail together (import).
export async function createRuleIn(tx: Tx, ctx: TenantContext, input: RuleInput, { enabled }: RuleSwitch = {}): Promise<{ id: string }> {
  assertManageableScope(ctx, input);
  const data = ruleData(ctx, input);
  await assertOwnDeviceGroups(tx, ctx, data.deviceGroupIds);
  const row = await tx.notificationRule.create({
    data: {
      ...data.scalars,
      ...(enabled === undefined ? {} : { enabled }),
      tenantId: ctx.tenantId,
      createdById: editingUserId(ctx),
      deviceGroups: data.deviceGroups,
      sourceFilters: data.sourceFilters,
      recipients: {
        create: input.recipients.map((recipient) => ({ tenantId: ctx.tenantId, ...recipient })),
      },
    },
    include: ruleInclude,
  });
  await writeAudit(tx, ctx, {
    action: 'rule.created',
    targetType: 'rule',
    targetId: row.id,
    targetName: row.name,
    before: null,
    after: snapshot(row),
  });
  return { id: row.id };
}

// Locks a rule the actor is about to change. One they may not see is "not found", exactly as one that
// does not exist; one they see but may not change whole is refused as read-only.
// `expectedUpdatedAt` (the rules API's If-Match) is checked under the row lock, so a change that landed
// since the caller read the rule is refused rather than silently overwritten.
async function lockRule(
  tx: Tx,
  ctx: TenantContext,
  id: string,
  operation: 'rules.update' | 'rules.delete',
  expectedUpdatedAt?: string,
): Promise<RuleRow> {
  // Row lock: two concurrent edits of one rule apply one after the other, each audited against the truth.
  await tx.$queryRaw`SELECT 1 FROM "NotificationRule" WHERE "id" = ${id}::uuid AND "tenantId" = ${ctx.tenantId}::uuid FOR UPDATE`;
  const row = await tx.notificationRule.findFirst({ where: { id, tenantId: ctx.tenantId }, include: ruleInclude });
  if (!row || !canSee(ctx.actor, 'rules.view', scopeOf(row))) throw notFound();
  if (!canActOn(ctx.actor, operation, scopeOf(row))) throw new SafeError('ruleReadOnly');
  if (expectedUpdatedAt !== undefined && row.updatedAt.toISOString() !== expectedUpdatedAt) throw new SafeError('ruleChanged');
  return row;
}

export type RulePrecondition = { expectedUpdatedAt?: string };

export async function updateRule(
  ctx: TenantContext,
  id: string,
  input: RuleInput,
  options: RulePrecondition & RuleSwitch = {},
): Promise<{ id: string }> {
  return db().$transaction((tx) => updateRuleIn(tx, ctx, id, input, options));
}

// updateRule inside the caller's transaction (import): the same row lock, checks and audit entry.
export async function updateRuleIn(
  tx: Tx,
  ctx: TenantContext,
  id: string,
  input: RuleInput,
  { expectedUpdatedAt, enabled }: RulePrecondition & RuleSwitch = {},
): Promise<{ id: string }> {
  const before = await lockRule(tx, ctx, id, 'rules.update', expectedUpdatedAt);
  assertManageableScope(ctx, input);
  const data = ruleData(ctx, input);
  await assertOwnDeviceGroups(tx, ctx, data.deviceGroupIds);

  // Recipients keep their original "added at": re-saving a rule must not make anyone miss incidents,
  // and must not backfill anyone either.
  const existing = new Map(before.recipients.map((r) => [r.email, r]));
  const wanted = new Map(input.recipients.map((r) => [r.email, r]));
  const removed = before.recipients.filter((r) => !wanted.has(r.email)).map((r) => r.id);
  const added = input.recipients.filter((r) => !existing.has(r.email));
  const relanguaged = before.recipients.filter((r) => wanted.has(r.email) && wanted.get(r.email)!.language !== r.language);

  await tx.ruleRecipient.deleteMany({ where: { id: { in: removed }, ruleId: id, tenantId: ctx.tenantId } });
  for (const recipient of relanguaged) {
    await tx.ruleRecipient.update({ where: { id: recipient.id }, data: { language: wanted.get(recipient.email)!.language } });
  }
  await tx.ruleDeviceGroup.deleteMany({ where: { ruleId: id, tenantId: ctx.tenantId } });
  await tx.ruleSourceFilter.deleteMany({ where: { ruleId: id, tenantId: ctx.tenantId } });

  const after = await tx.notificationRule.update({
    where: { id_tenantId: { id, tenantId: ctx.tenantId } },
    data: {
      ...data.scalars,
      ...(enabled === undefined ? {} : { enabled }),
      deviceGroups: data.deviceGroups,
      sourceFilters: data.sourceFilters,
      recipients: { create: added.map((recipient) => ({ tenantId: ctx.tenantId, ...recipient })) },
    },
    include: ruleInclude,
  });
  await writeAudit(tx, ctx, {
    action: 'rule.updated',
    targetType: 'rule',
    targetId: id,
    targetName: after.name,
    before: snapshot(before),
    after: snapshot(after),
  });
  return { id };
}

export async function setRuleEnabled(ctx: TenantContext, id: string, enabled: boolean): Promise<void> {
  await db().$transaction(async (tx) => {
    const before = await lockRule(tx, ctx, id, 'rules.update');
    if (before.enabled === enabled) return;
    await tx.notificationRule.update({
      where: { id_tenantId: { id, tenantId: ctx.tenantId } },
      data: { enabled, updatedById: editingUserId(ctx) },
    });
    await writeAudit(tx, ctx, {
      action: enabled ? 'rule.enabled' : 'rule.disabled',
      targetType: 'rule',
      targetId: id,
      targetName: before.name,
      before: { enabled: before.enabled },
      after: { enabled },
    });
  });
}

export async function deleteRule(ctx: TenantContext, id: string, { expectedUpdatedAt }: RulePrecondition = {}): Promise<void> {
  await db().$transaction(async (tx) => {
    const before = await lockRule(tx, ctx, id, 'rules.delete', expectedUpdatedAt);
    await tx.notificationRule.delete({ where: { id_tenantId: { id, tenantId: ctx.tenantId } } });
    await writeAudit(tx, ctx, {
      action: 'rule.deleted',
      targetType: 'rule',
      targetId: id,
      targetName: before.name,
      before: snapshot(before),
      after: null,
    });
  });
}

import 'server-only';
import { canActOn, canSee, scopeFor } from '@/lib/auth/authorize';
import { groupsInScope, type ScopedResource } from '@/lib/auth/scope';
import { editingUserId, type TenantContext } from '@/lib/auth/tenant-context';
import { writeAudit } from '@/lib/data/audit';
import { db, type Tx } from '@/lib/db/client';
import type { Silence } from '@/lib/generated/prisma/client';
import { activeAt, effectiveEnd, instantOfLocal, phaseAt, type SilencePhase } from '@/lib/rules/silences';
import { SafeError, notFound } from '@/lib/safe-error';
import { SILENCE_MAX_DAYS, type SilenceInput } from '@/lib/validation/silence';
import { minuteOfDay, timeOfDay } from '@/lib/rules/time-of-day';

// Silences of the caller's tenant (Settings → Email notifications → Silences). A silence concerns the device
// groups it names, or every group when it names none: a user limited to some groups sees the silences that
// concern one of theirs (groups and rules outside them counted, not named) and changes only those wholly
// inside their groups. The dispatcher reads silences itself (lib/notifications/silence-check.ts).

export type SilenceView = {
  id: string;
  name: string;
  comment: string;
  phase: SilencePhase;
  startsAt: string;
  endsAt: string;
  endedAt: string | null;
  // The local window of a recurring silence, "HH:mm", on weekdays 0 (Sunday) … 6.
  recurrence: { weekdays: number[]; start: string; end: string } | null;
  allDeviceGroups: boolean;
  deviceGroups: { id: string; name: string }[];
  hiddenDeviceGroupCount: number;
  detectionSources: string[];
  severities: string[];
  titleContains: string;
  rules: { id: string; name: string }[];
  hiddenRuleCount: number;
  createdByEmail: string;
  createdAt: string;
  heldBackCount: number;
  canManage: boolean;
};

export type SilenceLists = { active: SilenceView[]; upcoming: SilenceView[]; expired: SilenceView[]; hiddenCount: number; timeZone: string };

const EXPIRED_SHOWN = 100;
const DAY_MS = 86_400_000;

// The device groups a silence concerns, as authorization reads them: none named means every group.
export const silenceScope = (silence: { deviceGroupIds: readonly string[] }): ScopedResource => ({
  allDeviceGroups: silence.deviceGroupIds.length === 0,
  deviceGroupIds: silence.deviceGroupIds,
});


export async function tenantTimeZone(ctx: TenantContext, tx: Tx = db()): Promise<string> {
  const tenant = await tx.tenant.findUnique({ where: { id: ctx.tenantId }, select: { timeZone: true } });
  if (!tenant) throw notFound();
  return tenant.timeZone;
}

// Names of the tenant's groups and of the rules the actor may see, to show a silence's criteria by.
async function namesFor(ctx: TenantContext) {
  const [groups, rules] = await Promise.all([
    db().deviceGroup.findMany({ where: { tenantId: ctx.tenantId }, select: { id: true, name: true } }),
    db().notificationRule.findMany({
      where: { tenantId: ctx.tenantId },
      select: { id: true, name: true, allDeviceGroups: true, deviceGroups: { select: { deviceGroupId: true } } },
    }),
  ]);
  const visibleRules = rules.filter((rule) =>
    canSee(ctx.actor, 'rules.view', { allDeviceGroups: rule.allDeviceGroups, deviceGroupIds: rule.deviceGroups.map((link) => link.deviceGroupId) }));
  return { groups: new Map(groups.map((group) => [group.id, group.name])), rules: new Map(visibleRules.map((rule) => [rule.id, rule.name])) };
}

function toView(ctx: TenantContext, row: Silence & { _count: { deliveries: number } }, names: Awaited<ReturnType<typeof namesFor>>, now: Date): SilenceView {
  // A group removed since is no longer anyone's to see: it is counted with the hidden ones.
  const shownGroups = groupsInScope(scopeFor(ctx.actor, 'silences.view'), row.deviceGroupIds).filter((id) => names.groups.has(id));
  const shownRules = row.ruleIds.filter((id) => names.rules.has(id));
  return {
    id: row.id,
    name: row.name,
    comment: row.comment,
    phase: phaseAt(row, now),
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    endedAt: row.endedAt?.toISOString() ?? null,
    recurrence:
      row.recurrenceWeekdays.length > 0
        ? { weekdays: [...row.recurrenceWeekdays].sort(), start: timeOfDay(row.recurrenceStartMinute ?? 0), end: timeOfDay(row.recurrenceEndMinute ?? 0) }
        : null,
    allDeviceGroups: row.deviceGroupIds.length === 0,
    deviceGroups: shownGroups.map((id) => ({ id, name: names.groups.get(id)! })).sort((a, b) => a.name.localeCompare(b.name)),
    hiddenDeviceGroupCount: row.deviceGroupIds.length - shownGroups.length,
    detectionSources: row.detectionSources,
    severities: row.severities,
    titleContains: row.titleContains,
    rules: shownRules.map((id) => ({ id, name: names.rules.get(id)! })).sort((a, b) => a.name.localeCompare(b.name)),
    hiddenRuleCount: row.ruleIds.length - shownRules.length,
    createdByEmail: row.createdByEmail,
    createdAt: row.createdAt.toISOString(),
    heldBackCount: row._count.deliveries,
    canManage: phaseAt(row, now) !== 'expired' && canActOn(ctx.actor, 'silences.manage', silenceScope(row)),
  };
}

export async function listSilences(ctx: TenantContext, now = new Date()): Promise<SilenceLists> {
  const [rows, names, timeZone] = await Promise.all([
    db().silence.findMany({
      where: { tenantId: ctx.tenantId },
      include: { _count: { select: { deliveries: true } } },
      orderBy: [{ startsAt: 'asc' }, { id: 'asc' }],
    }),
    namesFor(ctx),
    tenantTimeZone(ctx),
  ]);
  const visible = rows.filter((row) => canSee(ctx.actor, 'silences.view', silenceScope(row)));
  const views = visible.map((row) => toView(ctx, row, names, now));
  const expired = views.filter((view) => view.phase === 'expired');
  // Most recently ended first; the oldest are dropped from the page, not from the database.
  expired.sort((a, b) => (a.endedAt ?? a.endsAt) < (b.endedAt ?? b.endsAt) ? 1 : -1);
  return {
    active: views.filter((view) => view.phase === 'active'),
    upcoming: views.filter((view) => view.phase === 'upcoming'),
    expired: expired.slice(0, EXPIRED_SHOWN),
    hiddenCount: rows.length - visible.length,
    timeZone,
  };
}

export async function getSilence(ctx: TenantContext, id: string, now = new Date()): Promise<SilenceView | null> {
  const row = await db().silence.findFirst({ where: { id, tenantId: ctx.tenantId }, include: { _count: { select: { deliveries: true } } } });
  if (!row || !canSee(ctx.actor, 'silences.view', silenceScope(row))) return null;
  return toView(ctx, row, await namesFor(ctx), now);
}

// The silence's name for the delivery log, or null for one the viewer may not see.
export async function silenceNamesFor(ctx: TenantContext, ids: readonly string[]): Promise<Map<string, string | null>> {
  if (ids.length === 0) return new Map();
  const rows = await db().silence.findMany({ where: { tenantId: ctx.tenantId, id: { in: [...ids] } }, select: { id: true, name: true, deviceGroupIds: true } });
  return new Map(rows.map((row) => [row.id, canSee(ctx.actor, 'silences.view', silenceScope(row)) ? row.name : null]));
}

// Silences the actor may change that end within the next `withinMs`: the administrators' reminder.
export async function silencesEndingSoon(ctx: TenantContext, now = new Date(), withinMs = 3_600_000): Promise<{ id: string; name: string; endsAt: string }[]> {
  const rows = await db().silence.findMany({
    where: { tenantId: ctx.tenantId, ...activeAt(now) },
    orderBy: { endsAt: 'asc' },
  });
  return rows
    .filter((row) => effectiveEnd(row).getTime() - now.getTime() <= withinMs && canActOn(ctx.actor, 'silences.manage', silenceScope(row)))
    .map((row) => ({ id: row.id, name: row.name, endsAt: effectiveEnd(row).toISOString() }));
}

function instant(local: string, timeZone: string, field: string): Date {
  const at = instantOfLocal(local, timeZone);
  if (!at) throw new SafeError('invalidInput', undefined, { [field]: 'silenceTimeInvalid' });
  return at;
}

function assertDuration(startsAt: Date, endsAt: Date, now: Date) {
  if (endsAt <= startsAt) throw new SafeError('invalidInput', undefined, { endsAt: 'silenceEndBeforeStart' });
  if (endsAt <= now) throw new SafeError('invalidInput', undefined, { endsAt: 'silenceEndInPast' });
  if (endsAt.getTime() - startsAt.getTime() > SILENCE_MAX_DAYS * DAY_MS) throw new SafeError('invalidInput', undefined, { endsAt: 'silenceTooLong' });
}

// Device groups and rules from the browser are trusted only once found in the caller's tenant, and rules
// only when the caller may see them.
async function assertCriteria(tx: Tx, ctx: TenantContext, input: SilenceInput) {
  if (!canActOn(ctx.actor, 'silences.manage', silenceScope(input))) {
    throw new SafeError('silenceGroupsNotManaged', undefined, { deviceGroupIds: 'silenceGroupsNotManaged' });
  }
  if (input.deviceGroupIds.length > 0) {
    const found = await tx.deviceGroup.count({ where: { tenantId: ctx.tenantId, id: { in: input.deviceGroupIds } } });
    if (found !== input.deviceGroupIds.length) throw new SafeError('invalidInput', undefined, { deviceGroupIds: 'deviceGroupUnknown' });
  }
  if (input.ruleIds.length > 0) {
    const rules = await tx.notificationRule.findMany({
      where: { tenantId: ctx.tenantId, id: { in: input.ruleIds } },
      select: { allDeviceGroups: true, deviceGroups: { select: { deviceGroupId: true } } },
    });
    const visible = rules.filter((rule) =>
      canSee(ctx.actor, 'rules.view', { allDeviceGroups: rule.allDeviceGroups, deviceGroupIds: rule.deviceGroups.map((link) => link.deviceGroupId) }));
    if (visible.length !== input.ruleIds.length) throw new SafeError('invalidInput', undefined, { ruleIds: 'silenceRuleUnknown' });
  }
}

const snapshot = (row: Silence) => ({
  name: row.name,
  comment: row.comment,
  deviceGroupIds: row.deviceGroupIds,
  detectionSources: row.detectionSources,
  severities: row.severities,
  titleContains: row.titleContains,
  ruleIds: row.ruleIds,
  startsAt: row.startsAt.toISOString(),
  endsAt: row.endsAt.toISOString(),
  endedAt: row.endedAt?.toISOString() ?? null,
  recurrenceWeekdays: row.recurrenceWeekdays,
  recurrenceStartMinute: row.recurrenceStartMinute,
  recurrenceEndMinute: row.recurrenceEndMinute,
});

export async function createSilence(ctx: TenantContext, input: SilenceInput, now = new Date()): Promise<{ id: string }> {
  return db().$transaction(async (tx) => {
    await assertCriteria(tx, ctx, input);
    const timeZone = await tenantTimeZone(ctx, tx);
    const startsAt = instant(input.startsAt, timeZone, 'startsAt');
    const endsAt = instant(input.endsAt, timeZone, 'endsAt');
    assertDuration(startsAt, endsAt, now);
    const row = await tx.silence.create({
      data: {
        tenantId: ctx.tenantId,
        name: input.name,
        comment: input.comment,
        deviceGroupIds: input.deviceGroupIds,
        detectionSources: input.detectionSources,
        severities: input.severities,
        titleContains: input.titleContains,
        ruleIds: input.ruleIds,
        startsAt,
        endsAt,
        recurrenceWeekdays: input.recurring ? input.weekdays.map(Number).sort() : [],
        recurrenceStartMinute: input.recurring ? minuteOfDay(input.windowStart) : null,
        recurrenceEndMinute: input.recurring ? minuteOfDay(input.windowEnd) : null,
        createdById: editingUserId(ctx),
        createdByEmail: ctx.userEmail,
      },
    });
    await writeAudit(tx, ctx, { action: 'silence.created', targetType: 'silence', targetId: row.id, targetName: row.name, before: null, after: snapshot(row) });
    return { id: row.id };
  });
}

// The silence, locked, if the actor may change it now: visible, wholly inside their groups, not over.
async function lockManageable(tx: Tx, ctx: TenantContext, id: string, now: Date): Promise<Silence> {
  await tx.$queryRaw`SELECT 1 FROM "Silence" WHERE "id" = ${id}::uuid AND "tenantId" = ${ctx.tenantId}::uuid FOR UPDATE`;
  const row = await tx.silence.findFirst({ where: { id, tenantId: ctx.tenantId } });
  if (!row || !canSee(ctx.actor, 'silences.view', silenceScope(row))) throw notFound();
  if (!canActOn(ctx.actor, 'silences.manage', silenceScope(row))) throw new SafeError('silenceReadOnly');
  if (phaseAt(row, now) === 'expired') throw new SafeError('silenceOver');
  return row;
}

export async function extendSilence(ctx: TenantContext, id: string, endsAtLocal: string, now = new Date()): Promise<void> {
  await db().$transaction(async (tx) => {
    const before = await lockManageable(tx, ctx, id, now);
    const endsAt = instant(endsAtLocal, await tenantTimeZone(ctx, tx), 'endsAt');
    if (endsAt <= before.endsAt) throw new SafeError('invalidInput', undefined, { endsAt: 'silenceExtendNotLater' });
    assertDuration(before.startsAt, endsAt, now);
    const after = await tx.silence.update({ where: { id_tenantId: { id, tenantId: ctx.tenantId } }, data: { endsAt } });
    await writeAudit(tx, ctx, { action: 'silence.extended', targetType: 'silence', targetId: id, targetName: before.name, before: snapshot(before), after: snapshot(after) });
  });
}

// "End now": an active silence stops holding email at once; an upcoming one never starts.
export async function endSilence(ctx: TenantContext, id: string, now = new Date()): Promise<void> {
  await db().$transaction(async (tx) => {
    const before = await lockManageable(tx, ctx, id, now);
    const after = await tx.silence.update({ where: { id_tenantId: { id, tenantId: ctx.tenantId } }, data: { endedAt: now } });
    await writeAudit(tx, ctx, { action: 'silence.ended', targetType: 'silence', targetId: id, targetName: before.name, before: snapshot(before), after: snapshot(after) });
  });
}

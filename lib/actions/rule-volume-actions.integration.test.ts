import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db/client';
import { createTenant } from '@/lib/test/fixtures';
import { signInAs } from '@/lib/test/session';
import type { RuleFormValues } from '@/lib/validation/rule';

// Issue 12's "Reduce email volume" settings through the rule actions, against the real PostgreSQL:
// what is stored, what is audited, what is refused. Who may save a rule at all is the authorization matrix's.
vi.mock('@/lib/auth/auth', () => import('@/lib/test/session'));
vi.mock('next/cache', () => ({ revalidatePath: vi.fn() }));

const { createRuleAction } = await import('@/lib/actions/create-rule');
const { updateRuleAction } = await import('@/lib/actions/update-rule');
const { getRule } = await import('@/lib/data/rules');
const { basicContext } = await import('@/lib/test/fixtures');

type World = Awaited<ReturnType<typeof createTenant>>;
let own: World;
let other: World;

const VOLUME_COLUMNS = {
  coalesceMinutes: true,
  coalesceBypassHigh: true,
  capPeriod: true,
  capHigh: true,
  capMedium: true,
  capLow: true,
  capInformational: true,
  digestAtMinute: true,
} as const;

function ruleInput(world: World, overrides: Partial<RuleFormValues> = {}): RuleFormValues {
  return {
    name: 'Burst control',
    description: '',
    severities: ['medium', 'high'],
    deviceGroupScope: 'selected',
    deviceGroupIds: [world.groups[0].id],
    sourceScope: 'all',
    sources: [],
    oneNotificationPerIncident: false,
    includeOrganizationName: false,
    includeTenantPortalLink: false,
    recipients: [{ email: 'soc@contoso.com', language: 'en' }],
    ...overrides,
  };
}

const volumeOf = (id: string) => db().notificationRule.findUniqueOrThrow({ where: { id }, select: VOLUME_COLUMNS });

async function create(world: World, overrides: Partial<RuleFormValues> = {}) {
  signInAs(world.users.SECURITY_ADMINISTRATOR);
  const result = await createRuleAction(ruleInput(world, overrides));
  if (!result.ok) throw new Error(`creating a rule failed: ${result.error} ${JSON.stringify(result.fieldErrors)}`);
  return result.data.id;
}

beforeAll(async () => {
  own = await createTenant();
  other = await createTenant();
});

beforeEach(() => signInAs(null));

describe('creating a rule with volume settings', () => {
  it('stores the coalescing window and the per-recipient cap, reads them back and audits them', async () => {
    const id = await create(own, {
      coalescing: { windowMinutes: 10, highSeverityBypass: true },
      recipientCap: { period: 'day', limits: { high: 4, medium: 2, low: null }, digestAt: '07:30' },
    });
    expect(await volumeOf(id)).toEqual({
      coalesceMinutes: 10,
      coalesceBypassHigh: true,
      capPeriod: 'day',
      capHigh: 4,
      capMedium: 2,
      capLow: null,
      capInformational: null,
      digestAtMinute: 450,
    });
    const view = await getRule(basicContext(own.tenant.id, own.users.SECURITY_ADMINISTRATOR), id);
    expect(view?.values).toMatchObject({
      coalescing: { windowMinutes: 10, highSeverityBypass: true },
      recipientCap: { period: 'day', limits: { high: 4, medium: 2 }, digestAt: '07:30' },
    });
    const audit = await db().auditEntry.findFirstOrThrow({ where: { targetId: id, action: 'rule.created' } });
    expect(audit.after).toMatchObject({
      coalescing: { windowMinutes: 10, highSeverityBypass: true },
      recipientCap: { period: 'day', limits: { high: 4, medium: 2 }, digestAt: '07:30' },
    });
  });

  it('stores both off when a caller leaves them out, as every rule behaved before them', async () => {
    const id = await create(own);
    expect(await volumeOf(id)).toEqual({
      coalesceMinutes: 0,
      coalesceBypassHigh: false,
      capPeriod: null,
      capHigh: null,
      capMedium: null,
      capLow: null,
      capInformational: null,
      digestAtMinute: null,
    });
  });

  it.each([
    ['a 90-minute wait', { coalescing: { windowMinutes: 90, highSeverityBypass: false } }, 'coalescing.windowMinutes', 'coalesceMinutesInvalid'],
    ['a High bypass without a wait', { coalescing: { windowMinutes: 0, highSeverityBypass: true } }, 'coalescing.highSeverityBypass', 'coalesceBypassNeedsWindow'],
    ['a cap with no limit', { recipientCap: { period: 'hour', limits: {}, digestAt: null } }, 'recipientCap.limits', 'capLimitRequired'],
    ['a limit of 0', { recipientCap: { period: 'hour', limits: { high: 0 }, digestAt: null } }, 'recipientCap.limits.high', 'capLimitInvalid'],
    ['an empty digest time', { recipientCap: { period: 'day', limits: { low: 1 }, digestAt: '' } }, 'recipientCap.digestAt', 'digestTimeRequired'],
    ['a digest at 25:00', { recipientCap: { period: 'day', limits: { low: 1 }, digestAt: '25:00' } }, 'recipientCap.digestAt', 'digestTimeInvalid'],
  ])('refuses %s with a field error and writes nothing', async (_label, overrides, field, message) => {
    const before = await db().notificationRule.count({ where: { tenantId: own.tenant.id } });
    signInAs(own.users.GLOBAL_ADMINISTRATOR);
    const result = await createRuleAction(ruleInput(own, overrides as Partial<RuleFormValues>));
    expect(result).toMatchObject({ ok: false, error: 'invalidInput', fieldErrors: { [field]: message } });
    expect(await db().notificationRule.count({ where: { tenantId: own.tenant.id } })).toBe(before);
  });
});

describe('editing a rule’s volume settings', () => {
  it('changes them, turns the cap off again, and audits only those fields', async () => {
    const id = await create(own);
    signInAs(own.users.SECURITY_ADMINISTRATOR);
    const capped = ruleInput(own, {
      coalescing: { windowMinutes: 5, highSeverityBypass: false },
      recipientCap: { period: 'hour', limits: { informational: 20 }, digestAt: null },
    });
    expect(await updateRuleAction({ id, rule: capped })).toEqual({ ok: true, data: { id } });
    expect(await volumeOf(id)).toMatchObject({ coalesceMinutes: 5, capPeriod: 'hour', capInformational: 20, digestAtMinute: null });
    const [changed] = await db().auditEntry.findMany({ where: { targetId: id, action: 'rule.updated' } });
    expect(changed.before).toEqual({ coalescing: { windowMinutes: 0, highSeverityBypass: false }, recipientCap: null });
    expect(changed.after).toEqual({
      coalescing: { windowMinutes: 5, highSeverityBypass: false },
      recipientCap: { period: 'hour', limits: { informational: 20 }, digestAt: null },
    });

    expect(await updateRuleAction({ id, rule: { ...capped, recipientCap: null } })).toEqual({ ok: true, data: { id } });
    expect(await volumeOf(id)).toMatchObject({ capPeriod: null, capInformational: null });
  });

  it('refuses a reader and another tenant, and the settings stay as they were', async () => {
    const id = await create(own, { coalescing: { windowMinutes: 3, highSeverityBypass: false } });
    const change = ruleInput(own, { coalescing: { windowMinutes: 60, highSeverityBypass: true } });
    signInAs(own.users.SECURITY_READER);
    expect(await updateRuleAction({ id, rule: change })).toEqual({ ok: false, error: 'forbidden' });
    signInAs(other.users.GLOBAL_ADMINISTRATOR);
    expect(await updateRuleAction({ id, rule: change })).toEqual({ ok: false, error: 'notFound' });
    expect(await volumeOf(id)).toMatchObject({ coalesceMinutes: 3, coalesceBypassHigh: false });
  });
});

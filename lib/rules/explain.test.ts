import { describe, expect, it } from 'vitest';
import { emptyDecisions } from '@/lib/rules/decisions';
import { explainEvent, type ExplainedDelivery } from '@/lib/rules/explain';

const RECEIVED = new Date('2026-06-01T12:00:00Z');
const BEFORE = new Date('2026-05-01T00:00:00Z');
const AFTER = new Date('2026-07-01T00:00:00Z');

const delivery = (overrides: Partial<ExplainedDelivery>): ExplainedDelivery => ({
  recipientEmail: 'soc@contoso.com',
  status: 'sent',
  filterReason: null,
  silenceName: null,
  providerStatus: null,
  providerStatusAt: null,
  providerReason: null,
  createdAt: RECEIVED,
  sentAt: new Date('2026-06-01T12:00:05Z'),
  ruleIds: ['a'],
  ...overrides,
});

const rule = (id: string, name: string, createdAt = BEFORE, recipients = [{ email: 'soc@contoso.com', addedAt: BEFORE }]) => ({ id, name, createdAt, recipients });

const base = { receivedAt: RECEIVED, alertCount: 1, deletedRuleNames: new Map<string, string>(), canSeeRule: () => true };

describe('explainEvent', () => {
  it('says why there is no table for an event without alerts or from before records', () => {
    expect(explainEvent({ ...base, alertCount: 0, decisions: null, deliveries: [], rules: [] })).toEqual({ recorded: false, why: 'noAlerts' });
    expect(explainEvent({ ...base, decisions: null, deliveries: [], rules: [] })).toEqual({ recorded: false, why: 'notRecorded' });
  });

  it('joins the record with the deliveries: sent, filtered by RBAC, silenced, suppressed by the provider, added later', () => {
    const decisions = { ...emptyDecisions(), matched: { a: { 'once@contoso.com': 'alreadyNotified' as const } }, missed: { deviceGroup: ['b'] } };
    const explained = explainEvent({
      ...base,
      decisions,
      deliveries: [
        delivery({ recipientEmail: 'soc@contoso.com', providerStatus: 'delivered', providerStatusAt: AFTER }),
        delivery({ recipientEmail: 'analyst@contoso.com', status: 'filtered', filterReason: 'recipientCannotView', sentAt: null }),
        delivery({ recipientEmail: 'gone@contoso.com', providerStatus: 'suppressed', providerStatusAt: AFTER, providerReason: 'On the suppression list' }),
        delivery({ recipientEmail: 'night@contoso.com', status: 'silenced', silenceName: 'Patch night', sentAt: null }),
      ],
      rules: [
        rule('a', 'Alpha', BEFORE, [{ email: 'late@contoso.com', addedAt: AFTER }]),
        rule('b', 'Beta'),
        rule('c', 'Gamma', AFTER),
        rule('d', 'Delta'),
      ],
    });
    expect(explained).toEqual({
      recorded: true,
      hiddenRuleCount: 0,
      rules: [
        {
          ruleId: 'a', ruleName: 'Alpha', deleted: false, matched: true,
          recipients: [
            { email: 'analyst@contoso.com', emailed: false, reason: 'recipientCannotView', detail: null },
            { email: 'gone@contoso.com', emailed: false, reason: 'suppressed', detail: 'On the suppression list' },
            { email: 'late@contoso.com', emailed: false, reason: 'addedAfter', detail: null },
            { email: 'night@contoso.com', emailed: false, reason: 'silenced', detail: 'Patch night' },
            { email: 'once@contoso.com', emailed: false, reason: 'alreadyNotified', detail: null },
            { email: 'soc@contoso.com', emailed: true, status: 'sent', at: '2026-06-01T12:00:05.000Z', provider: { status: 'delivered', at: AFTER.toISOString(), reason: null } },
          ],
        },
        { ruleId: 'b', ruleName: 'Beta', deleted: false, matched: false, reason: 'deviceGroup', recipientCount: 1 },
        // Recorded nowhere but existing: the severity index skipped it.
        { ruleId: 'd', ruleName: 'Delta', deleted: false, matched: false, reason: 'severity', recipientCount: 1 },
        { ruleId: 'c', ruleName: 'Gamma', deleted: false, matched: false, reason: 'createdAfter', recipientCount: 1 },
      ],
    });
  });

  it('names a deleted rule from its deliveries, and counts the rules the viewer may not see', () => {
    const decisions = { ...emptyDecisions(), matched: { gone: {}, a: {} } };
    const explained = explainEvent({
      ...base,
      decisions,
      deliveries: [delivery({ ruleIds: ['gone', 'a'] })],
      rules: [rule('a', 'Alpha'), rule('secret', 'Secret')],
      deletedRuleNames: new Map([['gone', 'Old rule']]),
      canSeeRule: (id) => id !== 'secret',
    });
    expect(explained).toMatchObject({
      hiddenRuleCount: 1,
      rules: [{ ruleId: 'a', matched: true }, { ruleId: 'gone', ruleName: 'Old rule', deleted: true, matched: true }],
    });
  });

  it('explains an email a cap held for a digest, and one that went out with another email', () => {
    const held = { scope: 'rule' as const, ruleName: 'SOC', severity: 'high' as const, limit: 2, period: 'hour' as const };
    const explained = explainEvent({
      ...base,
      decisions: { ...emptyDecisions(), matched: { a: {} } },
      deliveries: [
        delivery({ recipientEmail: 'held@contoso.com', status: 'held', sentAt: null, held, digest: { state: 'due', at: AFTER } }),
        delivery({ recipientEmail: 'joined@contoso.com', status: 'coalesced', sentAt: null, joinedAt: BEFORE }),
      ],
      rules: [rule('a', 'SOC', BEFORE, [])],
    });
    expect(explained.recorded && explained.rules[0]).toMatchObject({
      matched: true,
      recipients: [
        { email: 'held@contoso.com', emailed: false, reason: 'held', held, digest: { state: 'due', at: AFTER.toISOString() } },
        { email: 'joined@contoso.com', emailed: false, reason: 'coalesced', joinedAt: BEFORE.toISOString() },
      ],
    });
  });
});

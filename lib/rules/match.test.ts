import { describe, expect, it } from 'vitest';
import { groupsScope, NO_GROUPS } from '@/lib/auth/scope';
import { emptyDecisions, verdictFor } from '@/lib/rules/decisions';
import { notificationKey, planDeliveries, ruleMatchesAlert, waitMinutesFor, type MatchAlert, type MatchRule } from '@/lib/rules/match';

const CLIENTS = 'group-clients';
const SERVERS = 'group-servers';
const ADDED = new Date('2026-01-01T00:00:00Z');
const RECEIVED = new Date('2026-06-01T00:00:00Z');

function rule(overrides: Partial<MatchRule> = {}): MatchRule {
  return {
    id: 'rule-1',
    name: 'Rule 1',
    enabled: true,
    severities: ['medium', 'high'],
    allDeviceGroups: true,
    deviceGroupIds: [],
    allSources: true,
    sources: [],
    oneNotificationPerIncident: false,
    includeOrganizationName: false,
    includeTenantPortalLink: false,
    recipients: [{ email: 'soc@contoso.com', language: 'en', addedAt: ADDED }],
    ...overrides,
  };
}

let alertNumber = 0;
function alert(overrides: Partial<MatchAlert> = {}): MatchAlert {
  return {
    externalId: `alert-${++alertNumber}`,
    severity: 'high',
    serviceSource: 'microsoftDefenderForEndpoint',
    detectionSource: 'antivirus',
    deviceGroupIds: [CLIENTS],
    ...overrides,
  };
}

const EDR_AND_EXPERTS = {
  allSources: false,
  sources: [
    { serviceSource: 'microsoftDefenderForEndpoint', detectionSource: 'microsoftDefenderForEndpoint', severities: ['medium', 'high'] },
    { serviceSource: 'microsoftDefenderForEndpoint', detectionSource: 'microsoftThreatExperts', severities: ['informational', 'low', 'medium', 'high'] },
    { serviceSource: 'microsoftSentinel', detectionSource: null, severities: ['high'] },
  ],
};

describe('ruleMatchesAlert', () => {
  const cases: [string, Partial<MatchRule>, Partial<MatchAlert>, boolean][] = [
    ['severity in the rule set', {}, { severity: 'high' }, true],
    ['severity outside the rule set', {}, { severity: 'low' }, false],
    ['an unknown future severity', {}, { severity: 'unknownFutureValue' }, false],
    ['a disabled rule', { enabled: false }, {}, false],
    ['per-source: EDR at medium', EDR_AND_EXPERTS, { detectionSource: 'microsoftDefenderForEndpoint', severity: 'medium' }, true],
    ['per-source: EDR at low is below its set', EDR_AND_EXPERTS, { detectionSource: 'microsoftDefenderForEndpoint', severity: 'low' }, false],
    ['per-source: Defender Experts at informational', EDR_AND_EXPERTS, { detectionSource: 'microsoftThreatExperts', severity: 'informational' }, true],
    ['per-source ignores the rule-wide severities', { ...EDR_AND_EXPERTS, severities: ['high'] }, { detectionSource: 'microsoftThreatExperts', severity: 'low' }, true],
    ['per-source: a detection source not selected', EDR_AND_EXPERTS, { detectionSource: 'antivirus' }, false],
    ['per-source: whole service source selected', EDR_AND_EXPERTS, { serviceSource: 'microsoftSentinel', detectionSource: 'scheduledAlerts', deviceGroupIds: [] }, true],
    ['per-source: whole service source, severity too low', EDR_AND_EXPERTS, { serviceSource: 'microsoftSentinel', detectionSource: 'nrtAlerts', severity: 'medium' }, false],
    ['per-source: alert without a source', EDR_AND_EXPERTS, { serviceSource: null, detectionSource: null }, false],
    ['selected groups: device in one of them', { allDeviceGroups: false, deviceGroupIds: [CLIENTS] }, {}, true],
    ['selected groups: device in another group', { allDeviceGroups: false, deviceGroupIds: [SERVERS] }, {}, false],
    ['selected groups: devices in several groups, one selected', { allDeviceGroups: false, deviceGroupIds: [SERVERS] }, { deviceGroupIds: [CLIENTS, SERVERS] }, true],
    ['selected groups: alert without a device', { allDeviceGroups: false, deviceGroupIds: [CLIENTS] }, { deviceGroupIds: [] }, false],
    ['all groups: alert without a device', {}, { deviceGroupIds: [] }, true],
  ];
  it.each(cases)('%s', (_label, ruleOverrides, alertOverrides, expected) => {
    expect(ruleMatchesAlert(rule(ruleOverrides), alert(alertOverrides))).toBe(expected);
  });
});

describe('planDeliveries', () => {
  const event = (alerts: MatchAlert[] = [alert()]) => ({ receivedAt: RECEIVED, alerts });

  it('plans one delivery per recipient of a matching rule', () => {
    const planned = planDeliveries(event(), [rule({ recipients: [
      { email: 'soc@contoso.com', language: 'en', addedAt: ADDED },
      { email: 'analist@contoso.nl', language: 'nl', addedAt: ADDED },
    ] })], new Set());
    expect(planned.map((d) => [d.email, d.language])).toEqual([
      ['analist@contoso.nl', 'nl'],
      ['soc@contoso.com', 'en'],
    ]);
  });

  it('plans nothing when no alert of the event matches, or the event brings no alerts', () => {
    expect(planDeliveries(event([alert({ severity: 'low' })]), [rule()], new Set())).toEqual([]);
    expect(planDeliveries(event([]), [rule()], new Set())).toEqual([]);
  });

  it('matches when any one alert of the event matches', () => {
    expect(planDeliveries(event([alert({ severity: 'low' }), alert({ severity: 'high' })]), [rule()], new Set())).toHaveLength(1);
  });

  it('skips a one-per-incident rule for the recipients it already notified about the incident, but not other rules', () => {
    const once = rule({ id: 'once', oneNotificationPerIncident: true });
    const always = rule({ id: 'always', recipients: [{ email: 'ops@contoso.com', language: 'en', addedAt: ADDED }] });
    const notified = new Set([notificationKey('once', 'SOC@contoso.com')]);
    expect(planDeliveries(event(), [once, always], notified).map((d) => d.email)).toEqual(['ops@contoso.com']);
    expect(planDeliveries(event(), [once, always], new Set())).toHaveLength(2);
    // A rule without the option keeps notifying.
    expect(planDeliveries(event(), [always], new Set([notificationKey('always', 'ops@contoso.com')]))).toHaveLength(1);
  });

  it('lets a one-per-incident rule still notify a recipient it has not notified yet', () => {
    const once = rule({ id: 'once', oneNotificationPerIncident: true, recipients: [
      { email: 'soc@contoso.com', language: 'en', addedAt: ADDED },
      { email: 'analyst@contoso.com', language: 'en', addedAt: ADDED },
    ] });
    const planned = planDeliveries(event(), [once], new Set([notificationKey('once', 'soc@contoso.com')]));
    expect(planned.map((d) => d.email)).toEqual(['analyst@contoso.com']);
  });

  it('does not backfill a recipient added after the event was received', () => {
    const late = new Date(RECEIVED.getTime() + 1);
    const planned = planDeliveries(event(), [rule({ recipients: [
      { email: 'early@contoso.com', language: 'en', addedAt: ADDED },
      { email: 'late@contoso.com', language: 'en', addedAt: late },
    ] })], new Set());
    expect(planned.map((d) => d.email)).toEqual(['early@contoso.com']);
  });

  it('ignores disabled rules entirely', () => {
    expect(planDeliveries(event(), [rule({ enabled: false })], new Set())).toEqual([]);
  });

  it('sends one email to a recipient two rules choose, recording both rules and turning on any option either turns on', () => {
    const a = rule({ id: 'a', name: 'A', includeOrganizationName: true });
    const b = rule({ id: 'b', name: 'B', includeTenantPortalLink: true, recipients: [{ email: 'SOC@contoso.com', language: 'en', addedAt: ADDED }] });
    const only = alert();
    expect(planDeliveries(event([only]), [a, b], new Set())).toEqual([
      {
        email: 'soc@contoso.com',
        language: 'en',
        rules: [{ id: 'a', name: 'A' }, { id: 'b', name: 'B' }],
        includeOrganizationName: true,
        includeTenantPortalLink: true,
        status: 'queued',
        waitMinutes: 0,
        alertExternalIds: [only.externalId],
        deviceGroupIds: [CLIENTS],
        withheldAlertCount: 0,
        filterReason: null,
        scopeLimited: false,
      },
    ]);
  });

  it('only records the rules that matched', () => {
    const matching = rule({ id: 'a', name: 'A' });
    const other = rule({ id: 'b', name: 'B', severities: ['low'], includeOrganizationName: true });
    expect(planDeliveries(event(), [matching, other], new Set())).toEqual([
      expect.objectContaining({ rules: [{ id: 'a', name: 'A' }], includeOrganizationName: false }),
    ]);
  });

  it('uses the language of the longest-standing entry when two rules disagree', () => {
    const newer = rule({ id: 'a', recipients: [{ email: 'soc@contoso.com', language: 'en', addedAt: new Date('2026-03-01') }] });
    const older = rule({ id: 'b', recipients: [{ email: 'soc@contoso.com', language: 'nl', addedAt: new Date('2026-02-01') }] });
    expect(planDeliveries(event(), [newer, older], new Set())[0].language).toBe('nl');
    expect(planDeliveries(event(), [older, newer], new Set())[0].language).toBe('nl');
  });

  describe('what each recipient may see', () => {
    const onClients = alert({ deviceGroupIds: [CLIENTS] });
    const onServers = alert({ deviceGroupIds: [SERVERS] });
    const onBoth = alert({ deviceGroupIds: [CLIENTS, SERVERS] });
    const noDevice = alert({ deviceGroupIds: [] });
    const clientsRule = rule({ allDeviceGroups: false, deviceGroupIds: [CLIENTS] });

    it('shows an external address only the alerts and groups inside the rule scope', () => {
      const [planned] = planDeliveries(event([onClients, onServers, onBoth, noDevice]), [clientsRule], new Set());
      expect(planned).toMatchObject({
        status: 'queued',
        alertExternalIds: [onClients.externalId, onBoth.externalId],
        deviceGroupIds: [CLIENTS],
        withheldAlertCount: 2,
        filterReason: 'ruleScope',
        scopeLimited: true,
      });
    });

    it('shows an all-groups rule everything, alerts without a device included', () => {
      const [planned] = planDeliveries(event([onClients, noDevice]), [rule()], new Set());
      expect(planned).toMatchObject({ alertExternalIds: [onClients.externalId, noDevice.externalId], withheldAlertCount: 0, scopeLimited: false });
    });

    it('shows a portal user only the alerts and groups they may view, even from an all-groups rule', () => {
      const scopes = new Map([['soc@contoso.com', groupsScope([SERVERS])]]);
      const [planned] = planDeliveries(event([onClients, onServers, onBoth, noDevice]), [rule()], new Set(), scopes);
      expect(planned).toMatchObject({
        status: 'queued',
        alertExternalIds: [onServers.externalId, onBoth.externalId],
        deviceGroupIds: [SERVERS],
        withheldAlertCount: 2,
        filterReason: 'recipientScope',
        scopeLimited: true,
      });
    });

    it('records but never sends an email whose matching alerts the user may not see', () => {
      const scopes = new Map([['soc@contoso.com', groupsScope([SERVERS])]]);
      // The Servers alert is in the event but below the rule's severities: it did not choose anyone.
      const lowOnServers = alert({ deviceGroupIds: [SERVERS], severity: 'low' });
      const [planned] = planDeliveries(event([onClients, lowOnServers]), [rule()], new Set(), scopes);
      expect(planned).toMatchObject({
        status: 'filtered',
        alertExternalIds: [],
        // The groups it concerned (the matching Clients alert), for the delivery log.
        deviceGroupIds: [CLIENTS],
        withheldAlertCount: 2,
        filterReason: 'recipientScope',
        rules: [{ id: 'rule-1', name: 'Rule 1' }],
      });
    });

    it('says when the user may view nothing at all', () => {
      const scopes = new Map([['soc@contoso.com', NO_GROUPS]]);
      expect(planDeliveries(event(), [rule()], new Set(), scopes)[0]).toMatchObject({ status: 'filtered', filterReason: 'recipientCannotView' });
    });

    it('takes the options and rules only from the rules that chose the user through visible alerts', () => {
      const scopes = new Map([['soc@contoso.com', groupsScope([CLIENTS])]]);
      const serversRule = rule({ id: 'servers', name: 'Servers', allDeviceGroups: false, deviceGroupIds: [SERVERS], includeOrganizationName: true });
      const clients = rule({ id: 'clients', name: 'Clients', allDeviceGroups: false, deviceGroupIds: [CLIENTS] });
      const [planned] = planDeliveries(event([onClients, onServers]), [serversRule, clients], new Set(), scopes);
      expect(planned).toMatchObject({
        status: 'queued',
        rules: [{ id: 'clients', name: 'Clients' }],
        includeOrganizationName: false,
        alertExternalIds: [onClients.externalId],
      });
    });

    it('leaves addresses that are not users of the tenant to the rule scope', () => {
      const scopes = new Map([['someone-else@contoso.com', NO_GROUPS]]);
      expect(planDeliveries(event([onClients]), [clientsRule], new Set(), scopes)[0]).toMatchObject({ status: 'queued', withheldAlertCount: 0 });
    });
  });
});

describe('the decision record', () => {
  const event = (alerts: MatchAlert[] = [alert()]) => ({ receivedAt: RECEIVED, alerts });
  const record = (alerts: MatchAlert[], rules: MatchRule[], notified = new Set<string>(), scopes = new Map()) => {
    const decisions = emptyDecisions();
    const planned = planDeliveries(event(alerts), rules, notified, scopes, decisions);
    return { decisions, planned };
  };
  const edr = (severities: string[]) => ({
    allSources: false,
    sources: [{ serviceSource: 'microsoftDefenderForEndpoint', detectionSource: 'antivirus', severities }],
  });

  it('names the predicate each rule failed, the furthest any alert reached', () => {
    const { decisions } = record(
      [alert({ severity: 'high', deviceGroupIds: [CLIENTS] }), alert({ severity: 'low', deviceGroupIds: [SERVERS] })],
      [
        rule({ id: 'off', enabled: false }),
        rule({ id: 'informational', severities: ['informational'] }),
        rule({ id: 'sentinel', allSources: false, sources: [{ serviceSource: 'microsoftSentinel', detectionSource: null, severities: ['high'] }] }),
        rule({ id: 'edr', allSources: false, sources: [{ serviceSource: 'microsoftDefenderForEndpoint', detectionSource: 'microsoftDefenderForEndpoint', severities: ['high'] }] }),
        // Kept by the index for its Sentinel "low"; the antivirus alerts reach its antivirus source at the wrong severity.
        rule({ id: 'av-medium', allSources: false, sources: [
          { serviceSource: 'microsoftDefenderForEndpoint', detectionSource: 'antivirus', severities: ['medium'] },
          { serviceSource: 'microsoftSentinel', detectionSource: null, severities: ['low'] },
        ] }),
        // The high alert passes severity but lies on Clients; the low one fails severity: device group wins.
        rule({ id: 'servers', allDeviceGroups: false, deviceGroupIds: [SERVERS] }),
        rule({ id: 'hit' }),
      ],
    );
    // The severity index skips "informational" without looking: it is recorded nowhere.
    expect(decisions).toEqual({
      disabled: ['off'],
      missed: { source: ['sentinel'], detectionSource: ['edr'], sourceSeverity: ['av-medium'], deviceGroup: ['servers'] },
      matched: { hit: {} },
    });
    expect(verdictFor(decisions, 'informational', true)).toEqual({ kind: 'missed', reason: 'severity' });
    expect(verdictFor(decisions, 'informational', false)).toEqual({ kind: 'unknown' });
    expect(verdictFor(decisions, 'off', true)).toEqual({ kind: 'disabled' });
    expect(verdictFor(decisions, 'av-medium', true)).toEqual({ kind: 'missed', reason: 'sourceSeverity' });
    expect(verdictFor(decisions, 'hit', true)).toEqual({ kind: 'matched', recipients: {} });
  });

  it('agrees with what is planned: a rule recorded as matching is exactly one that chose someone', () => {
    const alerts = [alert({ severity: 'medium' })];
    const rules = [rule({ id: 'a' }), rule({ id: 'b', ...edr(['low']) }), rule({ id: 'c', ...edr(['medium']) })];
    const { decisions, planned } = record(alerts, rules);
    expect(Object.keys(decisions.matched)).toEqual(['a', 'c']);
    expect(planned.flatMap((d) => d.rules.map((r) => r.id)).sort()).toEqual(['a', 'c']);
    // b's only source takes low: the severity index skipped it, which reads back as "severity".
    expect(decisions.missed).toEqual({});
    expect(verdictFor(decisions, 'b', true)).toEqual({ kind: 'missed', reason: 'severity' });
  });

  it('records, per matching rule, the recipients it did not email and why', () => {
    const late = new Date(RECEIVED.getTime() + 1);
    const once = rule({ id: 'once', oneNotificationPerIncident: true, recipients: [
      { email: 'Notified@contoso.com', language: 'en', addedAt: ADDED },
      { email: 'late@contoso.com', language: 'en', addedAt: late },
      { email: 'fresh@contoso.com', language: 'en', addedAt: ADDED },
    ] });
    const { decisions, planned } = record([alert()], [once], new Set([notificationKey('once', 'notified@contoso.com')]));
    expect(decisions.matched).toEqual({ once: { 'notified@contoso.com': 'alreadyNotified', 'late@contoso.com': 'addedAfter' } });
    expect(planned.map((d) => d.email)).toEqual(['fresh@contoso.com']);
  });

  it('records a rule whose alerts the user may not view when another rule chose them', () => {
    const scopes = new Map([['soc@contoso.com', groupsScope([CLIENTS])]]);
    const servers = rule({ id: 'servers', allDeviceGroups: false, deviceGroupIds: [SERVERS] });
    const clients = rule({ id: 'clients', allDeviceGroups: false, deviceGroupIds: [CLIENTS] });
    const { decisions, planned } = record([alert({ deviceGroupIds: [CLIENTS] }), alert({ deviceGroupIds: [SERVERS] })], [servers, clients], new Set(), scopes);
    expect(decisions.matched).toEqual({ servers: { 'soc@contoso.com': 'recipientScope' }, clients: {} });
    expect(planned).toMatchObject([{ status: 'queued', rules: [{ id: 'clients' }] }]);
  });

  it('leaves a recipient no rule chose to the filtered delivery, which names the rules', () => {
    const scopes = new Map([['soc@contoso.com', NO_GROUPS]]);
    const { decisions, planned } = record([alert()], [rule()], new Set(), scopes);
    expect(decisions.matched).toEqual({ 'rule-1': {} });
    expect(planned).toMatchObject([{ status: 'filtered', filterReason: 'recipientCannotView', rules: [{ id: 'rule-1' }] }]);
  });

  it('plans the same deliveries with and without a record', () => {
    const alerts = [alert(), alert({ severity: 'low', deviceGroupIds: [SERVERS] })];
    const rules = [rule({ id: 'a' }), rule({ id: 'b', allDeviceGroups: false, deviceGroupIds: [SERVERS], severities: ['low'] })];
    expect(record(alerts, rules).planned).toEqual(planDeliveries(event(alerts), rules, new Set()));
  });
});

describe('coalescing wait', () => {
  const event = (alerts: MatchAlert[]) => ({ receivedAt: RECEIVED, alerts });
  const waiting = (minutes: number, bypass = false) => ({ rule: rule({ coalesceMinutes: minutes, coalesceBypassHigh: bypass }) });

  it('waits the shortest window of the choosing rules, and not at all when one of them has none', () => {
    expect(waitMinutesFor([waiting(10), waiting(5)], false)).toBe(5);
    expect(waitMinutesFor([waiting(10), waiting(0)], false)).toBe(0);
    expect(waitMinutesFor([{ rule: rule() }], false)).toBe(0);
  });

  it('does not wait for a new High-severity alert when a choosing rule lets one through at once', () => {
    expect(waitMinutesFor([waiting(10, true)], true)).toBe(0);
    expect(waitMinutesFor([waiting(10, false)], true)).toBe(10);
    expect(waitMinutesFor([waiting(10, true)], false)).toBe(10);
  });

  it('is decided from the new High-severity alerts the recipient is shown', () => {
    const r = rule({ coalesceMinutes: 15, coalesceBypassHigh: true });
    const high = alert({ severity: 'high' });
    expect(planDeliveries(event([{ ...high, added: true }]), [r], new Set())[0]!.waitMinutes).toBe(0);
    expect(planDeliveries(event([{ ...high, added: false }]), [r], new Set())[0]!.waitMinutes).toBe(15);
  });
});

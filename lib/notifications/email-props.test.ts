import { describe, expect, it } from 'vitest';
import { SAMPLE_INCIDENT } from '@/emails/sample-incident';
import { buildIncidentEmailProps, buildTestEmailProps, coalescedContext, incidentUrl, type EventContext } from '@/lib/notifications/email-props';

const SOURCE_TID = 'cfcdbe43-297b-4c6b-ac7e-8d7f6befb514';
const ORG_TID = '72f988bf-86f1-41af-91ab-2d7cd011db47';

function context(overrides: Partial<EventContext['incident']> = {}): EventContext {
  return {
    eventKind: 'created',
    alertExternalIds: ['a2', 'a1'],
    incident: {
      externalId: '29',
      displayName: 'Multi-stage incident',
      severity: 'high',
      status: 'active',
      categories: ['Persistence'],
      incidentWebUrl: `https://security.microsoft.com/incident2/29/overview?tid=${SOURCE_TID}`,
      sourceTenantId: SOURCE_TID,
      createdDateTime: new Date('2026-01-22T12:09:23Z'),
      lastUpdateDateTime: new Date('2026-02-25T16:29:33Z'),
      ...overrides,
    },
    alerts: [
      { externalId: 'a1', title: 'WMI filter', severity: 'medium', serviceSource: 'microsoftDefenderForEndpoint', detectionSource: 'antivirus', category: 'Persistence', firstActivity: new Date('2026-01-22T12:08:16Z'), deviceGroupIds: ['g1'] },
      { externalId: 'a2', title: 'Beacon', severity: 'high', serviceSource: 'microsoftDefenderForEndpoint', detectionSource: null, category: 'CommandAndControl', firstActivity: null, deviceGroupIds: ['g2', 'gone'] },
      { externalId: 'a3', title: 'Older, not in this event', severity: 'low', serviceSource: null, detectionSource: null, category: 'Discovery', firstActivity: new Date('2026-01-20T00:00:00Z'), deviceGroupIds: ['g3'] },
    ],
    tenant: { name: 'Contoso', microsoftTenantId: ORG_TID },
    groupNames: new Map([['g1', 'Servers'], ['g2', 'Clients'], ['g3', 'Lab']]),
  };
}

// Everything the event brings, as an unscoped delivery records it.
const whole = { alertExternalIds: ['a1', 'a2'], deviceGroupIds: ['g1', 'g2', 'gone'], scopeLimited: false };
const plain = { language: 'en' as const, includeOrganizationName: false, includeTenantPortalLink: false };

describe('incidentUrl', () => {
  it('strips any tid the sender put in, and adds ours when asked', () => {
    expect(incidentUrl(`https://security.microsoft.com/incidents/29?tid=${SOURCE_TID}&x=1`, null)).toBe('https://security.microsoft.com/incidents/29?x=1');
    expect(incidentUrl('https://security.microsoft.com/incidents/29?TID=a', ORG_TID)).toBe(`https://security.microsoft.com/incidents/29?tid=${ORG_TID}`);
  });

  it('refuses what is not a web address', () => {
    expect(incidentUrl('javascript:alert(1)', ORG_TID)).toBeNull();
    expect(incidentUrl('not a url', null)).toBeNull();
    expect(incidentUrl(null, ORG_TID)).toBeNull();
  });

  it('links only to the Defender portal of each cloud', () => {
    for (const host of ['security.microsoft.com', 'security.microsoft.us', 'security.apps.mil', 'security.microsoftonline.cn']) {
      expect(incidentUrl(`https://${host}/incidents/29`, ORG_TID)).toBe(`https://${host}/incidents/29?tid=${ORG_TID}`);
    }
    for (const lookAlike of [
      'https://evil.example/incidents/29',
      'https://security.microsoft.com.evil.example/incidents/29',
      'https://evil.security.microsoft.com/incidents/29',
      'http://security.microsoft.com/incidents/29',
      'https://security.microsoft.com:8443/incidents/29',
      'https://user@security.microsoft.com/incidents/29',
    ]) {
      expect(incidentUrl(lookAlike, null)).toBeNull();
    }
  });
});

describe('buildIncidentEmailProps', () => {
  it('without options: no organization name, a link without tenant id', () => {
    const props = buildIncidentEmailProps(context(), whole, plain, 'Europe/Amsterdam');
    expect(props.organizationName).toBeNull();
    expect(props.incident.url).toBe('https://security.microsoft.com/incident2/29/overview');
    expect(props.timeZone).toBe('Europe/Amsterdam');
    expect(props.eventKind).toBe('created');
  });

  it('with the options: the tenant name, and the organization\'s own tenant in the link, whatever the payload named', () => {
    const props = buildIncidentEmailProps(context(), whole, { language: 'nl', includeOrganizationName: true, includeTenantPortalLink: true }, 'UTC');
    expect(props).toMatchObject({ locale: 'nl', organizationName: 'Contoso' });
    expect(props.incident.url).toBe(`https://security.microsoft.com/incident2/29/overview?tid=${ORG_TID}`);
  });

  it('uses the payload\'s tenant id only for an organization that has set none', () => {
    const ctx = { ...context(), tenant: { name: 'Contoso', microsoftTenantId: null } };
    const props = buildIncidentEmailProps(ctx, whole, { ...plain, includeTenantPortalLink: true }, 'UTC');
    expect(props.incident.url).toBe(`https://security.microsoft.com/incident2/29/overview?tid=${SOURCE_TID}`);
  });

  it('links to the incident by its id in the Defender portal when the stored link points elsewhere or is missing', () => {
    const withOption = { ...plain, includeTenantPortalLink: true };
    for (const incidentWebUrl of ['https://evil.example/incidents/29?tid=x', null]) {
      const props = buildIncidentEmailProps(context({ incidentWebUrl }), whole, withOption, 'UTC');
      expect(props.incident.url).toBe(`https://security.microsoft.com/incidents/29?tid=${ORG_TID}`);
    }
    const odd = buildIncidentEmailProps(context({ externalId: 'a/b?c', incidentWebUrl: null }), whole, plain, 'UTC');
    expect(odd.incident.url).toBe('https://security.microsoft.com/incidents/a%2Fb%3Fc');
  });

  it('lists the event\'s alerts, in its order, with their device group names', () => {
    const props = buildIncidentEmailProps(context(), whole, plain, 'UTC');
    expect(props.alerts.map((a) => [a.title, a.deviceGroups])).toEqual([['Beacon', ['Clients']], ['WMI filter', ['Servers']]]);
    expect(props.deviceGroups).toEqual(['Clients', 'Servers']);
    // First activity is the incident's, over all of its alerts.
    expect(props.incident.firstActivity).toBe('2026-01-20T00:00:00.000Z');
    expect(props.incident.lastUpdate).toBe('2026-02-25T16:29:33.000Z');
  });
});

describe('buildTestEmailProps', () => {
  it('is the sample incident shaped by the rule options', () => {
    const tenant = { name: 'Contoso', microsoftTenantId: ORG_TID };
    const withOptions = buildTestEmailProps({ ruleName: 'SOC', tenant }, { language: 'nl', includeOrganizationName: true, includeTenantPortalLink: true }, 'UTC');
    expect(withOptions).toMatchObject({ ruleName: 'SOC', locale: 'nl', organizationName: 'Contoso' });
    expect(withOptions.incident.displayName).toBe(SAMPLE_INCIDENT.displayName);
    expect(new URL(withOptions.incident.url!).searchParams.getAll('tid')).toEqual([ORG_TID]);
    const without = buildTestEmailProps({ ruleName: 'SOC', tenant }, plain, 'UTC');
    expect(without.organizationName).toBeNull();
    expect(new URL(without.incident.url!).searchParams.has('tid')).toBe(false);
  });
});

describe('buildIncidentEmailProps for a scoped recipient', () => {
  it('shows only the alerts and device groups the delivery allows, and nothing drawn from the others', () => {
    const scoped = { alertExternalIds: ['a1'], deviceGroupIds: ['g1'], scopeLimited: true };
    const props = buildIncidentEmailProps(context(), scoped, plain, 'UTC');
    expect(props.alerts.map((a) => [a.title, a.deviceGroups])).toEqual([['WMI filter', ['Servers']]]);
    expect(props.deviceGroups).toEqual(['Servers']);
    expect(props.incident.categories).toEqual(['Persistence']);
    // The incident is High because of the Beacon alert, which this recipient may not see.
    expect(props.incident.severity).toBe('medium');
    // Not the older alert's first activity: that alert is not the recipient's to know about.
    expect(props.incident.firstActivity).toBe('2026-01-22T12:08:16.000Z');
    expect(JSON.stringify(props)).not.toMatch(/Beacon|Clients|Lab|CommandAndControl|Discovery/);
  });

  it('hides a device group of a shown alert that lies outside the scope', () => {
    const scoped = { alertExternalIds: ['a2'], deviceGroupIds: [], scopeLimited: true };
    const props = buildIncidentEmailProps(context(), scoped, plain, 'UTC');
    expect(props.alerts).toEqual([expect.objectContaining({ title: 'Beacon', deviceGroups: [] })]);
    expect(props.deviceGroups).toEqual([]);
  });

  it('limits incident-wide facts even when this event withheld nothing: older alerts of the incident may be hidden', () => {
    // An update bringing only the Servers alert; the older "Lab" alert of the incident is not the recipient's.
    const update = { ...context(), eventKind: 'updated', alertExternalIds: ['a1'] };
    const props = buildIncidentEmailProps(update, { alertExternalIds: ['a1'], deviceGroupIds: ['g1'], scopeLimited: true }, plain, 'UTC');
    expect(props.incident.firstActivity).toBe('2026-01-22T12:08:16.000Z');
    expect(props.incident.categories).toEqual(['Persistence']);
    expect(JSON.stringify(props)).not.toMatch(/Discovery|2026-01-20/);
  });
});

describe('coalesced emails', () => {
  const at = new Date('2026-02-25T16:00:00Z');
  const window = [
    { kind: 'created', receivedAt: at, alertExternalIds: ['a2', 'a1'], changes: [] },
    {
      kind: 'updated',
      receivedAt: new Date(at.getTime() + 60_000),
      alertExternalIds: ['a1', 'a3'],
      changes: [
        { at: new Date(at.getTime() + 60_000), field: 'severity', from: 'medium', to: 'high' },
        { at: new Date(at.getTime() + 60_000), field: 'status', from: 'active', to: 'inProgress' },
        { at: new Date(at.getTime() + 60_000), field: 'alert.status', alertId: 'a1', from: 'new', to: 'resolved' },
        { at: new Date(at.getTime() + 60_000), field: 'alert', alertId: 'a3', from: null, to: 'added' },
      ],
    },
  ];

  it('brings every alert of the window and lists its changes, the incident-wide ones included', () => {
    const merged = coalescedContext(context(), window);
    const props = buildIncidentEmailProps(merged, { ...whole, alertExternalIds: ['a1', 'a2', 'a3'] }, plain, 'UTC');
    expect(props.eventKind).toBe('created');
    expect(props.alerts.map((alert) => alert.title)).toEqual(['Beacon', 'WMI filter', 'Older, not in this event']);
    expect(props.changes?.map((change) => [change.kind, change.alertTitle, change.to])).toEqual([
      ['severity', null, 'high'],
      ['status', null, 'inProgress'],
      ['alertStatus', 'WMI filter', 'resolved'],
      ['alertAdded', 'Older, not in this event', 'low'],
    ]);
  });

  it('shows a scoped recipient only the changes of alerts it shows, and not the incident severity', () => {
    const merged = coalescedContext(context(), window);
    const props = buildIncidentEmailProps(merged, { alertExternalIds: ['a2', 'a3'], deviceGroupIds: ['g2', 'g3'], scopeLimited: true }, plain, 'UTC');
    expect(props.changes?.map((change) => [change.kind, change.alertTitle])).toEqual([
      ['status', null],
      ['alertAdded', 'Older, not in this event'],
    ]);
  });

  it('lists no changes in an email of a single event', () => {
    expect(buildIncidentEmailProps(context(), whole, plain, 'UTC').changes).toBeUndefined();
  });
});

import { render } from '@react-email/render';
import { createElement } from 'react';
import { describe, expect, it } from 'vitest';
import enEmail from '@/emails/messages/en/email.json';
import nlEmail from '@/emails/messages/nl/email.json';
import IncidentNotification from './incident-notification';
import { renderIncidentEmail, renderTestEmail, TEXT_OPTIONS } from './render';
import { incidentProps, testProps } from './props-for-tests';

const TID_URL = 'https://security.microsoft.com/incidents/31337?tid=72f988bf-86f1-41af-91ab-2d7cd011db47&a=b%20c';

describe('languages', () => {
  it('renders English words, subject and lang attribute', async () => {
    const email = await renderIncidentEmail(incidentProps({ locale: 'en' }));
    expect(email.html).toMatch(/<html [^>]*lang="en"/);
    expect(email.subject).toMatch(/^\[High\] Incident: Multi-stage incident .* - Contoso$/);
    expect(email.html).toContain('View incident in Microsoft Defender');
    expect(email.html).toContain('Microsoft Defender for Endpoint · Automated investigation');
    expect(email.text).toContain('Times are shown in the Europe/Amsterdam time zone.');
    expect(email.text).toContain('Nov 23, 2026, 8:42 AM'); // 07:42 UTC in Amsterdam
  });

  it('renders Dutch words, subject and lang attribute', async () => {
    const email = await renderIncidentEmail(incidentProps({ locale: 'nl' }));
    expect(email.html).toMatch(/<html [^>]*lang="nl"/);
    expect(email.subject).toMatch(/^\[Hoog\] Incident: Multi-stage incident .* - Contoso$/);
    expect(email.html).toContain('Incident bekijken in Microsoft Defender');
    expect(email.html).toContain('Microsoft Defender for Endpoint · Geautomatiseerd onderzoek');
    expect(email.text).toContain('23 nov 2026, 08:42');
    expect(email.html).not.toContain('View incident');
  });

  it('says an update is an update', async () => {
    const en = await renderIncidentEmail(incidentProps({ eventKind: 'updated' }));
    const nl = await renderIncidentEmail(incidentProps({ eventKind: 'updated', locale: 'nl' }));
    expect(en.subject).toMatch(/^\[High\] Incident updated: /);
    expect(en.text).toContain('Incident updated');
    expect(nl.subject).toMatch(/^\[Hoog\] Incident bijgewerkt: /);
    expect(nl.text).toContain('Incident bijgewerkt');
  });

  it('has the same keys in every language', () => {
    const keys = (o: object, prefix = ''): string[] =>
      Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? keys(v as object, `${prefix}${k}.`) : [prefix + k]));
    expect(keys(nlEmail).sort()).toEqual(keys(enEmail).sort());
  });
});

describe('test notification', () => {
  it.each([
    ['en', 'This is a test notification for rule “SOC on call”', /^\[Test\] \[High\] Incident: /],
    ['nl', 'Dit is een testmelding voor regel “SOC on call”', /^\[Test\] \[Hoog\] Incident: /],
  ] as const)('is marked as a test in %s', async (locale, banner, subject) => {
    const email = await renderTestEmail(testProps({ locale, ruleName: 'SOC on call' }));
    expect(email.html).toMatch(new RegExp(`<html [^>]*lang="${locale}"`));
    expect(email.html).toContain(banner);
    expect(email.text).toContain(banner);
    expect(email.subject).toMatch(subject);
  });
});

describe('organization name', () => {
  it('appears in subject and body only when set', async () => {
    const without = await renderIncidentEmail(incidentProps({ organizationName: null }));
    expect(without.subject).not.toContain(' - ');
    expect(without.html).not.toContain('Organization');
    const withName = await renderIncidentEmail(incidentProps({ organizationName: 'Fabrikam' }));
    expect(withName.subject).toMatch(/ - Fabrikam$/);
    expect(withName.text).toMatch(/Organization\s+Fabrikam/);
  });
});

describe('incident link', () => {
  it('passes the tid link through unchanged', async () => {
    const props = incidentProps();
    props.incident.url = TID_URL;
    const email = await renderIncidentEmail(props);
    expect(email.html).toContain(`href="${TID_URL.replaceAll('&', '&amp;')}"`);
    expect(email.text).toContain(TID_URL);
  });

  it.each([
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'ftp://files.example/incident',
    'https://security.microsoft.com@attacker.example/incidents/1',
    'https://attacker.example/\nincidents',
    'not a url',
  ])('gives no link for %j', async (url) => {
    const props = incidentProps();
    props.incident.url = url;
    const email = await renderIncidentEmail(props);
    expect(email.html).not.toContain('View incident in Microsoft Defender');
    expect(email.html).not.toMatch(/<a\b/);
  });

  it('gives no button when there is no url', async () => {
    const props = incidentProps();
    props.incident.url = null;
    expect((await renderIncidentEmail(props)).html).not.toMatch(/<a\b/);
  });
});

describe('plain text', () => {
  it('contains the essentials', async () => {
    const { text } = await renderIncidentEmail(incidentProps());
    for (const part of [
      'Multi-stage incident involving Initial access & Lateral movement',
      '31337',
      'High',
      'Active',
      'Suspicious PowerShell command line',
      'Source: Microsoft Defender for Identity',
      'Finance workstations, Tier 0 servers',
      'https://security.microsoft.com/incidents/31337?tid=',
    ]) {
      expect(text).toContain(part);
    }
    expect(text).not.toMatch(/<[a-z]/i);
  });

  it('is what render(el, { plainText: true }) gives for the same element', async () => {
    const props = incidentProps();
    const element = createElement(IncidentNotification, props);
    const expected = await render(element, { plainText: true, htmlToTextOptions: TEXT_OPTIONS });
    expect((await renderIncidentEmail(props)).text).toBe(expected);
  });
});

describe('changes of a coalesced email', () => {
  const changes = [
    { at: '2026-11-23T08:14:00Z', kind: 'status' as const, alertTitle: null, from: 'active', to: 'inProgress' },
    { at: '2026-11-23T08:16:00Z', kind: 'alertAdded' as const, alertTitle: 'Beacon\u202Eexe.fdp', from: null, to: 'high' },
    { at: '2026-11-23T08:17:00Z', kind: 'alertSeverity' as const, alertTitle: 'WMI filter', from: 'low', to: 'medium' },
  ];

  it('lists each change with its time, in English and in Dutch', async () => {
    const en = await renderIncidentEmail(incidentProps({ eventKind: 'updated', changes }));
    expect(en.text).toContain('Changes since the last email (3)');
    expect(en.text).toContain('Incident status: Active → In progress');
    expect(en.text).toContain('Alert added: Beaconexe.fdp (High)');
    expect(en.text).toContain('Alert “WMI filter”: severity Low → Medium');
    const nl = await renderIncidentEmail(incidentProps({ eventKind: 'updated', locale: 'nl', changes }));
    expect(nl.text).toContain('Wijzigingen sinds de vorige e-mail (3)');
    expect(nl.text).toContain('Status van het incident: Actief → In behandeling');
    expect(nl.text).toContain('Waarschuwing “WMI filter”: ernst Laag → Gemiddeld');
  });

  it('keeps the newest 30 of a long burst and says how many earlier ones it left out', async () => {
    const burst = Array.from({ length: 45 }, (_, i) => ({
      at: new Date(Date.UTC(2026, 10, 23, 8, i)).toISOString(),
      kind: 'alertAdded' as const,
      alertTitle: `Burst alert ${i}`,
      from: null,
      to: 'low',
    }));
    const { text } = await renderIncidentEmail(incidentProps({ eventKind: 'updated', changes: burst }));
    expect(text).toContain('Changes since the last email (45)');
    expect(text).toContain('The 15 earliest changes are not listed.');
    expect(text).toContain('Burst alert 44');
    expect(text).toContain('Burst alert 15');
    expect(text).not.toContain('Burst alert 14 ');
    expect(text).not.toMatch(/Burst alert 14\b/);
  });

  it('says nothing about changes in an email of one event', async () => {
    const { text } = await renderIncidentEmail(incidentProps({ eventKind: 'updated' }));
    expect(text).not.toContain('Changes since the last email');
  });
});

import { describe, expect, it } from 'vitest';
import { renderIncidentEmail, renderTestEmail } from './render';
import { SUBJECT_MAX } from './lib/subject';
import { incidentProps, testProps } from './props-for-tests';
import type { IncidentEmailProps } from './types';

// Every field of an incident is written by whoever can reach the webhook (or a compromised upstream).
const XSS = '"><script>alert(1)</script><img src=x onerror="alert(2)">\'';
const HEADER_BREAKERS = ['\r', '\n', '\r\n', '\u0085', '\u2028', '\u2029', '\u000b', '\u000c', '\u0000', '\u001b'];
const BIDI = ['\u061c', '\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069'];
const FORBIDDEN_IN_SUBJECT = /[\p{Cc}\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

function everyFieldHostile(value: string): IncidentEmailProps {
  return incidentProps({
    organizationName: value,
    deviceGroups: [value],
    incident: {
      externalId: value,
      displayName: value,
      severity: value,
      status: value,
      categories: [value],
      firstActivity: value,
      lastUpdate: value,
      url: `https://security.microsoft.com/incidents/1?x=${value}`,
    },
    alerts: [{ title: value, severity: value, serviceSource: value, detectionSource: value, deviceGroups: [value] }],
  });
}

describe('subject', () => {
  it.each([...HEADER_BREAKERS, ...BIDI])('never contains %j from a hostile name or organization', async (char) => {
    const props = incidentProps({ organizationName: `Contoso${char}Bcc: victim@example.com` });
    props.incident.displayName = `Attack${char}Bcc: victim@example.com${char}`;
    props.incident.severity = `high${char}`;
    const { subject } = await renderIncidentEmail(props);
    expect(subject).not.toMatch(FORBIDDEN_IN_SUBJECT);
    expect(subject).toContain('Bcc: victim@example.com'); // the words stay, on one line
  });

  it('is bounded and keeps severity and organization when the name is huge', async () => {
    const props = incidentProps({ organizationName: 'Contoso' });
    props.incident.displayName = 'x'.repeat(10_000);
    const { subject } = await renderIncidentEmail(props);
    expect(Array.from(subject).length).toBeLessThanOrEqual(SUBJECT_MAX);
    expect(subject).toMatch(/^\[High\] Incident: x+… - Contoso$/);
  });

  it('stays bounded for a test email with huge names everywhere', async () => {
    const { subject } = await renderTestEmail(testProps({ organizationName: 'o'.repeat(5000) }));
    expect(Array.from(subject).length).toBeLessThanOrEqual(SUBJECT_MAX);
  });
});

describe('HTML escaping', () => {
  it('escapes script tags and attribute-breaking quotes in every field', async () => {
    for (const email of [
      await renderIncidentEmail(everyFieldHostile(XSS)),
      await renderTestEmail({ ...everyFieldHostile(XSS), ruleName: XSS }),
    ]) {
      expect(email.html).not.toContain('<script');
      expect(email.html).not.toMatch(/<img\b/);
      expect(email.html).not.toMatch(/<[a-z][^>]*\sonerror=/i); // as text it is harmless, as an attribute not
      expect(email.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }
  });

  it('keeps a quote in the link from closing the href attribute', async () => {
    const props = incidentProps();
    props.incident.url = 'https://security.microsoft.com/incidents/1?x="onmouseover="alert(1)';
    const { html } = await renderIncidentEmail(props);
    expect(html).toContain('href="https://security.microsoft.com/incidents/1?x=&quot;onmouseover=&quot;alert(1)"');
    expect(html).not.toMatch(/<[a-z][^>]*\sonmouseover=/i);
  });

  it('strips bidi overrides from the body too', async () => {
    const { html, text } = await renderIncidentEmail(everyFieldHostile('invoice\u202Efdp.exe'));
    expect(html).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    expect(text).toContain('invoicefdp.exe');
  });
});

describe('bounded lengths', () => {
  it('bounds the name, alert titles and the lists', async () => {
    const props = incidentProps();
    props.incident.displayName = 'N'.repeat(5000);
    props.incident.categories = Array.from({ length: 100 }, (_, i) => `Category${i}`);
    props.deviceGroups = Array.from({ length: 100 }, (_, i) => `Group${i}`);
    props.alerts = Array.from({ length: 50 }, (_, i) => ({ ...props.alerts[0]!, title: `${i}:${'T'.repeat(1000)}` }));
    const { html, text } = await renderIncidentEmail(props);
    expect(html).toContain(`${'N'.repeat(299)}…`);
    expect(html).not.toContain('N'.repeat(300));
    expect(html).not.toContain('T'.repeat(300));
    expect(text).toContain('19:');
    expect(text).not.toContain('20:');
    expect(text).toContain('and 30 more alerts');
    expect(text).toContain('Category9 and 90 more');
    expect(text).not.toContain('Category10');
    expect(text).toContain('Group19 and 80 more');
    expect(text).toContain('Alerts (50)');
  });
});

describe('odd values', () => {
  it('shows unknown enum values as sent, even prototype keys, and bad dates as unknown', async () => {
    const props = incidentProps({ timeZone: 'Mars/Olympus_Mons' });
    props.incident.severity = 'constructor';
    props.incident.status = '__proto__';
    props.incident.firstActivity = 'yesterday';
    props.alerts = [{ ...props.alerts[0]!, serviceSource: 'toString', detectionSource: null }];
    const { text, subject } = await renderIncidentEmail(props);
    expect(subject).toMatch(/^\[constructor\] /);
    expect(text).toMatch(/Status\s+__proto__/);
    expect(text).toMatch(/First activity\s+Unknown/);
    expect(text).toContain('Source: toString');
    expect(text).toContain('Times are shown in the UTC time zone.');
  });
});

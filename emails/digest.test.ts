import { describe, expect, it } from 'vitest';
import DigestNotification from './digest-notification';
import { DIGEST_ITEMS } from './lib/sanitize-digest';
import { renderDigestEmail } from './render';
import type { DigestEmailProps } from './types';

// The digest lists incident names from payloads and rule and organization names from portal users: the
// same care as the incident email (escaped, one line, bounded, only web links), and a bounded length.

const base = DigestNotification.PreviewProps satisfies DigestEmailProps;
const XSS = '"><script>alert(1)</script>';

describe('digest email', () => {
  it('escapes names, keeps the subject on one line, and drops links that are not plain web addresses', async () => {
    const props: DigestEmailProps = {
      ...base,
      organizationName: `Contoso\r\nBcc: victim@example.com`,
      items: [
        { ...base.items[0], displayName: `${XSS}\u202eexe.pdf`, url: 'javascript:alert(1)' },
        { ...base.items[1], url: 'https://security.microsoft.com@attacker.example/' },
      ],
      caps: [{ ...base.caps[0], ruleName: `Rule\n${XSS}` }],
    };
    const email = await renderDigestEmail(props);
    expect(email.subject).toBe('Digest: 2 incident emails held back by your notification limits - Contoso Bcc: victim@example.com');
    expect(email.html).not.toContain('<script>');
    expect(email.html).not.toContain('\u202e');
    expect(email.html).not.toContain('javascript:');
    expect(email.html).not.toContain('attacker.example');
    expect(email.text).toContain('Rule “Rule "><script>alert(1)</script>”: at most 4 High emails per day. 2 emails held back.');
  });

  it(`lists the first ${DIGEST_ITEMS} held emails and counts the rest, and counts what the recipient may no longer see`, async () => {
    const items = Array.from({ length: DIGEST_ITEMS + 5 }, (_, index) => ({ ...base.items[0], externalId: String(index), displayName: `Incident #${index}` }));
    const email = await renderDigestEmail({ ...base, items, leftOutCount: 2 });
    expect(email.subject).toContain(`${DIGEST_ITEMS + 5} incident emails`);
    expect(email.text).toContain(`Incident #${DIGEST_ITEMS - 1}`);
    expect(email.text).not.toContain(`Incident #${DIGEST_ITEMS}\n`);
    expect(email.text).toContain('and 5 more incident emails');
    expect(email.text).toContain('2 more held-back emails are left out: you may no longer view those incidents.');
  });

  it('names the per-address limit and speaks Dutch', async () => {
    const email = await renderDigestEmail({ ...base, locale: 'nl', organizationName: null, caps: [{ scope: 'address', ruleName: null, severity: 'medium', limit: 2, period: 'hour', count: 2 }] });
    expect(email.subject).toBe('Overzicht: 2 incidentmails tegengehouden door uw meldingslimieten');
    expect(email.text).toContain('Limiet voor dit adres: hoogstens 2 mails met ernst Gemiddeld per uur. 2 mails tegengehouden.');
    expect(email.html).toContain('lang="nl"');
  });
});

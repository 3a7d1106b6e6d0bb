import { describe, expect, it } from 'vitest';
import { auditLogCsv, csvCell, csvDocument } from '@/lib/audit-log/csv';
import { auditLogTranslator } from '@/lib/audit-log/translator';

describe('csvCell', () => {
  it('quotes every cell and doubles quotes inside', () => {
    expect(csvCell('plain')).toBe('"plain"');
    expect(csvCell('say "hi", then\nleave')).toBe('"say ""hi"", then\nleave"');
  });

  it.each(['=1+1', '+31 20 123', '-2', '@SUM(A1)', '\t=cmd', '\r=cmd'])('keeps %j from running as a formula', (value) => {
    expect(csvCell(value)).toBe(`"'${value}"`);
  });

  it('leaves a formula character that is not the first alone', () => {
    expect(csvCell('a=b')).toBe('"a=b"');
  });
});

describe('csvDocument', () => {
  it('starts with a UTF-8 byte order mark and ends lines with CRLF', () => {
    expect(csvDocument([['a', 'b'], ['ç', 'é']])).toBe('\uFEFF"a","b"\r\n"ç","é"\r\n');
  });
});

describe('auditLogCsv', () => {
  it('writes one row per entry with its changes as lines, headers in the reader’s language', () => {
    const entry = {
      id: 'e1',
      createdAt: '2026-12-06T10:00:00.000Z',
      actor: 'admin@contoso.com',
      action: 'Regel gewijzigd',
      targetType: 'Regel',
      targetTypeKey: 'rule',
      targetId: 'r1',
      targetName: '=HYPERLINK("http://evil")',
      changes: [
        { field: 'Naam', before: ['Oud'], after: ['Nieuw'] },
        { field: 'Ontvangers', before: [], after: ['a@contoso.com (English)', 'b@contoso.com (Nederlands)'] },
      ],
    };
    const csv = auditLogCsv([entry], auditLogTranslator('nl'));
    const [header, row] = csv.slice(1).split('\r\n');
    expect(header).toBe('"Tijd (UTC)","Gewijzigd door","Actie","Soort onderwerp","Onderwerp","Onderwerp-ID","Wijzigingen"');
    expect(row).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(csv).toContain('"Naam: Oud → Nieuw\nOntvangers: — → a@contoso.com (English); b@contoso.com (Nederlands)"');
  });
});

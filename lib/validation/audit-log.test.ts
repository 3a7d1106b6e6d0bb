import { describe, expect, it } from 'vitest';
import { auditLogFilterFromParams, auditLogTimeRange } from '@/lib/validation/audit-log';

const parse = (query: string) => auditLogFilterFromParams(new URLSearchParams(query));

describe('auditLogFilterFromParams', () => {
  it('keeps well-formed filters and drops empty ones', () => {
    expect(parse('targetType=rule&actor=%20Admin%40contoso.com%20&from=2026-12-01&to=2026-12-06&targetId=&cursor=')).toEqual({
      filter: { targetType: 'rule', actor: 'Admin@contoso.com', from: '2026-12-01', to: '2026-12-06' },
      errors: {},
    });
  });

  it('names each malformed filter and ignores only that one', () => {
    expect(parse('targetType=planet&targetId=42&from=2026-02-30&to=06-12-2026&cursor=x&actor=ok')).toEqual({
      filter: { actor: 'ok' },
      errors: { targetType: 'targetTypeUnknown', targetId: 'targetIdInvalid', from: 'dateInvalid', to: 'dateInvalid', cursor: 'cursorInvalid' },
    });
    expect(parse(`actor=${'a'.repeat(255)}`).errors).toEqual({ actor: 'actorTooLong' });
  });

  it('refuses a range that ends before it starts, dropping both dates', () => {
    expect(parse('from=2026-12-06&to=2026-12-05')).toEqual({ filter: {}, errors: { to: 'dateRangeReversed' } });
    expect(parse('from=2026-12-06&to=2026-12-06').errors).toEqual({});
  });
});

describe('auditLogTimeRange', () => {
  it('runs from the start of the first day to the end of the last, in UTC', () => {
    expect(auditLogTimeRange({ from: '2026-12-01', to: '2026-12-06' })).toEqual({
      gte: new Date('2026-12-01T00:00:00Z'),
      lt: new Date('2026-12-07T00:00:00Z'),
    });
    expect(auditLogTimeRange({})).toEqual({});
  });
});

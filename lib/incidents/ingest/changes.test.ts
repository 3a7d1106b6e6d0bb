import { describe, expect, it } from 'vitest';
import { alertChanges, alertDataApplies, changedColumns, incidentChanges, incidentFieldsApply } from '@/lib/incidents/ingest/changes';

const at = (iso: string) => new Date(iso);

describe('change detection', () => {
  it('records incident severity and status changes, nothing for an identical version', () => {
    const stored = { severity: 'medium', status: 'active', lastUpdateDateTime: null };
    expect(incidentChanges(stored, { ...stored })).toEqual([]);
    expect(incidentChanges(stored, { severity: 'high', status: 'resolved', lastUpdateDateTime: null })).toEqual([
      { field: 'severity', from: 'medium', to: 'high' },
      { field: 'status', from: 'active', to: 'resolved' },
    ]);
  });

  it('records a new alert and an alert whose severity or status changed', () => {
    expect(alertChanges('a-1', undefined, { severity: 'low', status: 'new' })).toEqual([{ field: 'alert', alertId: 'a-1', from: null, to: 'added' }]);
    expect(alertChanges('a-1', { severity: 'low', status: 'new' }, { severity: 'low', status: 'new' })).toEqual([]);
    expect(alertChanges('a-1', { severity: 'low', status: 'new' }, { severity: 'high', status: 'inProgress' })).toEqual([
      { field: 'alert.severity', alertId: 'a-1', from: 'low', to: 'high' },
      { field: 'alert.status', alertId: 'a-1', from: 'new', to: 'inProgress' },
    ]);
  });

  it('never lets inferred or out-of-order incident fields overwrite stored ones', () => {
    const stored = { lastUpdateDateTime: at('2026-02-01T00:00:00Z') };
    expect(incidentFieldsApply(stored, { inferredFromAlerts: true, lastUpdateDateTime: at('2026-03-01T00:00:00Z') })).toBe(false);
    expect(incidentFieldsApply(stored, { inferredFromAlerts: false, lastUpdateDateTime: at('2026-01-01T00:00:00Z') })).toBe(false);
    expect(incidentFieldsApply(stored, { inferredFromAlerts: false, lastUpdateDateTime: at('2026-02-01T00:00:00Z') })).toBe(true);
    expect(incidentFieldsApply(stored, { inferredFromAlerts: false, lastUpdateDateTime: null })).toBe(true);
  });

  it('compares stored columns by value: dates by instant, JSON regardless of key order', () => {
    const stored = { when: at('2026-01-01T00:00:00Z'), devices: [{ deviceGroupId: 'g', name: 'pc' }], ids: ['a'], title: 't' };
    expect(changedColumns(stored, { when: at('2026-01-01T00:00:00.000Z'), devices: [{ name: 'pc', deviceGroupId: 'g' }], ids: ['a'], title: 't' })).toEqual({});
    expect(changedColumns(stored, { when: null, ids: ['a', 'b'], title: 'u' })).toEqual({ when: null, ids: ['a', 'b'], title: 'u' });
  });

  it('applies alert data unless it is older than the stored version', () => {
    const stored = { lastUpdateDateTime: at('2026-03-01T11:00:00Z') };
    expect(alertDataApplies(stored, { lastUpdateDateTime: at('2026-03-01T10:00:00Z') })).toBe(false);
    expect(alertDataApplies(stored, { lastUpdateDateTime: at('2026-03-01T11:00:00Z') })).toBe(true);
    expect(alertDataApplies(stored, { lastUpdateDateTime: at('2026-03-01T12:00:00Z') })).toBe(true);
    expect(alertDataApplies(stored, { lastUpdateDateTime: null })).toBe(true);
    expect(alertDataApplies({ lastUpdateDateTime: null }, { lastUpdateDateTime: at('2026-03-01T10:00:00Z') })).toBe(true);
    expect(alertDataApplies(undefined, { lastUpdateDateTime: at('2026-03-01T10:00:00Z') })).toBe(true);
  });
});

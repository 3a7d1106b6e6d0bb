import { describe, expect, it } from 'vitest';
import { can } from '@/lib/auth/authorize';
import { OPERATIONS, ROLES, type Operation } from '@/lib/auth/permissions';

// The expected matrix is written out by hand, independent of the permission table, so a change to the
// table that is not also a deliberate change here fails.
const MAY_CHANGE = new Set(['GLOBAL_ADMINISTRATOR', 'SECURITY_ADMINISTRATOR']);
const READ_ONLY_OPERATIONS = new Set<Operation>(['rules.view', 'deviceGroups.view', 'audit.view', 'apiKeys.view']);
// Seeing and changing users is for Global Administrators only; Security Administrators included are refused.
const USER_OPERATIONS = new Set<Operation>(['users.view', 'users.manage']);

describe('can(actor, operation)', () => {
  const operations = Object.keys(OPERATIONS) as Operation[];

  it('covers every role and every operation', () => {
    expect(ROLES).toHaveLength(4);
    expect(operations).toEqual([
      'rules.view',
      'rules.create',
      'rules.update',
      'rules.delete',
      'rules.sendTestEmail',
      'deviceGroups.view',
      'deviceGroups.manage',
      'audit.view',
      'apiKeys.view',
      'apiKeys.manage',
      'users.view',
      'users.manage',
    ]);
  });

  for (const role of ROLES) {
    for (const operation of operations) {
      const expected = USER_OPERATIONS.has(operation)
        ? role === 'GLOBAL_ADMINISTRATOR'
        : READ_ONLY_OPERATIONS.has(operation) || MAY_CHANGE.has(role);
      it(`${role} ${expected ? 'may' : 'may not'} ${operation}`, () => {
        expect(can({ userId: 'u', tenantId: 't', role }, operation)).toBe(expected);
      });
    }
  }
});

import { describe, expect, it } from 'vitest';
import { accessOf, type AccessInput } from '@/lib/auth/access';
import { can, canActOn, canSee, type Actor } from '@/lib/auth/authorize';
import { OPERATIONS, ROLES, type Operation } from '@/lib/auth/permissions';

// The expected matrix is written out by hand, independent of the permission table, so a change to the
// table that is not also a deliberate change here fails.
const MAY_CHANGE = new Set(['GLOBAL_ADMINISTRATOR', 'SECURITY_ADMINISTRATOR']);
const READ_ONLY_OPERATIONS = new Set<Operation>(['rules.view', 'deliveries.view', 'incidents.view', 'silences.view', 'deviceGroups.view', 'apiKeys.view', 'auditLog.viewRules']);
// Users, roles and the tenant are for Global Administrators only; Security Administrators included are refused.
const GLOBAL_ADMIN_OPERATIONS = new Set<Operation>(['users.view', 'users.manage', 'roles.view', 'roles.manage', 'tenant.manage', 'auditLog.view']);

function actor(input: Partial<AccessInput> & Pick<AccessInput, 'role'>): Actor {
  const access = accessOf({ permissionsModel: 'BASIC', rbacRoles: [], ...input });
  return { userId: 'u', tenantId: 't', role: input.role, access };
}

const selected = (...deviceGroupIds: string[]) => ({ allDeviceGroups: false, deviceGroupIds });
const allGroups = { allDeviceGroups: true, deviceGroupIds: [] };

describe('can(actor, operation) in the Basic model', () => {
  const operations = Object.keys(OPERATIONS) as Operation[];

  it('covers every role and every operation', () => {
    expect(ROLES).toHaveLength(4);
    expect(operations).toEqual([
      'rules.view',
      'rules.create',
      'rules.update',
      'rules.delete',
      'rules.sendTestEmail',
      'rules.import',
      'deliveries.view',
      'incidents.view',
      'silences.view',
      'silences.manage',
      'deviceGroups.view',
      'deviceGroups.manage',
      'addresses.reviewUndeliverable',
      'apiKeys.view',
      'apiKeys.manage',
      'users.view',
      'users.manage',
      'roles.view',
      'roles.manage',
      'tenant.manage',
      'auditLog.view',
      'auditLog.viewRules',
    ]);
  });

  for (const role of ROLES) {
    for (const operation of operations) {
      const expected = GLOBAL_ADMIN_OPERATIONS.has(operation)
        ? role === 'GLOBAL_ADMINISTRATOR'
        : READ_ONLY_OPERATIONS.has(operation) || MAY_CHANGE.has(role);
      it(`${role} ${expected ? 'may' : 'may not'} ${operation}`, () => {
        expect(can(actor({ role }), operation)).toBe(expected);
      });
    }
  }

  it('gives every role every device group', () => {
    for (const role of ROLES) {
      expect(canSee(actor({ role }), 'rules.view', selected('g1'))).toBe(true);
      expect(canSee(actor({ role }), 'rules.view', allGroups)).toBe(true);
    }
    expect(canActOn(actor({ role: 'SECURITY_ADMINISTRATOR' }), 'rules.update', allGroups)).toBe(true);
    expect(canActOn(actor({ role: 'SECURITY_READER' }), 'rules.update', selected('g1'))).toBe(false);
  });
});

describe('the RBAC model', () => {
  const rbac = (role: AccessInput['role'], rbacRoles: AccessInput['rbacRoles']) =>
    actor({ role, permissionsModel: 'RBAC', rbacRoles });
  const manager = rbac('SECURITY_READER', [{ permissions: ['manageSecuritySettings', 'viewIncidents'], deviceGroupIds: ['g1', 'g2'] }]);

  it('keeps the Global Administrator in charge of everything, everywhere', () => {
    const admin = rbac('GLOBAL_ADMINISTRATOR', []);
    for (const operation of Object.keys(OPERATIONS) as Operation[]) expect(can(admin, operation)).toBe(true);
    expect(canActOn(admin, 'rules.delete', allGroups)).toBe(true);
  });

  it('gives a directory role nothing by itself: only RBAC roles grant', () => {
    const nobody = rbac('SECURITY_ADMINISTRATOR', []);
    for (const operation of Object.keys(OPERATIONS) as Operation[]) expect(can(nobody, operation)).toBe(false);
  });

  it('limits rule changes to the groups the user manages', () => {
    expect(canActOn(manager, 'rules.create', selected('g1'))).toBe(true);
    expect(canActOn(manager, 'rules.create', selected('g1', 'g2'))).toBe(true);
    expect(canActOn(manager, 'rules.create', selected('g1', 'g3'))).toBe(false);
    // "All device groups" includes groups nobody has assigned yet: only an all-groups manager may choose it.
    expect(canActOn(manager, 'rules.create', allGroups)).toBe(false);
  });

  it('shows a rule that concerns one of the groups, read-only when it reaches further, and hides the rest', () => {
    expect(canSee(manager, 'rules.view', selected('g2', 'g3'))).toBe(true);
    expect(canActOn(manager, 'rules.update', selected('g2', 'g3'))).toBe(false);
    expect(canSee(manager, 'rules.view', allGroups)).toBe(true);
    expect(canActOn(manager, 'rules.delete', allGroups)).toBe(false);
    expect(canSee(manager, 'rules.view', selected('g3'))).toBe(false);
  });

  it('keeps tenant-wide operations for all-groups holders', () => {
    for (const operation of ['deviceGroups.manage', 'apiKeys.view', 'apiKeys.manage', 'users.view', 'roles.manage', 'tenant.manage'] as const) {
      expect(can(manager, operation)).toBe(false);
    }
    expect(can(manager, 'deviceGroups.view')).toBe(true);
    expect(can(manager, 'deliveries.view')).toBe(true);
  });

  it('unites several roles, each permission over its own roles\' groups', () => {
    const both = rbac('SECURITY_OPERATOR', [
      { permissions: ['manageSecuritySettings'], deviceGroupIds: ['g1'] },
      { permissions: ['viewIncidents'], deviceGroupIds: ['g2'] },
    ]);
    expect(canActOn(both, 'rules.update', selected('g1'))).toBe(true);
    expect(canActOn(both, 'rules.update', selected('g2'))).toBe(false);
    expect(canSee(both, 'rules.view', selected('g2'))).toBe(true);
    expect([...(both.access.scopes.viewIncidents.all ? [] : both.access.scopes.viewIncidents.groupIds)]).toEqual(['g2']);
    // Incidents follow "view incidents", not "manage settings": g1's rules are theirs, g1's incidents are not.
    expect(canSee(both, 'incidents.view', selected('g2'))).toBe(true);
    expect(canSee(both, 'incidents.view', selected('g1'))).toBe(false);
  });

  it('lets a view-only role see but never change', () => {
    const viewer = rbac('SECURITY_ADMINISTRATOR', [{ permissions: ['viewIncidents'], deviceGroupIds: ['g1'] }]);
    expect(canSee(viewer, 'rules.view', selected('g1'))).toBe(true);
    expect(can(viewer, 'rules.create')).toBe(false);
    expect(canActOn(viewer, 'rules.update', selected('g1'))).toBe(false);
  });
});

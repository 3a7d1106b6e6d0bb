import { describe, expect, it } from 'vitest';
import { accessOf, type AccessInput } from '@/lib/auth/access';
import { auditLogReach } from '@/lib/auth/audit-log-reach';
import type { Actor } from '@/lib/auth/authorize';
import { ROLES } from '@/lib/auth/permissions';

function actor(input: AccessInput): Actor {
  return { userId: 'u', tenantId: 't', role: input.role, access: accessOf(input) };
}

describe('auditLogReach', () => {
  it('gives the Basic model’s log to Global Administrators only', () => {
    for (const role of ROLES) {
      const reach = auditLogReach(actor({ role, permissionsModel: 'BASIC', rbacRoles: [] }), 'BASIC');
      expect(reach.kind).toBe(role === 'GLOBAL_ADMINISTRATOR' ? 'all' : 'none');
    }
  });

  it('gives an RBAC Global Administrator everything, with or without roles', () => {
    expect(auditLogReach(actor({ role: 'GLOBAL_ADMINISTRATOR', permissionsModel: 'RBAC', rbacRoles: [] }), 'RBAC')).toEqual({ kind: 'all' });
  });

  it.each([['viewIncidents'], ['manageSecuritySettings']] as const)(
    'limits an RBAC user holding %s to the rules of their device groups',
    (permission) => {
      const user = actor({ role: 'SECURITY_ADMINISTRATOR', permissionsModel: 'RBAC', rbacRoles: [{ permissions: [permission], deviceGroupIds: ['g1', 'g2'] }] });
      const reach = auditLogReach(user, 'RBAC');
      expect(reach.kind).toBe('rules');
      expect(reach.kind === 'rules' && !reach.scope.all && [...reach.scope.groupIds].sort()).toEqual(['g1', 'g2']);
    },
  );

  it('refuses an RBAC user without a role, whatever their directory role', () => {
    for (const role of ROLES.filter((r) => r !== 'GLOBAL_ADMINISTRATOR')) {
      expect(auditLogReach(actor({ role, permissionsModel: 'RBAC', rbacRoles: [] }), 'RBAC')).toEqual({ kind: 'none' });
    }
  });
});

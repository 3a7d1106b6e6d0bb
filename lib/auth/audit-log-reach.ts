import { can, scopeFor, type Actor } from '@/lib/auth/authorize';
import type { GroupScope } from '@/lib/auth/scope';
import type { PermissionsModel } from '@/lib/generated/prisma/enums';

// How much of the audit log a user reads: all of it (Global Administrators), the entries about rules that
// concern their device groups (other users of an RBAC organization who may view security settings), or
// nothing. The page, its navigation link and the CSV export all ask this one question. Pure.
export type AuditLogReach = { kind: 'all' } | { kind: 'rules'; scope: GroupScope } | { kind: 'none' };

export function auditLogReach(actor: Actor, permissionsModel: PermissionsModel): AuditLogReach {
  if (can(actor, 'auditLog.view')) return { kind: 'all' };
  // In the Basic model every role sees every rule, so "the rules they can see" would be the whole rule
  // history for readers and operators too: the log stays the Global Administrator's there.
  if (permissionsModel === 'RBAC' && can(actor, 'auditLog.viewRules')) {
    return { kind: 'rules', scope: scopeFor(actor, 'auditLog.viewRules') };
  }
  return { kind: 'none' };
}

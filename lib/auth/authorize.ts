import type { Access } from '@/lib/auth/access';
import { OPERATIONS, type Operation } from '@/lib/auth/permissions';
import { scopeCovers, scopeOverlaps, type GroupScope, type ScopedResource } from '@/lib/auth/scope';
import type { Role } from '@/lib/generated/prisma/enums';

export type Actor = { userId: string; tenantId: string; role: Role; access: Access };

// The questions every page, action and data function asks. Pure, so the whole matrix is unit-tested.

// May this actor attempt this operation at all? A tenant-wide operation needs its permission over every
// device group.
export function can(actor: Actor, operation: Operation): boolean {
  const { permission, reach } = OPERATIONS[operation];
  if (!actor.access.permissions.has(permission)) return false;
  return reach === 'deviceGroups' || actor.access.scopes[permission].all;
}

// The device groups an operation reaches for this actor.
export function scopeFor(actor: Actor, operation: Operation): GroupScope {
  return actor.access.scopes[OPERATIONS[operation].permission];
}

// May the actor see this rule (or resource) at all? It must concern one of their groups; a rule wholly
// outside them does not exist for them.
export function canSee(actor: Actor, operation: Operation, resource: ScopedResource): boolean {
  return can(actor, operation) && scopeOverlaps(scopeFor(actor, operation), resource);
}

// May the actor change it? Every group it concerns must be theirs to manage: a rule partly outside their
// groups (or scoped to all groups) stays as it is, read-only to them.
export function canActOn(actor: Actor, operation: Operation, resource: ScopedResource): boolean {
  return can(actor, operation) && scopeCovers(scopeFor(actor, operation), resource);
}

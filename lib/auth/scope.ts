// Device-group scopes: which groups a user may manage or view, and which a rule or an alert concerns.
// Pure, so every decision built on them is unit-tested without a database.

export type GroupScope = { readonly all: true } | { readonly all: false; readonly groupIds: ReadonlySet<string> };

export const ALL_GROUPS: GroupScope = { all: true };
export const NO_GROUPS: GroupScope = { all: false, groupIds: new Set() };

export function groupsScope(ids: Iterable<string>): GroupScope {
  return { all: false, groupIds: new Set(ids) };
}

export function unionScopes(scopes: readonly GroupScope[]): GroupScope {
  if (scopes.some((scope) => scope.all)) return ALL_GROUPS;
  return groupsScope(scopes.flatMap((scope) => (scope.all ? [] : [...scope.groupIds])));
}

// What a rule (or a role) covers: every group, or the listed ones.
export type ScopedResource = { readonly allDeviceGroups: boolean; readonly deviceGroupIds: readonly string[] };

export function scopeIncludesGroup(scope: GroupScope, groupId: string): boolean {
  return scope.all || scope.groupIds.has(groupId);
}

// Every group the resource concerns lies in the scope. "All device groups" lies only in an all-groups
// scope: a new group may appear at any time, and it would be outside a listed scope.
export function scopeCovers(scope: GroupScope, resource: ScopedResource): boolean {
  if (scope.all) return true;
  if (resource.allDeviceGroups) return false;
  return resource.deviceGroupIds.every((id) => scope.groupIds.has(id));
}

// The resource concerns at least one group of the scope.
export function scopeOverlaps(scope: GroupScope, resource: ScopedResource): boolean {
  if (scope.all) return true;
  if (resource.allDeviceGroups) return scope.groupIds.size > 0;
  return resource.deviceGroupIds.some((id) => scope.groupIds.has(id));
}

// The groups of `ids` inside the scope, in their original order.
export function groupsInScope(scope: GroupScope, ids: readonly string[]): string[] {
  return scope.all ? [...ids] : ids.filter((id) => scope.groupIds.has(id));
}

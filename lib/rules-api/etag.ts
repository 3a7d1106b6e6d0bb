// A rule's ETag is its updatedAt (every change of a rule, through the portal or this API, sets it).

export const etagOf = (updatedAt: string) => `"${Date.parse(updatedAt)}"`;

// The updatedAt an If-Match names; `*` (any current version) gives undefined, a value that is not one of
// our ETags gives an instant no rule has, so it fails like a stale one.
export type IfMatch = { kind: 'missing' } | { kind: 'any' } | { kind: 'version'; updatedAt: string };

export function parseIfMatch(header: string | null): IfMatch {
  const value = header?.trim();
  if (!value) return { kind: 'missing' };
  if (value === '*') return { kind: 'any' };
  const match = /^(?:W\/)?"(\d{1,15})"$/.exec(value);
  return { kind: 'version', updatedAt: match ? new Date(Number(match[1])).toISOString() : 'unknown' };
}

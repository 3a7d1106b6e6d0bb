import type { IngestCap } from '@/lib/incidents/limits';

// What the drill expects POST /api/incidents to answer for a case, and a case made ready to send. Apart from
// hostile-bodies.ts and mutations.ts so that each can use them without importing the other.

export type Expected =
  | { status: 202 }
  | { status: 400 }
  // tooLarge: over the body cap; otherwise over an item cap.
  | { status: 413; cap?: IngestCap }
  // Every invalid field named is at or under one of `under` ('' is the whole body).
  | { status: 422; under: string[] }
  // Either accepted, or a 422 within `under`: the description does not decide.
  | { status: 'either'; under: string[] };

export type RenderedCase = { label: string; bytes: Uint8Array; contentType: string; expected: Expected };

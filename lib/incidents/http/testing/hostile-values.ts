import fc from 'fast-check';
import type { Value } from '@/lib/incidents/http/testing/hostile-json';
import { INVALID_DATES, VALID_DATES, type FieldType } from '@/lib/incidents/http/testing/payload-model';

// The values and keys the drill puts into documents: wrong types, numbers JSON cannot hold, blank and
// NUL-only text, lone surrogates, strings up to and past the body cap, 100,000 levels of nesting, bytes that
// are not UTF-8, and the keys of Object.prototype.

const json = (value: unknown): Value => ({ json: value });
const raw = (text: string, parsed: unknown): Value => ({ raw: text, parsed });

const SCALARS: Value[] = [
  json(null), json(true), json(false), json(0), json(1), json(-1), json(1.5), json(125), json(2 ** 53 - 1), json(1e308),
  raw('-0', -0), raw('9007199254740993', 9007199254740992), raw('1e400', Infinity), raw('-1e400', -Infinity), raw('1e-400', 0),
  raw('1E2', 100), raw('100.0', 100), raw('-9007199254740993', -9007199254740992),
];

const LONG_GROUP = `${'g'.repeat(99)}🔥`; // cut at 100 UTF-16 units, the portal's limit for a group name, it splits the emoji

const STRINGS: Value[] = [
  '', ' ', '\t\n', 'x', 'critical', 'HIGH', ' High ', 'unknownFutureValue', 'SomethingNew', 'NEW_THING', '\u0000', '\u0000\u0000',
  ' \u0000 ', 'a\u0000b', '\uD800', '\uDFFF', 'a\uD800b', '\uD83D\uDE00', '\u202Eevil', '\u2028', '\uFEFF', '\uFFFF', 'é', '日本語',
  '<script>alert(1)</script>', "'; DROP TABLE \"Incident\"; --", '__proto__', 'constructor', 'toString', 'javascript:alert(1)',
  'https://security.microsoft.com/incidents/1?tid=x', 'http://example.com/a', 'https://', 'ftp://example.com/', 'not a url',
  ' https://example.com ', 'https://exa mple.com', 'x'.repeat(256), 'x'.repeat(257), ` ${'x'.repeat(256)} `, 'y'.repeat(64),
  'y'.repeat(65), LONG_GROUP, '  Clients ', 'CLIENTS', 'Unassigned', '125',
].map(json);

const CONTAINERS: Value[] = [
  json({}), json([]), json([1]), json({ a: 1 }), json([{}]), json([[]]), json(['x']),
  { deep: 100, of: 'array' }, { deep: 10_000, of: 'array' }, { deep: 100_000, of: 'array' }, { deep: 400_000, of: 'array' },
  { deep: 100, of: 'object' }, { deep: 10_000, of: 'object' }, { deep: 100_000, of: 'object' },
];

// Invalid UTF-8 (lone continuation, overlong NUL, an encoded surrogate, a truncated sequence, beyond U+10FFFF,
// a Latin-1 byte) and one valid sequence for contrast.
const BYTES: Value[] = [[0xff], [0xfe, 0xff], [0x80], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf4, 0x90, 0x80, 0x80], [0xe9], [0xc3, 0xa9]].map(
  (bytes) => ({ bytes }),
);

const HUGE_LENGTHS = [1_000, 65_536, 300_000, 524_288, 1_048_000, 1_048_577];

export const hugeValue: fc.Arbitrary<Value> = fc.record({
  huge: fc.constantFrom(...HUGE_LENGTHS),
  alphabet: fc.constantFrom('ascii', 'latin', 'astral', 'nul', 'escapes', 'surrogates', 'mixed' as const),
  seed: fc.nat(1000),
});

const dateValue: fc.Arbitrary<Value> = fc.constantFrom(...VALID_DATES, ...INVALID_DATES).map(json);

// Any value, weighted towards the small ones (a huge one costs a megabyte on the wire).
export const anyValue: fc.Arbitrary<Value> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...SCALARS, ...STRINGS) },
  { weight: 3, arbitrary: fc.constantFrom(...CONTAINERS) },
  { weight: 2, arbitrary: dateValue },
  { weight: 2, arbitrary: fc.constantFrom(...BYTES) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }).map(json) },
  { weight: 1, arbitrary: hugeValue },
);

// Values aimed at what a field of that type checks: the edges of ids, group names, URLs and dates.
const IDS: Value[] = [
  ...['', ' ', '\u0000', ' \u0000 ', '\uD800', 'a\u0000b', '29', 'x'.repeat(256), 'x'.repeat(257), ` ${'x'.repeat(256)} `].map(json),
  ...[0, 29, -1, 1.5, 2 ** 53 - 1].map(json),
  raw('-0', -0), raw('9007199254740993', 9007199254740992), raw('1e400', Infinity), raw('1E2', 100),
];
const RBAC_IDS: Value[] = [
  ...['125', ' 7 ', 'y'.repeat(64), 'y'.repeat(65), '\u0000', '', 'a b', '-1'].map(json),
  ...[125, -1, 1.5, 2 ** 53 - 1].map(json), raw('9007199254740993', 9007199254740992),
];
const GROUP_NAMES: Value[] = [LONG_GROUP, `${'é'.repeat(99)}😀`, `${'g'.repeat(99)}${'𝕏'.repeat(5)}`, `${'g'.repeat(98)}🔥`, '🔥'.repeat(51), 'x'.repeat(100), 'x'.repeat(101), ` ${'x'.repeat(100)} `,
  'Clients', 'CLIENTS', ' Clients ', 'İstanbul', 'ISTANBUL', '\u0000', '\uD800 group', ''].map(json);
const URLS: Value[] = ['https://security.microsoft.com/incidents/1?tid=x', 'https://security.microsoft.us/incidents/2', 'http://example.com/a',
  'https://', 'ftp://example.com/', 'javascript:alert(1)', 'data:text/html,x', 'not a url', ' https://example.com ', 'https://exa mple.com',
  'https://example.com/\u0000', '\u0000', `https://example.com/${'a'.repeat(100_000)}`, 'HTTPS://EXAMPLE.COM'].map(json);

export function valueFor(type: FieldType | undefined, field: string): fc.Arbitrary<Value> {
  if (field === 'rbacGroupName') return fc.constantFrom(...GROUP_NAMES);
  switch (type) {
    case 'id':
    case 'optId':
      return fc.constantFrom(...IDS);
    case 'rbacId':
      return fc.constantFrom(...RBAC_IDS);
    case 'date':
      return dateValue;
    case 'url':
      return fc.constantFrom(...URLS);
    case 'itemList':
    case 'page':
    case 'batch':
    case 'evidence':
    case 'object':
      return fc.constantFrom(...CONTAINERS);
    default:
      return fc.oneof(fc.constantFrom(...STRINGS, ...BYTES), hugeValue, fc.string({ unit: 'binary', maxLength: 40 }).map(json));
  }
}

export type Key = string | { long: number };
export const keyText = (key: Key) => (typeof key === 'string' ? key : 'k'.repeat(key.long));

export const unknownKey: fc.Arbitrary<Key> = fc.oneof(
  fc.constantFrom<Key>(
    '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'isPrototypeOf',
    'x', '', ' ', 'a.b', '0', '\u0000', '\uD800', '🔥', 'Severity', 'ID', 'EXTERNALID', 'polluted',
    { long: 70 }, { long: 10_000 }, { long: 100_000 },
  ),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 20 }),
);

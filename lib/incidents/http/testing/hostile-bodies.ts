import fc from 'fast-check';
import { MAX_BODY_BYTES } from '@/lib/incidents/http/read-body';
import { INGEST_CAPS, type IngestCap } from '@/lib/incidents/limits';
import { isObject } from '@/lib/incidents/normalize/classify-item';
import { dotted } from '@/lib/incidents/normalize/payload';
import { concat, renderDocument, type Style } from '@/lib/incidents/http/testing/hostile-json';
import { BASE_NAMES, BASES, type Ids } from '@/lib/incidents/http/testing/base-documents';
import { capsPayload } from '@/lib/incidents/http/testing/caps-payloads';
import { mutated, mutationOf, type MutationCase } from '@/lib/incidents/http/testing/mutations';
import type { Expected, RenderedCase } from '@/lib/incidents/http/testing/expected';

// The bodies of the POST /api/incidents drill, as fast-check arbitraries of small case descriptions, and what
// each must be answered with. A case is rendered with the ids of its request (renderCase): the bytes to send
// and the expected answer.

export type HostileCase =
  | MutationCase
  | { family: 'caps'; cap: IngestCap; over: boolean; shape: 'native' | 'graph' }
  | { family: 'raw'; text: string }
  | { family: 'deepBody'; depth: number; of: 'array' | 'object' | 'unbalanced' }
  | { family: 'bytes'; base: string; bytes: number[] }
  | { family: 'truncate'; base: string; fraction: number }
  | { family: 'utf16'; base: string }
  | { family: 'pad'; base: string; delta: -1 | 0 | 1 }
  // A native incident with `count` unknown keys of `length` characters each: a 422 must not echo them.
  | { family: 'keys'; count: number; length: number };

// ---- Arbitraries.
const CONTENT_TYPES = ['application/json', 'application/json; charset=utf-8', 'application/vnd.incident+json', 'Application/JSON;Charset=UTF-8'];
const STYLES: Style[] = ['compact', 'pretty', 'tabs', 'spacedColons', 'crlf', 'bom'];
// Our own format is strict (an unknown field is refused), so it has more to get wrong than its two bases' share.
const base = fc.oneof(...BASE_NAMES.map((name) => ({ weight: name.startsWith('native:') ? 4 : 1, arbitrary: fc.constant(name) })));

const RAW_BODIES = [
  '', ' ', '{', '}', '{"a":1,}', "{'a':1}", '{"a":NaN}', '{"a":Infinity}', '{"a":1}//', '{"a":1} {"b":2}', '{"a":01}', '{"a":"\u0001"}',
  '{"a":"\\x"}', '{"a":"\\u12"}', '\uFEFF{}', '\u0000{}', '{}\u0000', '{"a":tru}', '"unterminated', '[[[[', 'null', 'true', '0', '-1e400',
  '"string"', '[]', '[{}]', '[1,2]', '{}', '{"foo":1}', '{"value":[]}', '{"value":[],"value":[]}', '{"value":{}}', '{"value":null}',
  '{"value":[],"id":1}', '{"incidents":[]}', '{"incidents":{}}', '{"__proto__":{"value":[]}}', '{"__proto__":null,"value":[]}',
  '{"constructor":{"prototype":{"polluted":true}},"value":[]}', '{"__proto__":{"polluted":true},"value":[]}',
  '{"value":[],"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#security/alerts_v2"}',
  '{"value":[],"@odata.nextLink":"javascript:alert(1)"}',
];

export const hostileCase: fc.Arbitrary<HostileCase> = fc.oneof(
  {
    weight: 30,
    arbitrary: base.chain((name) =>
      fc.record({
        family: fc.constant('mutation' as const),
        base: fc.constant(name),
        style: fc.constantFrom(...STYLES),
        contentType: fc.constantFrom(...CONTENT_TYPES),
        mutation: mutationOf(name),
      }),
    ),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      family: fc.constant('caps' as const),
      cap: fc.constantFrom(...(Object.keys(INGEST_CAPS) as IngestCap[])),
      over: fc.boolean(),
      shape: fc.constantFrom('native' as const, 'graph' as const),
    }),
  },
  { weight: 3, arbitrary: fc.record({ family: fc.constant('raw' as const), text: fc.constantFrom(...RAW_BODIES) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      family: fc.constant('deepBody' as const),
      depth: fc.constantFrom(10, 1000, 10_000, 100_000, MAX_BODY_BYTES / 2, MAX_BODY_BYTES / 2 + 1),
      of: fc.constantFrom('array' as const, 'object' as const, 'unbalanced' as const),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      family: fc.constant('bytes' as const),
      base,
      bytes: fc.constantFrom<number[]>([0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xef, 0xbb, 0xbf], [0xc2, 0xa0], [0x20], [0x0d, 0x0a, 0x09]),
    }),
  },
  { weight: 2, arbitrary: fc.record({ family: fc.constant('truncate' as const), base, fraction: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }) }) },
  { weight: 1, arbitrary: fc.record({ family: fc.constant('utf16' as const), base }) },
  { weight: 1, arbitrary: fc.record({ family: fc.constant('pad' as const), base, delta: fc.constantFrom(-1 as const, 0 as const, 1 as const) }) },
  {
    weight: 1,
    arbitrary: fc.record({ family: fc.constant('keys' as const), count: fc.constantFrom(1, 10, 100, 150), length: fc.constantFrom(70, 1000, 6000, 10_000) }),
  },
);

// ---- Rendering, and what the answer must be.
const encoder = new TextEncoder();

export function renderCase(hostile: HostileCase, ids: Ids): RenderedCase {
  const rendered = renderUnbounded(hostile, ids);
  // Whatever the body says, past the cap it is refused unread.
  if (rendered.bytes.byteLength > MAX_BODY_BYTES) return { ...rendered, expected: { status: 413 } };
  return rendered;
}

function renderUnbounded(hostile: HostileCase, ids: Ids): RenderedCase {
  const json = 'application/json';
  switch (hostile.family) {
    case 'mutation':
      return mutated(hostile, ids);
    case 'caps': {
      const payload = capsPayload(hostile.cap, hostile.over, hostile.shape, ids);
      return {
        label: `caps:${hostile.cap}:${hostile.over ? 'over' : 'at'}:${hostile.shape}`,
        bytes: encoder.encode(JSON.stringify(payload)),
        contentType: json,
        expected: hostile.over ? { status: 413, cap: hostile.cap } : { status: 202 },
      };
    }
    case 'raw':
      return { label: 'raw', bytes: encoder.encode(hostile.text), contentType: json, expected: rawExpected(hostile.text) };
    case 'deepBody': {
      const { depth, of } = hostile;
      const text = of === 'array' ? '['.repeat(depth) + ']'.repeat(depth) : of === 'object' ? '{"a":'.repeat(depth) + '1' + '}'.repeat(depth) : '['.repeat(depth);
      return { label: `deepBody:${of}`, bytes: encoder.encode(text), contentType: json, expected: of === 'unbalanced' ? { status: 400 } : { status: 422, under: [''] } };
    }
    case 'bytes': {
      // Right after the opening brace: between two tokens, where only JSON whitespace may stand.
      const valid = renderDocument(BASES[hostile.base](ids), 'compact');
      const whitespace = hostile.bytes.every((byte) => [0x20, 0x09, 0x0a, 0x0d].includes(byte));
      return {
        label: 'bytes',
        bytes: concat([valid.subarray(0, 1), Uint8Array.from(hostile.bytes), valid.subarray(1)]),
        contentType: json,
        expected: whitespace ? { status: 202 } : { status: 400 },
      };
    }
    case 'truncate': {
      const valid = renderDocument(BASES[hostile.base](ids), 'compact');
      return { label: 'truncate', bytes: valid.subarray(0, Math.floor(hostile.fraction * valid.byteLength)), contentType: json, expected: { status: 400 } };
    }
    case 'utf16': {
      const text = new TextDecoder().decode(renderDocument(BASES[hostile.base](ids), 'pretty'));
      return { label: 'utf16', bytes: concat([Uint8Array.of(0xff, 0xfe), Buffer.from(text, 'utf16le')]), contentType: json, expected: { status: 400 } };
    }
    case 'keys': {
      const keys = Array.from({ length: hostile.count }, (_, i) => `${i}:`.padEnd(hostile.length, 'k'));
      const document = { ...(BASES['native:incident'](ids) as object), ...Object.fromEntries(keys.map((key) => [key, true])) };
      return { label: 'keys', bytes: renderDocument(document, 'compact'), contentType: json, expected: { status: 422, under: keys.map((key) => dotted([key])) } };
    }
    case 'pad': {
      const valid = renderDocument(BASES[hostile.base](ids), 'compact');
      const padding = Math.max(0, MAX_BODY_BYTES + hostile.delta - valid.byteLength);
      const filler = encoder.encode(' \n\t\r'.repeat(Math.ceil(padding / 4)).slice(0, padding));
      return { label: `pad:${hostile.delta}`, bytes: concat([valid, filler]), contentType: json, expected: { status: hostile.delta > 0 ? 413 : 202 } };
    }
  }
}

function rawExpected(text: string): Expected {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return { status: 400 };
  }
  if (!isObject(parsed)) return { status: 422, under: [''] };
  const value = parsed.value;
  if ('value' in parsed && !('id' in parsed)) return Array.isArray(value) && value.length === 0 ? { status: 202 } : { status: 422, under: ['value'] };
  if ('incidents' in parsed) return { status: 422, under: ['incidents'] };
  return { status: 422, under: [''] };
}

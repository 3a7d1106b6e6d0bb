import fc from 'fast-check';
import { classifyItem } from '@/lib/incidents/normalize/classify-item';
// How a 422 writes a path (a long key is cut): the drill expects paths as the route reports them.
import { dotted } from '@/lib/incidents/normalize/payload';
import { Entries, parsedValue, renderDocument, Special, type Style, type Value } from '@/lib/incidents/http/testing/hostile-json';
import { anyValue, keyText, unknownKey, valueFor, type Key } from '@/lib/incidents/http/testing/hostile-values';
import { BASE_NAMES, BASES, type Ids } from '@/lib/incidents/http/testing/base-documents';
import { at, FIELDS, fieldType, isRequired, slotsOf, STRICT_KINDS, verdict, type Slot, type Verdict } from '@/lib/incidents/http/testing/payload-model';
import type { Expected, RenderedCase } from '@/lib/incidents/http/testing/expected';

// One change to a valid document (a field set to a hostile value, removed, added, given twice; an item put in
// an array), and what the drill's description of the formats (payload-model.ts) says the answer must be.

export type Mutation =
  | { op: 'none' }
  | { op: 'set'; slot: number; field: string; value: Value }
  | { op: 'delete'; slot: number; field: string }
  | { op: 'add'; slot: number; key: Key; value: Value }
  | { op: 'duplicate'; slot: number; field: string; first: Value; last: Value }
  | { op: 'wrap'; slot: number };

// A case of the drill that mutates one of the shared samples.
export type MutationCase = { family: 'mutation'; base: string; style: Style; contentType: string; mutation: Mutation };

// The slots (and their fields) of each base, computed once: their shape does not depend on the ids.
const SHAPES = Object.fromEntries(
  BASE_NAMES.map((name) => {
    const document = BASES[name]({ tag: 't', serial: 1 });
    return [name, slotsOf(document).map((slot) => ({ slot, keys: Object.keys(at(document, slot.path) as object) }))];
  }),
);

export const mutationOf = (base: string): fc.Arbitrary<Mutation> => {
  const shapes = SHAPES[base];
  const slot = fc.nat(shapes.length - 1);
  // Mostly the fields the route checks; also any the item has (Microsoft's items carry dozens it ignores).
  const field = (index: number) =>
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...Object.keys(FIELDS[shapes[index].slot.kind])) },
      { weight: 1, arbitrary: fc.constantFrom(...shapes[index].keys) },
    );
  return fc.oneof(
    { weight: 1, arbitrary: fc.constant<Mutation>({ op: 'none' }) },
    {
      weight: 8,
      arbitrary: slot.chain((s) =>
        field(s).chain((f) =>
          fc.record({
            op: fc.constant('set' as const),
            slot: fc.constant(s),
            field: fc.constant(f),
            // Values aimed at what the field checks, and values of any type.
            value: fc.oneof({ weight: 2, arbitrary: valueFor(fieldType(shapes[s].slot, f), f) }, { weight: 1, arbitrary: anyValue }),
          }),
        ),
      ),
    },
    { weight: 3, arbitrary: slot.chain((s) => fc.record({ op: fc.constant('delete' as const), slot: fc.constant(s), field: fc.constantFrom(...shapes[s].keys) })) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant('add' as const), slot, key: unknownKey, value: anyValue }) },
    {
      weight: 2,
      arbitrary: slot.chain((s) =>
        fc.record({ op: fc.constant('duplicate' as const), slot: fc.constant(s), field: field(s), first: anyValue, last: anyValue }),
      ),
    },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('wrap' as const), slot }) },
  );
};

// A valid document with one mutation, and the verdict of the description on it.
export function mutated(hostile: MutationCase, ids: Ids): RenderedCase {
  let document = BASES[hostile.base](ids);
  const m = hostile.mutation;
  const label = m.op === 'none' ? 'none' : `${m.op}:${SHAPES[hostile.base][m.slot].slot.kind}`;
  const render = (expected: Expected) => ({ label, bytes: renderDocument(document, hostile.style), contentType: hostile.contentType, expected });
  if (m.op === 'none') return render({ status: 202 });

  const slot = SHAPES[hostile.base][m.slot].slot;
  const item = at(document, slot.path) as Record<string, unknown>;
  const path = (key: string) => dotted([...slot.path, key]);
  // What the route reads: the item with parsed values, to see whether its format still reads the same.
  const before = slot.classified ? classifyItem(item) : null;
  const parsedItem = { ...item };

  switch (m.op) {
    case 'set':
      document = replace(document, slot, m.field, new Special(m.value));
      parsedItem[m.field] = parsedValue(m.value);
      break;
    case 'delete':
      document = replace(document, slot, m.field, undefined);
      delete parsedItem[m.field];
      // Without its list, a page or a batch is no longer one: the whole body is unrecognisable.
      if (slot.path.length === 0 && (slot.kind === 'graphPage' || slot.kind === 'nativeBatch') && Object.hasOwn(FIELDS[slot.kind], m.field)) {
        return render({ status: 422, under: [''] });
      }
      break;
    case 'add': {
      const key = keyText(m.key);
      // Not unknown after all: the document stays valid.
      if (Object.hasOwn(FIELDS[slot.kind], key) || Object.hasOwn(item, key) || isMarker(slot, key)) return render({ status: 202 });
      document = replaceAt(document, slot.path, new Entries([...Object.entries(item), [key, new Special(m.value)]]));
      return render(STRICT_KINDS.has(slot.kind) ? { status: 422, under: [path(key)] } : { status: 202 });
    }
    case 'duplicate': {
      const entries = Object.entries(item).filter(([key]) => key !== m.field);
      document = replaceAt(document, slot.path, new Entries([[m.field, new Special(m.first)], ...entries, [m.field, new Special(m.last)]]));
      parsedItem[m.field] = parsedValue(m.last);
      break;
    }
    case 'wrap': {
      document = replaceAt(document, slot.path, [item]);
      if (slot.path.length === 0) return render({ status: 422, under: [''] });
      return render(slot.kind === 'deviceEvidence' ? { status: 202 } : { status: 422, under: [dotted(slot.path)] });
    }
  }
  // A top-level item that no longer reads as its format: any error it gets is its own.
  if (slot.classified && classifyItem(parsedItem) !== before) return render({ status: 422, under: [dotted(slot.path)] });
  const field = (m as { field: string }).field;
  const type = fieldType(slot, field);
  const value = parsedItem[field];
  let outcome: Verdict;
  if (type === undefined) outcome = 'ok'; // a field Microsoft's formats carry and we ignore
  else if (value === undefined) outcome = isRequired(slot, field) ? 'bad' : 'ok';
  else outcome = verdict(type, value);
  const under = [path(field)];
  return render(outcome === 'ok' ? { status: 202 } : outcome === 'bad' ? { status: 422, under } : { status: 'either', under });
}

// Keys that decide which format a top-level item (or the whole body) is read as.
const MARKERS = ['@odata.type', 'externalId', 'id', 'alerts', 'displayName', 'title', 'incidentId', 'value', 'incidents',
  'alertCreationTime', 'firstEventTime', 'lastEventTime', 'machineId', 'computerDnsName'];
const isMarker = (slot: Slot, key: string) => (slot.classified || slot.path.length === 0) && MARKERS.includes(key);

// Each returns the document, a new one when the root itself is replaced.
function replace(document: unknown, slot: Slot, field: string, node: unknown): unknown {
  const entries = Object.entries(at(document, slot.path) as object).filter(([key]) => key !== field);
  return replaceAt(document, slot.path, new Entries(node === undefined ? entries : [...entries, [field, node]]));
}

function replaceAt(document: unknown, path: readonly (string | number)[], node: unknown): unknown {
  if (path.length === 0) return node;
  const parent = at(document, path.slice(0, -1)) as Record<string | number, unknown>;
  parent[path[path.length - 1]] = node;
  return document;
}

// Hostile JSON for the POST /api/incidents drill (hostile-bodies.integration.test.ts): values JSON.stringify
// cannot write (numbers out of range, raw bytes that are not UTF-8, nesting 100,000 deep, duplicate keys), and a
// renderer that writes a document holding them as the bytes a sender would put on the wire.
//
// Generated cases hold only small descriptors (`{ huge: 300000, alphabet: 'astral', seed: 7 }`), never the long
// text itself, so a failing case prints in a few lines; the text is built when the case is rendered.

export type Alphabet = 'ascii' | 'latin' | 'astral' | 'nul' | 'escapes' | 'surrogates' | 'mixed';

// One value a generated case puts somewhere in a document.
export type Value =
  | { json: unknown } // any value JSON.stringify writes as is
  | { raw: string; parsed: unknown } // exact JSON text, and what JSON.parse makes of it
  | { huge: number; alphabet: Alphabet; seed: number } // a string of `huge` UTF-16 units
  | { deep: number; of: 'array' | 'object' } // nested `deep` levels: [[[...]]] or {"a":{"a":...}}
  | { bytes: number[] }; // a string literal holding these raw bytes between two letters

// A document node that is not plain JSON: a Value, or an object written with its keys in this order, repeats included.
export class Special {
  constructor(readonly value: Value) {}
}
export class Entries {
  constructor(readonly entries: readonly (readonly [string, unknown])[]) {}
}

export type Style = 'compact' | 'pretty' | 'tabs' | 'spacedColons' | 'crlf' | 'bom';

const ALPHABETS: Record<Alphabet, readonly string[]> = {
  ascii: ['a', 'b', 'Z', '0', ' ', '-', '_', '.'],
  latin: ['é', 'ß', 'Ω', 'ж', '中', '\uFFFD', '\u00A0'],
  astral: ['🔥', '𝕏', '😀', '𠀋'],
  // Written as \u0000 (6 bytes each): the escape that grows the most on the wire.
  nul: ['\u0000'],
  escapes: ['"', '\\', '\n', '\t', '\u0001', '\u001F', '\u2028', '\u2029', '\u007F'],
  surrogates: ['\uD800', '\uDBFF', '\uDC00', '\uDFFF'],
  mixed: ['a', 'é', '🔥', '\u0000', '"', '\uD800', '\u202E', '\uFEFF', '\uFFFF', ' '],
};

// Deterministic: the same descriptor always gives the same text (mulberry32).
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hugeCache = new Map<string, string>();

export function hugeString(length: number, alphabet: Alphabet, seed: number): string {
  const key = `${length}:${alphabet}:${seed}`;
  const cached = hugeCache.get(key);
  if (cached !== undefined) return cached;
  const letters = ALPHABETS[alphabet];
  const next = prng(seed);
  const parts: string[] = [];
  let units = 0;
  while (units < length) {
    const letter = letters[Math.floor(next() * letters.length)];
    // An astral letter is two units: never let it overshoot the length asked for.
    const piece = units + letter.length > length ? 'a' : letter;
    parts.push(piece);
    units += piece.length;
  }
  const text = parts.join('');
  if (hugeCache.size > 64) hugeCache.clear();
  hugeCache.set(key, text);
  return text;
}

const encoder = new TextEncoder();

function rawText(value: Value): string | Uint8Array {
  if ('json' in value) return JSON.stringify(value.json);
  if ('raw' in value) return value.raw;
  if ('huge' in value) return JSON.stringify(hugeString(value.huge, value.alphabet, value.seed));
  if ('deep' in value) return value.of === 'array' ? '['.repeat(value.deep) + ']'.repeat(value.deep) : '{"a":'.repeat(value.deep) + '1' + '}'.repeat(value.deep);
  return concat([encoder.encode('"a'), Uint8Array.from(value.bytes), encoder.encode('b"')]);
}

// What JSON.parse gives for the value (after the server's lenient UTF-8 decoding). Nesting stands in as its
// first level (an array holding an array, an object holding an object): no oracle looks deeper.
export function parsedValue(value: Value): unknown {
  if ('json' in value) return value.json;
  if ('raw' in value) return value.parsed;
  if ('huge' in value) return hugeString(value.huge, value.alphabet, value.seed);
  if ('deep' in value) {
    if (value.of === 'array') return value.deep > 1 ? [[]] : [];
    return { a: value.deep > 1 ? {} : 1 };
  }
  return JSON.parse(new TextDecoder('utf-8').decode(rawText(value) as Uint8Array));
}

type Chunk = string | Uint8Array;

const LAYOUT: Record<Style, { indent: string; newline: string; colon: string }> = {
  compact: { indent: '', newline: '', colon: ':' },
  pretty: { indent: '  ', newline: '\n', colon: ': ' },
  tabs: { indent: '\t', newline: '\n', colon: ': ' },
  // As Microsoft's own samples are written.
  spacedColons: { indent: '    ', newline: '\n', colon: ' : ' },
  crlf: { indent: '  ', newline: '\r\n', colon: ': ' },
  bom: { indent: '', newline: '', colon: ':' },
};

// The document as the bytes on the wire.
export function renderDocument(document: unknown, style: Style): Uint8Array {
  const chunks: Chunk[] = style === 'bom' ? [Uint8Array.of(0xef, 0xbb, 0xbf)] : [];
  write(document, LAYOUT[style], 0, chunks);
  return concat(chunks.map((chunk) => (typeof chunk === 'string' ? encoder.encode(chunk) : chunk)));
}

function write(node: unknown, layout: (typeof LAYOUT)[Style], depth: number, out: Chunk[]): void {
  if (node instanceof Special) {
    out.push(rawText(node.value));
    return;
  }
  const entries =
    node instanceof Entries ? node.entries : typeof node === 'object' && node !== null && !Array.isArray(node) ? Object.entries(node) : null;
  const items = Array.isArray(node) ? node : null;
  if (!entries && !items) {
    out.push(JSON.stringify(node) ?? 'null');
    return;
  }
  const [open, close] = items ? ['[', ']'] : ['{', '}'];
  const members = items ?? entries!;
  if (members.length === 0) {
    out.push(open + close);
    return;
  }
  const inner = layout.newline + layout.indent.repeat(depth + 1);
  out.push(open);
  members.forEach((member, index) => {
    out.push((index ? ',' : '') + inner);
    if (items) {
      write(member, layout, depth + 1, out);
    } else {
      const [key, value] = member as readonly [string, unknown];
      out.push(JSON.stringify(key) + layout.colon);
      write(value, layout, depth + 1, out);
    }
  });
  out.push(layout.newline + layout.indent.repeat(depth) + close);
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const total = parts.reduce((sum, part) => sum + part.byteLength, 0);
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  return bytes;
}

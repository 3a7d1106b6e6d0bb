import { createHmac, timingSafeEqual } from 'node:crypto';

// Optional request signing for POST /api/incidents, per API key:
//   X-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">
// keyed with the key's signing secret (its UTF-8 bytes). Several v1 values are allowed (a sender rotating
// secrets signs with both); one matching is enough. The signed bytes are the body as received, before
// any decoding, so a BOM or re-encoding cannot make two bodies share a signature.

export const SIGNATURE_HEADER = 'x-signature';
// Either side of our clock: covers clock skew and retries, and bounds how long a seen signature is kept.
export const SIGNATURE_TOLERANCE_SECONDS = 5 * 60;
// A header longer than this is not a sender's: refuse before parsing attacker-sized input.
const MAX_HEADER_LENGTH = 1024;
const HEX_SHA256 = /^[0-9a-f]{64}$/;

export type ParsedSignature = { timestamp: number; signatures: string[] };

// Strict: exactly one t (decimal seconds), at least one v1 of 64 lower- or upper-case hex digits; other
// schemes (v0, v2…) are ignored so a sender can add one later. Anything else is malformed.
export function parseSignatureHeader(header: string | null): ParsedSignature | null {
  if (!header || header.length > MAX_HEADER_LENGTH) return null;
  let timestamp: number | null = null;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const separator = part.indexOf('=');
    if (separator <= 0) return null;
    const name = part.slice(0, separator).trim();
    const value = part.slice(separator + 1).trim();
    if (name === 't') {
      if (timestamp !== null || !/^\d{1,12}$/.test(value)) return null;
      timestamp = Number(value);
    } else if (name === 'v1') {
      if (!HEX_SHA256.test(value.toLowerCase())) return null;
      signatures.push(value.toLowerCase());
    }
  }
  if (timestamp === null || signatures.length === 0) return null;
  return { timestamp, signatures };
}

export function computeSignature(secret: string, timestamp: number, body: Uint8Array): string {
  return createHmac('sha256', secret).update(`${timestamp}.`, 'utf8').update(body).digest('hex');
}

export type SignatureCheck = { ok: true; signature: string; expiresAt: Date } | { ok: false };

// `signature` is the v1 that matched (what a replay would present again); `expiresAt` is when it stops being
// acceptable anyway, so a record of it can be dropped then.
export function verifySignature(input: { header: string | null; body: Uint8Array; secret: string; now: Date }): SignatureCheck {
  const parsed = parseSignatureHeader(input.header);
  if (!parsed) return { ok: false };
  const nowSeconds = Math.floor(input.now.getTime() / 1000);
  if (Math.abs(nowSeconds - parsed.timestamp) > SIGNATURE_TOLERANCE_SECONDS) return { ok: false };
  const expected = Buffer.from(computeSignature(input.secret, parsed.timestamp, input.body), 'hex');
  // Every candidate is compared, matched or not, so the time taken does not tell which one matched.
  let matched: string | null = null;
  for (const candidate of parsed.signatures) {
    if (timingSafeEqual(expected, Buffer.from(candidate, 'hex')) && matched === null) matched = candidate;
  }
  if (matched === null) return { ok: false };
  return { ok: true, signature: matched, expiresAt: new Date((parsed.timestamp + SIGNATURE_TOLERANCE_SECONDS + 1) * 1000) };
}

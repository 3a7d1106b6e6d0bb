// Reads a request body once, refusing to buffer more than `maxBytes`: the declared Content-Length is
// checked before reading, and the bytes are counted while reading (a sender may omit or understate it).

export const MAX_BODY_BYTES = 1024 * 1024;

// `bytes` is the body as received (what a signature covers); `text` its decoding.
export type BodyResult = { ok: true; text: string; bytes: Uint8Array } | { ok: false; reason: 'tooLarge' | 'unreadable' };

export async function readBoundedBody(request: Request, maxBytes = MAX_BODY_BYTES): Promise<BodyResult> {
  const declared = request.headers.get('content-length');
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > maxBytes) {
    return { ok: false, reason: 'tooLarge' };
  }
  if (!request.body) return { ok: true, text: '', bytes: new Uint8Array(0) };

  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined);
        return { ok: false, reason: 'tooLarge' };
      }
      chunks.push(value);
    }
  } catch {
    // The sender went away mid-body.
    return { ok: false, reason: 'unreadable' };
  }
  // Not fatal on bad UTF-8: a stray Latin-1 byte becomes U+FFFD, as in Microsoft's own samples, rather
  // than losing the incident. A leading BOM is dropped.
  const bytes = Buffer.concat(chunks);
  return { ok: true, text: new TextDecoder('utf-8').decode(bytes), bytes };
}

// application/json, or any application/*+json, with or without parameters (charset=utf-8).
export function isJsonContentType(header: string | null): boolean {
  const mediaType = header?.split(';')[0].trim().toLowerCase() ?? '';
  return mediaType === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(mediaType);
}

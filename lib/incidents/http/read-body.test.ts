import { describe, expect, it } from 'vitest';
import { isJsonContentType, readBoundedBody } from '@/lib/incidents/http/read-body';

function streamed(chunks: Uint8Array[], headers: Record<string, string> = {}) {
  let pulled = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled < chunks.length) controller.enqueue(chunks[pulled++]);
      else controller.close();
    },
  }, { highWaterMark: 0 }); // pulled only when read, so the test sees what was read
  const request = new Request('http://localhost/api/incidents', { method: 'POST', body, headers, duplex: 'half' } as RequestInit);
  return { request, pulled: () => pulled };
}

describe('readBoundedBody', () => {
  it('refuses a declared Content-Length above the limit without reading', async () => {
    const { request, pulled } = streamed([new Uint8Array(10)], { 'content-length': '2000' });
    expect(await readBoundedBody(request, 1000)).toEqual({ ok: false, reason: 'tooLarge' });
    expect(pulled()).toBe(0);
  });

  it('counts while reading when the length is not declared, and stops early', async () => {
    const chunk = new Uint8Array(400);
    const { request, pulled } = streamed([chunk, chunk, chunk, chunk, chunk]);
    expect(await readBoundedBody(request, 1000)).toEqual({ ok: false, reason: 'tooLarge' });
    expect(pulled()).toBeLessThan(5);
  });

  it('returns the text of a body within the limit, decoding UTF-8 and dropping a BOM', async () => {
    const bytes = new TextEncoder().encode('\uFEFF{"a":"organization\uFFFDs"}');
    const { request } = streamed([bytes.slice(0, 5), bytes.slice(5)]);
    const result = await readBoundedBody(request, 1000);
    expect(result).toMatchObject({ ok: true, text: '{"a":"organization\uFFFDs"}' });
    // The raw bytes, BOM included, are kept for signature checks.
    expect(result.ok && Buffer.from(result.bytes).equals(Buffer.from(bytes))).toBe(true);
  });
});

describe('isJsonContentType', () => {
  it('accepts JSON media types with parameters, nothing else', () => {
    expect(isJsonContentType('application/json')).toBe(true);
    expect(isJsonContentType('Application/JSON; charset=utf-8')).toBe(true);
    expect(isJsonContentType('application/merge-patch+json')).toBe(true);
    expect(isJsonContentType('text/plain')).toBe(false);
    expect(isJsonContentType('application/x-www-form-urlencoded')).toBe(false);
    expect(isJsonContentType(null)).toBe(false);
  });
});

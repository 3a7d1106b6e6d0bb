import { afterEach, describe, expect, it, vi } from 'vitest';

const request = vi.hoisted(() => ({ headers: null as Headers | null }));
vi.mock('next/headers', () => ({
  headers: async () => {
    // As Next does outside a request scope.
    if (!request.headers) throw new Error('`headers` was called outside a request scope');
    return request.headers;
  },
}));

const { currentRequestId } = await import('@/lib/observability/request-id');

afterEach(() => {
  request.headers = null;
});

describe('currentRequestId', () => {
  it.each(['5f0c6a3e-1d2b-4c8e-9f7a-0b1c2d3e4f5a', '7b1e0f3c9a2d4e6f8a0b1c2d3e4f5a6b', 'Root=1-67891233-abcdef012345678912345678'])(
    'passes on the id a proxy gave: %s', async (id) => {
      request.headers = new Headers({ 'x-request-id': id });
      expect(await currentRequestId()).toBe(id);
    });

  it.each([['too long', 'a'.repeat(129)], ['markup', '<script>x</script>'], ['quotes', 'a"b'], ['spaces', 'one two'], ['nothing', '']])(
    'ignores an id that is %s (a client may send anything when no proxy sets it)', async (_, id) => {
      request.headers = new Headers({ 'x-request-id': id });
      expect(await currentRequestId()).toBeUndefined();
    });

  it('is undefined without the header, and outside a request', async () => {
    request.headers = new Headers();
    expect(await currentRequestId()).toBeUndefined();
    request.headers = null;
    expect(await currentRequestId()).toBeUndefined();
  });
});

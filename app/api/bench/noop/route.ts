// The ceiling `npm run bench:load` measures ingest against: a POST that reads and discards a JSON body, with
// none of the ingest work. It exists only for the benchmark: without BENCH_NOOP_ROUTE=1 in the server's
// environment (never set in production) it answers 404 like any unknown path.
export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

export async function POST(request: Request): Promise<Response> {
  if (process.env.BENCH_NOOP_ROUTE !== '1') return new Response('Not Found', { status: 404 });
  await request.json().catch(() => undefined);
  return Response.json({ accepted: true }, { status: 202 });
}

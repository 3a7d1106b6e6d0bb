import { nativeAlert, nativeIncident } from '@/lib/incidents/fixtures/world';

// A webhook sender as a well-behaved integration is one: it keeps each incident until it got a 2xx for it, and
// sends the very same request again after a 503 (waiting as Retry-After says, capped so a short drill stays
// short), a 5xx, or no answer at all (the process died, the connection dropped). Every answer is tallied.

export type Answer = { at: number; status: number | 'no answer'; retryAfter: string | null };

export type IngestTally = {
  answers: Answer[];
  // External ids of the incidents whose request got a 2xx: these must never be lost.
  accepted: Set<string>;
};

export const createIngestTally = (): IngestTally => ({ answers: [], accepted: new Set() });

export function ingestFigures(tally: IngestTally) {
  const statuses = tally.answers.map((a) => a.status);
  const count = (test: (status: number | 'no answer') => boolean) => statuses.filter(test).length;
  return {
    requests: statuses.length,
    ok2xx: count((s) => typeof s === 'number' && s >= 200 && s < 300),
    unavailable503: count((s) => s === 503),
    other5xx: count((s) => typeof s === 'number' && s >= 500 && s !== 503),
    noAnswer: count((s) => s === 'no answer'),
    // Anything else (a 4xx) means the drill itself sent something wrong.
    other: count((s) => typeof s === 'number' && (s < 200 || (s >= 300 && s < 500))),
    without503RetryAfter: tally.answers.filter((a) => a.status === 503 && !a.retryAfter).length,
  };
}

export type SendOptions = {
  url: string;
  apiKey: string;
  tally: IngestTally;
  // Longest wait between two tries of one request, whatever Retry-After says.
  retryCapMs?: number;
  // Give up on a request (the drill fails) after this long.
  giveUpAfterMs?: number;
};

// `alerts` alerts per incident, `perRequest` incidents per request, `concurrency` requests in flight.
export async function sendIncidents(
  ids: string[],
  options: SendOptions & { concurrency: number; perRequest?: number; alerts?: number },
): Promise<void> {
  const perRequest = options.perRequest ?? 1;
  const chunks: string[][] = [];
  for (let i = 0; i < ids.length; i += perRequest) chunks.push(ids.slice(i, i + perRequest));
  let next = 0;
  const lane = async () => {
    while (next < chunks.length) {
      const chunk = chunks[next++];
      const body = JSON.stringify({
        incidents: chunk.map((id) => nativeIncident(id, Array.from({ length: options.alerts ?? 2 }, (_, a) => nativeAlert(`${id}-alert-${a}`)))),
      });
      await postUntilAccepted(body, options);
      chunk.forEach((id) => options.tally.accepted.add(id));
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, lane));
}

async function postUntilAccepted(body: string, options: SendOptions): Promise<void> {
  const { tally, retryCapMs = 1_000, giveUpAfterMs = 120_000 } = options;
  const deadline = Date.now() + giveUpAfterMs;
  for (;;) {
    let answer: Answer;
    let text = '';
    try {
      const response = await fetch(`${options.url}/api/incidents`, {
        method: 'POST',
        headers: { authorization: `Bearer ${options.apiKey}`, 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(20_000),
      });
      text = await response.text();
      answer = { at: Date.now(), status: response.status, retryAfter: response.headers.get('retry-after') };
    } catch {
      answer = { at: Date.now(), status: 'no answer', retryAfter: null };
    }
    tally.answers.push(answer);
    if (typeof answer.status === 'number' && answer.status >= 400 && answer.status < 500) {
      throw new Error(`POST /api/incidents answered ${answer.status}: ${text}`);
    }
    if (typeof answer.status === 'number' && answer.status < 300) return;
    if (Date.now() > deadline) throw new Error(`an incident request got no 2xx within ${giveUpAfterMs} ms (last: ${answer.status})`);
    const asked = answer.retryAfter ? Number(answer.retryAfter) * 1000 : NaN;
    const wait = Number.isFinite(asked) ? Math.min(asked, retryCapMs) : answer.status === 'no answer' ? 200 : 500;
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

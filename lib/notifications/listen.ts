import pg from 'pg';
import { DELIVERIES_DUE_CHANNEL } from '@/lib/notifications/channel';
import { errorFields, log } from '@/lib/observability/logger';

// LISTEN needs a connection of its own that stays open (Prisma's pool cannot hold one). It only speeds
// things up: the dispatcher also polls, so a lost connection costs latency, never an email.

export function listenForDueDeliveries(databaseUrl: string, onNotify: () => void, signal: AbortSignal): Promise<void> {
  let client: pg.Client | null = null;
  let retryTimer: NodeJS.Timeout | undefined;

  const connect = async () => {
    if (signal.aborted) return;
    const current = new pg.Client({ connectionString: databaseUrl });
    client = current;
    const reconnect = () => {
      if (client !== current || signal.aborted) return;
      client = null;
      current.end().catch(() => undefined);
      retryTimer = setTimeout(() => void connect(), 2000);
    };
    current.on('notification', onNotify);
    current.on('error', reconnect);
    current.on('end', reconnect);
    try {
      await current.connect();
      await current.query(`LISTEN ${DELIVERIES_DUE_CHANNEL}`);
      // Whatever was notified while we were not listening is found by this wake-up.
      onNotify();
    } catch (error) {
      log().warn({ channel: DELIVERIES_DUE_CHANNEL, ...errorFields(error) }, 'LISTEN failed, polling only for now');
      reconnect();
    }
  };

  return new Promise((resolve) => {
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(retryTimer);
        const last = client;
        client = null;
        (last ? last.end().catch(() => undefined) : Promise.resolve()).then(() => resolve());
      },
      { once: true },
    );
    void connect();
  });
}

import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

// The bearer key of the local mail sink: generated once into DATA_DIR, read by both the sink's route
// handlers and the dispatcher (which may run in another process, `npm run worker`), so only processes of
// this installation can post to the sink.

const cache = new Map<string, Promise<string>>();

// Whether this installation keeps its outgoing email in the local sink instead of sending it: it does
// without RESEND_API_KEY (lib/notifications/config.ts then points the transport here).
export function mailSinkInUse(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  return !env.RESEND_API_KEY?.trim();
}

export function mailSinkKeyFile(dataDir: string | undefined): string {
  // A runtime folder, not a source file: the ignore keeps Next's output tracing from taking in the project.
  return path.join(path.resolve(/*turbopackIgnore: true*/ dataDir || '.data'), 'mail-sink-key');
}

export function mailSinkKey(dataDir: string | undefined = process.env.DATA_DIR): Promise<string> {
  const file = mailSinkKeyFile(dataDir);
  let key = cache.get(file);
  if (!key) {
    key = readOrCreate(file);
    cache.set(file, key);
    // A failure (unwritable folder) must not be remembered: the next call tries again.
    key.catch(() => cache.delete(file));
  }
  return key;
}

async function readOrCreate(file: string): Promise<string> {
  const existing = await readKey(file);
  if (existing) return existing;
  await mkdir(path.dirname(file), { recursive: true });
  const key = `sink_${randomBytes(32).toString('base64url')}`;
  try {
    // 'wx': when the app and a worker start together, exactly one key wins and both use it.
    await writeFile(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const winner = await readKey(file);
    if (!winner) throw new Error(`${file} exists but is empty: delete it and restart.`);
    return winner;
  }
}

async function readKey(file: string): Promise<string | null> {
  try {
    return (await readFile(file, 'utf8')).trim() || null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

import { createHash } from 'node:crypto';
import type { RenderedEmail } from '@/emails/types';
import type { Renderer } from '@/lib/notifications/compose';
import { appMetrics } from '@/lib/observability/metrics';

// Renders each distinct email once per process, whatever the number of recipients and requests it is
// spread over: 500 recipients of one event in five requests cost one render per (language, options).
// Keyed by the props themselves rather than by event id, so a changed incident or tenant name can never
// be served from a stale entry. Bounded, oldest entry out first.

export function cachedRenderer(renderer: Renderer, maxEntries = 256): Renderer {
  const entries = new Map<string, Promise<RenderedEmail>>();
  const once = (kind: string, props: object, render: () => Promise<RenderedEmail>) => {
    const key = createHash('sha256').update(kind).update(JSON.stringify(props)).digest('base64url');
    const hit = entries.get(key);
    if (hit) {
      // Refresh its place: recently used entries stay.
      entries.delete(key);
      entries.set(key, hit);
      return hit;
    }
    appMetrics().renders.inc();
    const rendered = render();
    entries.set(key, rendered);
    // A failed render is not remembered: the retry renders again.
    rendered.catch(() => entries.delete(key));
    while (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
    return rendered;
  };
  return {
    incident: (props) => once('incident', props, () => renderer.incident(props)),
    test: (props) => once('test', props, () => renderer.test(props)),
    digest: (props) => once('digest', props, () => renderer.digest(props)),
  };
}

import { NAV_LINKS } from '@/components/app-shell/nav-links';

export function mailSinkHref(before?: string | null): string {
  return before ? `${NAV_LINKS.mailSink}?before=${encodeURIComponent(before)}` : NAV_LINKS.mailSink;
}

export function sinkEmailHref(id: string): string {
  return `${NAV_LINKS.mailSink}/${encodeURIComponent(id)}`;
}

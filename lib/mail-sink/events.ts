import type { SinkEmailInput } from '@/lib/mail-sink/store';
import { applyProviderEvent } from '@/lib/notifications/provider-events';

// The local sink reports what Resend would: each email is delivered at once, except to addresses matching
// MAIL_SINK_BOUNCE_ADDRESSES (comma-separated, `*` any characters; default `*@bounce.test`), which bounce
// hard. The events go through the same code as Resend's signed webhooks, so a fresh install shows the
// delivery log's provider statuses and the flags on rules.

const DEFAULT_BOUNCE_ADDRESSES = '*@bounce.test';

export function bouncePatterns(setting = process.env.MAIL_SINK_BOUNCE_ADDRESSES ?? DEFAULT_BOUNCE_ADDRESSES): RegExp[] {
  return setting
    .split(',')
    .map((pattern) => pattern.trim().toLowerCase())
    .filter((pattern) => pattern !== '')
    .map((pattern) => new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export async function emitSinkEvents(emails: readonly SinkEmailInput[], ids: readonly string[], patterns = bouncePatterns()) {
  const occurredAt = new Date();
  for (const [index, email] of emails.entries()) {
    const tags = Object.fromEntries(email.tags.map(({ name, value }) => [name, value]));
    const bounces = email.to.some((address) => patterns.some((pattern) => pattern.test(address.toLowerCase())));
    const id = ids[index]!;
    await applyProviderEvent({
      // One event per stored email: a replayed request (same idempotency key, same ids) adds nothing.
      id: `sink_${id}`,
      type: bounces ? 'email.bounced' : 'email.delivered',
      occurredAt,
      emailId: id,
      tags,
      to: email.to,
      bounce: bounces
        ? { type: 'Permanent', subType: 'General', message: 'The local mail sink bounces this address (MAIL_SINK_BOUNCE_ADDRESSES).' }
        : null,
    });
  }
}

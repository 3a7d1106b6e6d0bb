import { renderDigestEmail, renderIncidentEmail, renderTestEmail } from '@/emails/render';
import type { DigestEmailProps, IncidentEmailProps, RenderedEmail, TestEmailProps } from '@/emails/types';
import { buildDigestEmailProps } from '@/lib/notifications/digest-props';
import type { ClaimedDelivery } from '@/lib/notifications/claim';
import { loadGroupContext, type GroupContext } from '@/lib/notifications/email-context';
import {
  buildIncidentEmailProps,
  buildSampleIncidentEmailProps,
  buildTestEmailProps,
  coalescedContext,
  type EmailOptions,
  type EmailScope,
  type EventContext,
  type TestEmailContext,
} from '@/lib/notifications/email-props';
import type { OutgoingEmail } from '@/lib/notifications/transport';

// Turns a claimed group into the emails of one provider request. The content depends on the event and
// the recipient's language and options, never on the recipient, so `renderer` is expected to be the
// cached one (render-cache.ts) that renders each distinct combination once.

export type Renderer = {
  incident(props: IncidentEmailProps): Promise<RenderedEmail>;
  test(props: TestEmailProps): Promise<RenderedEmail>;
  digest(props: DigestEmailProps): Promise<RenderedEmail>;
};

export const templateRenderer: Renderer = { incident: renderIncidentEmail, test: renderTestEmail, digest: renderDigestEmail };

export type ComposeSettings = { from: string; timeZone: string; renderer: Renderer };
export type RenderSettings = Pick<ComposeSettings, 'timeZone' | 'renderer'>;

// One recipient's incident email: what their delivery may show (`scope`, decided by lib/rules/match.ts) of
// the event, in their language and with their rules' options. The email preview renders through this too,
// so it shows what the dispatcher will send.
export function renderIncidentEmailFor(
  event: EventContext,
  scope: EmailScope,
  options: EmailOptions,
  settings: RenderSettings,
): Promise<RenderedEmail> {
  return settings.renderer.incident(buildIncidentEmailProps(event, scope, options, settings.timeZone));
}

// The built-in sample incident as a rule with these options would send it (the preview before any real incident).
export function renderSampleIncidentEmail(
  tenant: TestEmailContext['tenant'],
  options: EmailOptions,
  settings: RenderSettings,
): Promise<RenderedEmail> {
  return settings.renderer.incident(buildSampleIncidentEmailProps(tenant, options, settings.timeZone));
}

export async function composeEmails(deliveries: readonly ClaimedDelivery[], settings: ComposeSettings): Promise<OutgoingEmail[]> {
  return renderEmails(deliveries, await loadGroupContext(deliveries), settings);
}

// The rendering half alone: the dispatcher loads the context itself, because a database failure while
// loading sent nothing (the attempt is given back), whereas a failing render would fail every time.
export async function renderEmails(
  deliveries: readonly ClaimedDelivery[],
  context: GroupContext,
  settings: ComposeSettings,
): Promise<OutgoingEmail[]> {
  // One at a time, yielding between them: rendering a group of 100 takes a while, and another lane's
  // request that has just got its rate slot must leave at once, not after this render, or two requests
  // arrive closer together than the rate allows.
  const emails: OutgoingEmail[] = [];
  for (const delivery of deliveries) {
    emails.push(await renderOne(delivery, context, settings));
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return emails;
}

const CATEGORY: Record<ClaimedDelivery['kind'], string> = {
  incident: 'incident_notification',
  digest: 'digest_notification',
  test: 'test_notification',
};

async function renderOne(delivery: ClaimedDelivery, context: GroupContext, settings: ComposeSettings): Promise<OutgoingEmail> {
  const options: EmailOptions = {
    language: delivery.language,
    includeOrganizationName: delivery.includeOrganizationName,
    includeTenantPortalLink: delivery.includeTenantPortalLink,
  };
  let email: RenderedEmail;
  if (delivery.kind === 'test') {
    const test = context.tests.get(delivery.id);
    if (!test) throw new Error(`test delivery ${delivery.id} is gone`);
    email = await settings.renderer.test(buildTestEmailProps(test, options, settings.timeZone));
  } else if (delivery.kind === 'digest') {
    const digest = context.digests?.get(delivery.id);
    if (!digest) throw new Error(`digest delivery ${delivery.id} is gone`);
    email = await settings.renderer.digest(buildDigestEmailProps(digest, options, settings.timeZone));
  } else {
    const event = delivery.eventId ? context.events.get(delivery.eventId) : undefined;
    if (!event) throw new Error(`delivery ${delivery.id} has no incident event`);
    const window = context.windows.get(delivery.id);
    email = await renderIncidentEmailFor(window ? coalescedContext(event, window) : event, delivery, options, settings);
  }
  return {
    from: settings.from,
    to: delivery.recipientEmail,
    subject: email.subject,
    html: email.html,
    text: email.text,
    // Resend allows only ASCII letters, digits, `_` and `-` in tags: a uuid and a fixed word qualify.
    tags: [
      { name: 'category', value: CATEGORY[delivery.kind] },
      { name: 'delivery_id', value: delivery.id },
    ],
  };
}

import { randomBytes, randomUUID } from 'node:crypto';
import { Webhook } from 'svix';
import { describe, expect, it } from 'vitest';
import { db } from '@/lib/db/client';
import { listDeliveries } from '@/lib/data/deliveries';
import { listRules } from '@/lib/data/rules';
import { undeliverableRecipientAddresses } from '@/lib/data/undeliverable-addresses';
import { emitSinkEvents } from '@/lib/mail-sink/events';
import { handleProviderWebhook } from '@/lib/notifications/provider-webhook-http';
import { basicContext, createTenant } from '@/lib/test/fixtures';

// POST /api/resend/webhook: Svix-signed Resend events move a sent delivery to delivered / bounced / ...;
// forged, stale and replayed events change nothing; events out of order never move a delivery back.

const SECRET = `whsec_${randomBytes(24).toString('base64')}`;
const signer = new Webhook(SECRET);

type World = Awaited<ReturnType<typeof createTenant>>;

async function sentDelivery(world: World, email = `r-${randomUUID()}@contoso.com`) {
  const providerMessageId = randomUUID();
  const row = await db().delivery.create({
    data: {
      tenantId: world.tenant.id,
      kind: 'incident',
      recipientEmail: email,
      language: 'en',
      includeOrganizationName: false,
      includeTenantPortalLink: false,
      status: 'sent',
      providerMessageId,
      sentAt: new Date(),
    },
  });
  return { id: row.id, email, providerMessageId };
}

function event(type: string, delivery: { id: string; email: string; providerMessageId: string }, createdAt: Date, data: object = {}) {
  return {
    type,
    created_at: createdAt.toISOString(),
    data: {
      email_id: delivery.providerMessageId,
      created_at: createdAt.toISOString(),
      from: 'alerts@contoso.com',
      to: [delivery.email],
      subject: 'Incident',
      tags: { delivery_id: delivery.id },
      ...data,
    },
  };
}

function signedRequest(body: object, options: { id?: string; timestamp?: Date; secretSigner?: Webhook; tamper?: boolean } = {}) {
  const id = options.id ?? `msg_${randomUUID()}`;
  const timestamp = options.timestamp ?? new Date();
  const raw = JSON.stringify(body);
  const signature = (options.secretSigner ?? signer).sign(id, timestamp, raw);
  return new Request('http://127.0.0.1/api/resend/webhook', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'svix-id': id,
      'svix-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
      'svix-signature': signature,
    },
    body: options.tamper ? raw.replace('delivered', 'bounced') : raw,
  });
}

async function post(request: Request) {
  const response = await handleProviderWebhook(request, SECRET);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function providerState(id: string) {
  return db().delivery.findUniqueOrThrow({ where: { id }, select: { providerStatus: true, providerReason: true, status: true } });
}

describe('signature', () => {
  it('applies a signed event and shows it in the delivery log', async () => {
    const world = await createTenant();
    const delivery = await sentDelivery(world);
    const answer = await post(signedRequest(event('email.delivered', delivery, new Date())));
    expect(answer).toEqual({ status: 200, body: { status: 'applied' } });
    expect(await providerState(delivery.id)).toMatchObject({ providerStatus: 'delivered', status: 'sent' });
    const log = await listDeliveries(basicContext(world.tenant.id, world.users.GLOBAL_ADMINISTRATOR), {});
    expect(log.entries.find((entry) => entry.id === delivery.id)?.provider).toMatchObject({ status: 'delivered', reason: null });
  });

  it('refuses a forged, tampered, unsigned or stale event and changes nothing', async () => {
    const world = await createTenant();
    const delivery = await sentDelivery(world);
    const body = event('email.delivered', delivery, new Date());
    const forged = new Webhook(`whsec_${randomBytes(24).toString('base64')}`);
    const stale = new Date(Date.now() - 6 * 60 * 1000);
    const unsigned = new Request('http://127.0.0.1/api/resend/webhook', { method: 'POST', body: JSON.stringify(body) });
    for (const request of [
      signedRequest(body, { secretSigner: forged }),
      signedRequest(body, { tamper: true }),
      signedRequest(body, { timestamp: stale }),
      signedRequest(body, { timestamp: new Date(Date.now() + 6 * 60 * 1000) }),
      unsigned,
    ]) {
      const answer = await post(request);
      expect(answer.status).toBe(401);
      expect(answer.body.error).toBe('invalidSignature');
    }
    expect(await providerState(delivery.id)).toMatchObject({ providerStatus: null });
  });

  it('answers 503 with what to set when no secret is configured', async () => {
    const response = await handleProviderWebhook(signedRequest({}), '');
    expect(response.status).toBe(503);
    expect(((await response.json()) as { message: string }).message).toContain('RESEND_WEBHOOK_SECRET');
  });

  it('names the invalid field of a signed but malformed event', async () => {
    const answer = await post(signedRequest({ type: 'email.delivered', created_at: 'yesterday', data: {} }));
    expect(answer.status).toBe(422);
    expect(answer.body.invalidFields).toEqual([expect.objectContaining({ path: 'created_at' })]);
  });
});

describe('replays and order', () => {
  it('applies a redelivered event (same svix-id) once', async () => {
    const world = await createTenant();
    const delivery = await sentDelivery(world);
    const body = event('email.bounced', delivery, new Date(), { bounce: { type: 'Transient', subType: 'MailboxFull', message: 'Mailbox full' } });
    expect((await post(signedRequest(body, { id: 'msg_replayed_' + delivery.id }))).body.status).toBe('applied');
    // A newer event in between, then the old one again: the replay must not win.
    expect((await post(signedRequest(event('email.delivered', delivery, new Date(Date.now() + 1000))))).body.status).toBe('applied');
    expect((await post(signedRequest(body, { id: 'msg_replayed_' + delivery.id }))).body.status).toBe('duplicate');
    expect(await providerState(delivery.id)).toMatchObject({ providerStatus: 'delivered' });
  });

  it('keeps the newest status when events arrive out of order', async () => {
    const world = await createTenant();
    const delivery = await sentDelivery(world);
    const t0 = Date.now() - 60_000;
    const bounced = event('email.bounced', delivery, new Date(t0 + 2000), {
      bounce: { type: 'Permanent', subType: 'General', message: '550 5.1.1 User unknown' },
    });
    await post(signedRequest(bounced));
    // Sent and delayed happened before the bounce; they arrive after it.
    expect((await post(signedRequest(event('email.delivery_delayed', delivery, new Date(t0 + 1000))))).body.status).toBe('older');
    expect((await post(signedRequest(event('email.sent', delivery, new Date(t0))))).body.status).toBe('ignored');
    expect(await providerState(delivery.id)).toEqual({
      providerStatus: 'bounced',
      providerReason: 'Permanent / General: 550 5.1.1 User unknown',
      status: 'sent',
    });
  });

  it('ignores an event whose tag names another email’s delivery', async () => {
    const world = await createTenant();
    const delivery = await sentDelivery(world);
    const body = event('email.delivered', { ...delivery, providerMessageId: randomUUID() }, new Date());
    expect((await post(signedRequest(body))).body.status).toBe('unknownDelivery');
    expect(await providerState(delivery.id)).toMatchObject({ providerStatus: null });
  });
});

describe('undeliverable addresses', () => {
  async function ruleListing(world: World, email: string) {
    await db().notificationRule.create({
      data: {
        tenantId: world.tenant.id,
        name: `Rule ${randomUUID().slice(0, 6)}`,
        severities: ['high'],
        allDeviceGroups: true,
        recipients: { create: [{ tenantId: world.tenant.id, email, language: 'en' }] },
      },
    });
  }

  it('flags a hard-bounced recipient on its rules and for administrators, until an email is delivered again', async () => {
    const world = await createTenant();
    const other = await createTenant();
    const email = `gone-${randomUUID()}@contoso.com`;
    await ruleListing(world, email);
    await ruleListing(other, email);
    const ctx = basicContext(world.tenant.id, world.users.GLOBAL_ADMINISTRATOR);
    const first = await sentDelivery(world, email);
    await post(signedRequest(event('email.bounced', first, new Date(Date.now() - 1000), { bounce: { type: 'Permanent', message: 'User unknown' } })));

    const [rule] = await listRules(ctx);
    expect(rule!.undeliverableRecipients).toEqual([expect.objectContaining({ email, status: 'bounced' })]);
    expect(await undeliverableRecipientAddresses(ctx)).toEqual([email]);
    // Another tenant listing the same address hears nothing of this tenant's bounce.
    expect(await undeliverableRecipientAddresses(basicContext(other.tenant.id, other.users.GLOBAL_ADMINISTRATOR))).toEqual([]);

    const second = await sentDelivery(world, email);
    await post(signedRequest(event('email.delivered', second, new Date())));
    expect(await undeliverableRecipientAddresses(ctx)).toEqual([]);
  });

  it('does not flag an address for a soft bounce or a delay', async () => {
    const world = await createTenant();
    const email = `busy-${randomUUID()}@contoso.com`;
    await ruleListing(world, email);
    const delivery = await sentDelivery(world, email);
    await post(signedRequest(event('email.bounced', delivery, new Date(), { bounce: { type: 'Transient', message: 'Mailbox full' } })));
    expect(await undeliverableRecipientAddresses(basicContext(world.tenant.id, world.users.GLOBAL_ADMINISTRATOR))).toEqual([]);
  });
});

describe('the local mail sink', () => {
  it('reports delivered at once, and a hard bounce for addresses matching the bounce pattern', async () => {
    const world = await createTenant();
    const kept = await sentDelivery(world, `ok-${randomUUID()}@contoso.com`);
    const bounced = await sentDelivery(world, `x-${randomUUID()}@bounce.test`);
    const email = (to: string, deliveryId: string) => ({
      from: 'alerts@contoso.com',
      to: [to],
      subject: 'Incident',
      html: '<p>x</p>',
      text: null,
      tags: [{ name: 'delivery_id', value: deliveryId }],
      headers: {},
    });
    await emitSinkEvents([email(kept.email, kept.id), email(bounced.email, bounced.id)], [kept.providerMessageId, bounced.providerMessageId]);
    expect(await providerState(kept.id)).toMatchObject({ providerStatus: 'delivered' });
    expect(await providerState(bounced.id)).toMatchObject({ providerStatus: 'bounced' });
    expect((await providerState(bounced.id)).providerReason).toContain('MAIL_SINK_BOUNCE_ADDRESSES');
  });
});

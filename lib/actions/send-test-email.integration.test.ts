import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { db } from '@/lib/db/client';
import { startResendStandIn, type ResendStandIn } from '@/lib/notifications/testing/resend-stand-in';
import { parkOtherDeliveries } from '@/lib/notifications/testing/outbox-fixtures';
import { createTenant } from '@/lib/test/fixtures';
import { signInAs } from '@/lib/test/session';

// The actions as a browser would call them: real users and rules in PostgreSQL, a Resend stand-in on
// loopback in place of the provider. Only the session cookie read is replaced.
vi.mock('@/lib/auth/auth', () => import('@/lib/test/session'));

let standIn: ResendStandIn;
type World = Awaited<ReturnType<typeof createTenant>>;
let own: World;
let other: World;
let ruleId: string;

const { sendRuleTestEmailAction, sendDraftTestEmailAction } = await (async () => {
  standIn = await startResendStandIn({ apiKeys: ['re_test_key'] });
  // The dispatcher reads its provider settings once per process, from the environment.
  process.env.RESEND_API_KEY = 're_test_key';
  process.env.RESEND_BASE_URL = standIn.url;
  return import('@/lib/actions/send-test-email');
})();

beforeAll(async () => {
  own = await createTenant();
  other = await createTenant();
  const rule = await db().notificationRule.create({
    data: {
      tenantId: own.tenant.id,
      name: 'Test me',
      severities: ['high'],
      recipients: {
        create: [
          { tenantId: own.tenant.id, email: 'soc@contoso.com', language: 'en' },
          { tenantId: own.tenant.id, email: 'analist@contoso.nl', language: 'nl' },
        ],
      },
    },
  });
  ruleId = rule.id;
});
afterAll(async () => {
  delete process.env.RESEND_API_KEY;
  delete process.env.RESEND_BASE_URL;
  await standIn.close();
});
beforeEach(async () => {
  await parkOtherDeliveries();
  standIn.accepted.length = 0;
});

const testDeliveries = (world: World) => db().delivery.count({ where: { tenantId: world.tenant.id, kind: 'test' } });

describe('sendRuleTestEmailAction', () => {
  it("sends to the rule's recipients, each in their language, and reports each outcome", async () => {
    signInAs(own.users.SECURITY_ADMINISTRATOR);
    const result = await sendRuleTestEmailAction({ ruleId });
    expect(result).toEqual({
      ok: true,
      data: [
        { email: 'analist@contoso.nl', status: 'sent' },
        { email: 'soc@contoso.com', status: 'sent' },
      ],
    });
    const byRecipient = new Map(standIn.accepted.map((email) => [email.to[0], email]));
    expect(byRecipient.get('analist@contoso.nl')?.subject).toMatch(/^\[Test\]/);
    expect(byRecipient.get('analist@contoso.nl')?.text).toContain('Dit is een testmelding voor regel');
    expect(byRecipient.get('soc@contoso.com')?.text).toContain('This is a test notification for rule');
  });

  it('refuses readers and operators, sending nothing', async () => {
    const before = await testDeliveries(own);
    for (const role of ['SECURITY_READER', 'SECURITY_OPERATOR'] as const) {
      signInAs(own.users[role]);
      expect(await sendRuleTestEmailAction({ ruleId })).toEqual({ ok: false, error: 'forbidden' });
    }
    expect(await testDeliveries(own)).toBe(before);
    expect(standIn.accepted).toEqual([]);
  });

  it("answers not found for another tenant's rule", async () => {
    signInAs(other.users.GLOBAL_ADMINISTRATOR);
    expect(await sendRuleTestEmailAction({ ruleId })).toEqual({ ok: false, error: 'notFound' });
    expect(await testDeliveries(other)).toBe(0);
    expect(standIn.accepted).toEqual([]);
  });
});

describe('sendDraftTestEmailAction', () => {
  it('sends to the recipients in the wizard before the rule exists', async () => {
    signInAs(own.users.GLOBAL_ADMINISTRATOR);
    const result = await sendDraftTestEmailAction({
      ruleName: 'Draft rule',
      recipients: [{ email: 'draft@contoso.com', language: 'en' }],
      options: { includeOrganizationName: true, includeTenantPortalLink: false },
    });
    expect(result).toEqual({ ok: true, data: [{ email: 'draft@contoso.com', status: 'sent' }] });
    expect(standIn.accepted.map((email) => email.to)).toEqual([['draft@contoso.com']]);
  });

  it('refuses malformed or duplicate addresses before anything is queued', async () => {
    signInAs(own.users.GLOBAL_ADMINISTRATOR);
    const before = await testDeliveries(own);
    expect(
      await sendDraftTestEmailAction({
        ruleName: 'Draft rule',
        recipients: [{ email: 'x@contoso.com', language: 'en' }, { email: 'X@contoso.com', language: 'nl' }],
        options: { includeOrganizationName: false, includeTenantPortalLink: false },
      }),
    ).toMatchObject({ ok: false, error: 'invalidInput', fieldErrors: { 'recipients.1.email': 'emailDuplicate' } });
    expect(await testDeliveries(own)).toBe(before);
  });
});

describe('test email limits', () => {
  it('refuses past TEST_EMAIL_LIMIT_PER_USER_HOUR with a message in both languages, queueing nothing', async () => {
    const world = await createTenant();
    signInAs(world.users.SECURITY_ADMINISTRATOR);
    process.env.TEST_EMAIL_LIMIT_PER_USER_HOUR = '3';
    try {
      const many = Array.from({ length: 4 }, (_, i) => ({ email: `relay${i}@elsewhere.example`, language: 'en' as const }));
      const result = await sendDraftTestEmailAction({
        ruleName: 'Draft rule',
        recipients: many,
        options: { includeOrganizationName: false, includeTenantPortalLink: false },
      });
      expect(result).toEqual({ ok: false, error: 'testEmailLimitUser', errorParams: { limit: '3', remaining: '3' }, fieldErrors: undefined });
      expect(await testDeliveries(world)).toBe(0);
      expect(standIn.accepted).toEqual([]);
    } finally {
      delete process.env.TEST_EMAIL_LIMIT_PER_USER_HOUR;
    }
    for (const language of ['en', 'nl']) {
      const { default: errors } = await import(`@/lib/i18n/messages/${language}/errors.json`);
      expect(errors.testEmailLimitUser).toContain('{limit}');
      expect(errors.testEmailLimitTenant).toContain('{remaining}');
    }
  });

  it('refuses past TEST_EMAIL_LIMIT_PER_TENANT_HOUR for every user of the tenant', async () => {
    const world = await createTenant();
    process.env.TEST_EMAIL_LIMIT_PER_TENANT_HOUR = '1';
    try {
      const draft = (email: string) => ({
        ruleName: 'Draft rule',
        recipients: [{ email, language: 'en' as const }],
        options: { includeOrganizationName: false, includeTenantPortalLink: false },
      });
      signInAs(world.users.GLOBAL_ADMINISTRATOR);
      expect(await sendDraftTestEmailAction(draft('one@contoso.com'))).toMatchObject({ ok: true });
      signInAs(world.users.SECURITY_ADMINISTRATOR);
      expect(await sendDraftTestEmailAction(draft('two@contoso.com'))).toMatchObject({ ok: false, error: 'testEmailLimitTenant' });
      expect(await testDeliveries(world)).toBe(1);
    } finally {
      delete process.env.TEST_EMAIL_LIMIT_PER_TENANT_HOUR;
    }
  });
});

import { randomBytes, randomUUID } from 'node:crypto';
import { ensureBootstrapApiKey } from '@/lib/data/api-keys';
import { db } from '@/lib/db/client';
import { addRule, createWorld } from '@/lib/incidents/fixtures/world';

// A tenant of the drill's own in the app's database: one rule that sends every alert to `recipientCount`
// recipients, and an integration key to post incidents with.
export async function seedDrillTenant(recipientCount: number) {
  const world = await createWorld();
  const tag = randomUUID().slice(0, 6);
  const recipients = Array.from({ length: recipientCount }, (_, i) => `drill-${tag}-${i}@contoso.com`);
  await addRule(world.ctx, { name: `Drill ${tag}: everyone, every alert`, recipients: recipients.map((email) => ({ email, language: 'en' as const })) });
  const apiKey = `drill-${randomBytes(16).toString('hex')}`;
  await ensureBootstrapApiKey(db(), world.tenant.id, apiKey);
  return { tenantId: world.tenant.id, recipients, apiKey };
}

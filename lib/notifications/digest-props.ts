import type { DigestCap, DigestEmailProps } from '@/emails/types';
import type { Language } from '@/lib/i18n/languages';
import { incidentLink, portalTenantId, type StoredIncident } from '@/lib/notifications/email-props';
import type { HeldReason } from '@/lib/rules/caps';

// What a digest email says, from its held deliveries as stored. Pure, like email-props.ts: the loader
// (email-context.ts) fetches, this decides.

export type DigestContext = {
  tenant: { name: string; microsoftTenantId: string | null };
  // The held emails it lists (status held at its claim), oldest first.
  items: {
    incident: Pick<StoredIncident, 'externalId' | 'displayName' | 'incidentWebUrl' | 'sourceTenantId'>;
    reason: HeldReason | null;
    heldAt: Date;
    // The held email's own option: its link is the one that email would have had.
    includeTenantPortalLink: boolean;
  }[];
  // Held emails the recipient could no longer see when the digest was claimed.
  leftOutCount: number;
};

export function buildDigestEmailProps(
  ctx: DigestContext,
  options: { language: Language; includeOrganizationName: boolean },
  timeZone: string,
): DigestEmailProps {
  const caps = new Map<string, DigestCap>();
  for (const { reason } of ctx.items) {
    if (!reason) continue;
    const key = [reason.scope, reason.ruleId ?? '', reason.severity, reason.limit, reason.period].join('\n');
    const cap = caps.get(key);
    if (cap) cap.count++;
    else caps.set(key, { scope: reason.scope, ruleName: reason.ruleName ?? null, severity: reason.severity, limit: reason.limit, period: reason.period, count: 1 });
  }
  return {
    locale: options.language,
    timeZone,
    organizationName: options.includeOrganizationName ? ctx.tenant.name : null,
    items: ctx.items.map((item) => ({
      externalId: item.incident.externalId,
      displayName: item.incident.displayName,
      severity: item.reason?.severity ?? '',
      heldAt: item.heldAt.toISOString(),
      url: incidentLink(item.incident, portalTenantId({ tenant: ctx.tenant, incident: item.incident }, { includeTenantPortalLink: item.includeTenantPortalLink })),
    })),
    caps: [...caps.values()],
    leftOutCount: ctx.leftOutCount,
  };
}

import type { DigestCap, DigestEmailProps, DigestItem } from '@/emails/types';
import { cleanText, LIMITS, safeHttpUrl, validDate, validTimeZone } from './sanitize';

// The digest's counterpart of sanitizeEmailProps: incident names come from payloads, rule and organization
// names from portal users; both are bounded and stripped of control and bidi characters. A digest may hold
// hundreds of emails: it lists the first DIGEST_ITEMS and counts the rest.
export const DIGEST_ITEMS = 100;

export type SafeDigestProps = Omit<DigestEmailProps, 'items'> & { items: DigestItem[]; moreItems: number; heldCount: number };

export function sanitizeDigestProps(props: DigestEmailProps): SafeDigestProps {
  return {
    locale: props.locale,
    timeZone: validTimeZone(props.timeZone),
    organizationName: cleanText(props.organizationName, LIMITS.organizationName) || null,
    items: props.items.slice(0, DIGEST_ITEMS).map(cleanItem),
    moreItems: Math.max(0, props.items.length - DIGEST_ITEMS),
    heldCount: props.items.length,
    caps: props.caps.map(cleanCap),
    leftOutCount: Math.max(0, Math.floor(props.leftOutCount)),
  };
}

function cleanItem(item: DigestItem): DigestItem {
  return {
    externalId: cleanText(item.externalId, LIMITS.externalId),
    displayName: cleanText(item.displayName, LIMITS.name),
    severity: cleanText(item.severity, LIMITS.enumValue),
    heldAt: validDate(item.heldAt) ?? new Date(0).toISOString(),
    url: safeHttpUrl(item.url),
  };
}

function cleanCap(cap: DigestCap): DigestCap {
  return { ...cap, ruleName: cleanText(cap.ruleName, LIMITS.ruleName) || null, severity: cleanText(cap.severity, LIMITS.enumValue) };
}

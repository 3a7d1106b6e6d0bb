import { createTranslator } from 'next-intl';
import { DATE_TIME_SECONDS_UTC } from '@/components/date-formats';
import type { DescribeContext, Translate } from '@/lib/audit-log/describe';
import type { Language } from '@/lib/i18n/languages';
import enApiKeys from '@/lib/i18n/messages/en/apiKeys.json';
import enAuditLog from '@/lib/i18n/messages/en/auditLog.json';
import enCommon from '@/lib/i18n/messages/en/common.json';
import enOrganization from '@/lib/i18n/messages/en/organization.json';
import enRoles from '@/lib/i18n/messages/en/roles.json';
import enSources from '@/emails/messages/en/sources.json';
import enUsers from '@/lib/i18n/messages/en/users.json';
import nlApiKeys from '@/lib/i18n/messages/nl/apiKeys.json';
import nlAuditLog from '@/lib/i18n/messages/nl/auditLog.json';
import nlCommon from '@/lib/i18n/messages/nl/common.json';
import nlOrganization from '@/lib/i18n/messages/nl/organization.json';
import nlRoles from '@/lib/i18n/messages/nl/roles.json';
import nlSources from '@/emails/messages/nl/sources.json';
import nlUsers from '@/lib/i18n/messages/nl/users.json';

// The words of audit entries, for the page and the CSV export alike. Built from the portal's own catalogs
// with createTranslator rather than getTranslations, so the export (a route handler) and the tests need no
// Next request; only the namespaces describe.ts reads are loaded.
const MESSAGES = {
  en: { auditLog: enAuditLog, common: enCommon, sources: enSources, users: enUsers, roles: enRoles, organization: enOrganization, apiKeys: enApiKeys },
  nl: { auditLog: nlAuditLog, common: nlCommon, sources: nlSources, users: nlUsers, roles: nlRoles, organization: nlOrganization, apiKeys: nlApiKeys },
};

export function auditLogTranslator(locale: Language): Translate {
  // Keys are composed at run time (`auditLog.actions.${action}`), so the catalog-typed key union is widened.
  return createTranslator({ locale, messages: MESSAGES[locale] }) as unknown as Translate;
}

export function describeContext(locale: Language, deviceGroupNames: Readonly<Record<string, string>>): DescribeContext {
  const dates = new Intl.DateTimeFormat(locale, DATE_TIME_SECONDS_UTC);
  return { t: auditLogTranslator(locale), deviceGroupNames, formatDate: (date) => dates.format(date) };
}

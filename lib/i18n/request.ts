import { cookies } from 'next/headers';
import { getRequestConfig } from 'next-intl/server';
import { LOCALE_COOKIE, resolveLanguage, type Language } from './languages';
import enApiKeys from './messages/en/apiKeys.json';
import enAuditLog from './messages/en/auditLog.json';
import enAuth from './messages/en/auth.json';
import enCommon from './messages/en/common.json';
import enDeliveries from './messages/en/deliveries.json';
import enDeviceGroups from './messages/en/deviceGroups.json';
import enEmail from '@/emails/messages/en/email.json';
import enEmailPreview from './messages/en/emailPreview.json';
import enEmailVolume from './messages/en/emailVolume.json';
import enErrors from './messages/en/errors.json';
import enIncidents from './messages/en/incidents.json';
import enMailSink from './messages/en/mailSink.json';
import enOrganization from './messages/en/organization.json';
import enRoles from './messages/en/roles.json';
import enRulesImportExport from './messages/en/rulesImportExport.json';
import enRules from './messages/en/rules.json';
import enSilences from './messages/en/silences.json';
import enSources from '@/emails/messages/en/sources.json';
import enUsers from './messages/en/users.json';
import enValidation from './messages/en/validation.json';
import nlApiKeys from './messages/nl/apiKeys.json';
import nlAuditLog from './messages/nl/auditLog.json';
import nlAuth from './messages/nl/auth.json';
import nlCommon from './messages/nl/common.json';
import nlDeliveries from './messages/nl/deliveries.json';
import nlDeviceGroups from './messages/nl/deviceGroups.json';
import nlEmail from '@/emails/messages/nl/email.json';
import nlEmailPreview from './messages/nl/emailPreview.json';
import nlEmailVolume from './messages/nl/emailVolume.json';
import nlErrors from './messages/nl/errors.json';
import nlIncidents from './messages/nl/incidents.json';
import nlMailSink from './messages/nl/mailSink.json';
import nlOrganization from './messages/nl/organization.json';
import nlRoles from './messages/nl/roles.json';
import nlRulesImportExport from './messages/nl/rulesImportExport.json';
import nlRules from './messages/nl/rules.json';
import nlSilences from './messages/nl/silences.json';
import nlSources from '@/emails/messages/nl/sources.json';
import nlUsers from './messages/nl/users.json';
import nlValidation from './messages/nl/validation.json';

// One file per namespace and locale; the file name is the namespace. Static imports let the bundler see them.
// The words the emails speak (email, sources) live with the templates in emails/messages: the portal reads
// them from there, so emails/ never reaches up into lib/ for its words and both say the same thing.
const MESSAGES = {
  en: {
    common: enCommon,
    auth: enAuth,
    deviceGroups: enDeviceGroups,
    rules: enRules,
    rulesImportExport: enRulesImportExport,
    sources: enSources,
    validation: enValidation,
    errors: enErrors,
    email: enEmail,
    emailPreview: enEmailPreview,
    emailVolume: enEmailVolume,
    apiKeys: enApiKeys,
    deliveries: enDeliveries,
    silences: enSilences,
    incidents: enIncidents,
    mailSink: enMailSink,
    users: enUsers,
    roles: enRoles,
    organization: enOrganization,
    auditLog: enAuditLog,
  },
  nl: {
    common: nlCommon,
    auth: nlAuth,
    deviceGroups: nlDeviceGroups,
    rules: nlRules,
    rulesImportExport: nlRulesImportExport,
    sources: nlSources,
    validation: nlValidation,
    errors: nlErrors,
    email: nlEmail,
    emailPreview: nlEmailPreview,
    emailVolume: nlEmailVolume,
    apiKeys: nlApiKeys,
    deliveries: nlDeliveries,
    silences: nlSilences,
    incidents: nlIncidents,
    mailSink: nlMailSink,
    users: nlUsers,
    roles: nlRoles,
    organization: nlOrganization,
    auditLog: nlAuditLog,
  },
} satisfies Record<Language, Record<string, unknown>>;

// Dates are rendered on the server and hydrated in the browser: both must use the same zone.
export const TIME_ZONE = 'UTC';

export default getRequestConfig(async () => {
  const locale = resolveLanguage((await cookies()).get(LOCALE_COOKIE)?.value);
  return { locale, messages: MESSAGES[locale], timeZone: TIME_ZONE };
});

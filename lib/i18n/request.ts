import { cookies } from 'next/headers';
import { getRequestConfig } from 'next-intl/server';
import { LOCALE_COOKIE, resolveLanguage, type Language } from './languages';
import enApiKeys from './messages/en/apiKeys.json';
import enAuth from './messages/en/auth.json';
import enCommon from './messages/en/common.json';
import enDeliveries from './messages/en/deliveries.json';
import enDeviceGroups from './messages/en/deviceGroups.json';
import enEmail from './messages/en/email.json';
import enErrors from './messages/en/errors.json';
import enIncidents from './messages/en/incidents.json';
import enMailSink from './messages/en/mailSink.json';
import enOrganization from './messages/en/organization.json';
import enRoles from './messages/en/roles.json';
import enRules from './messages/en/rules.json';
import enSources from './messages/en/sources.json';
import enUsers from './messages/en/users.json';
import enValidation from './messages/en/validation.json';
import nlApiKeys from './messages/nl/apiKeys.json';
import nlAuth from './messages/nl/auth.json';
import nlCommon from './messages/nl/common.json';
import nlDeliveries from './messages/nl/deliveries.json';
import nlDeviceGroups from './messages/nl/deviceGroups.json';
import nlEmail from './messages/nl/email.json';
import nlErrors from './messages/nl/errors.json';
import nlIncidents from './messages/nl/incidents.json';
import nlMailSink from './messages/nl/mailSink.json';
import nlOrganization from './messages/nl/organization.json';
import nlRoles from './messages/nl/roles.json';
import nlRules from './messages/nl/rules.json';
import nlSources from './messages/nl/sources.json';
import nlUsers from './messages/nl/users.json';
import nlValidation from './messages/nl/validation.json';

// One file per namespace and locale; the file name is the namespace. Static imports let the bundler see them.
const MESSAGES = {
  en: {
    common: enCommon,
    auth: enAuth,
    deviceGroups: enDeviceGroups,
    rules: enRules,
    sources: enSources,
    validation: enValidation,
    errors: enErrors,
    email: enEmail,
    apiKeys: enApiKeys,
    deliveries: enDeliveries,
    incidents: enIncidents,
    mailSink: enMailSink,
    users: enUsers,
    roles: enRoles,
    organization: enOrganization,
  },
  nl: {
    common: nlCommon,
    auth: nlAuth,
    deviceGroups: nlDeviceGroups,
    rules: nlRules,
    sources: nlSources,
    validation: nlValidation,
    errors: nlErrors,
    email: nlEmail,
    apiKeys: nlApiKeys,
    deliveries: nlDeliveries,
    incidents: nlIncidents,
    mailSink: nlMailSink,
    users: nlUsers,
    roles: nlRoles,
    organization: nlOrganization,
  },
} satisfies Record<Language, Record<string, unknown>>;

// Dates are rendered on the server and hydrated in the browser: both must use the same zone.
export const TIME_ZONE = 'UTC';

export default getRequestConfig(async () => {
  const locale = resolveLanguage((await cookies()).get(LOCALE_COOKIE)?.value);
  return { locale, messages: MESSAGES[locale], timeZone: TIME_ZONE };
});

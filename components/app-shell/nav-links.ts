// Where the portal's navigation points; shared by the side navigation and server-side redirects.
export const NAV_LINKS = {
  incidents: '/settings/email-notifications/incidents',
  received: '/settings/email-notifications/received',
  deliveries: '/settings/email-notifications/deliveries',
  silences: '/settings/email-notifications/silences',
  deviceGroups: '/settings/device-groups',
  apiKeys: '/settings/api-keys',
  users: '/settings/users',
  roles: '/settings/roles',
  organization: '/settings/organization',
  auditLog: '/settings/audit-log',
  changePassword: '/account/password',
  mailSink: '/mail-sink',
} as const;

// Where the portal's navigation points; shared by the side navigation and server-side redirects.
export const NAV_LINKS = {
  incidents: '/settings/email-notifications/incidents',
  deviceGroups: '/settings/device-groups',
} as const;

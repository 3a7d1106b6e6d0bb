// Portal timestamps are shown in UTC on server and browser alike (so hydration matches) and say so.
export const DATE_TIME_UTC = {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'UTC',
  timeZoneName: 'short',
} as const;

// For logs, where the order of events within a minute matters.
export const DATE_TIME_SECONDS_UTC = { ...DATE_TIME_UTC, second: '2-digit' } as const;

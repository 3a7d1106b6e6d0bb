import { IncidentEmail } from './components/incident-email';
import { sanitizeEmailProps } from './lib/sanitize';
import { SAMPLE_ALERTS, SAMPLE_DEVICE_GROUPS, SAMPLE_INCIDENT } from './sample-incident';
import type { IncidentEmailProps } from './types';

/** The email a rule's recipients get when an incident they are notified about is created or updated. */
export default function IncidentNotification(props: IncidentEmailProps) {
  // Sanitised here, not only in render.ts, so no caller (the preview server included) renders raw payload text.
  return <IncidentEmail email={sanitizeEmailProps(props)} />;
}

IncidentNotification.PreviewProps = {
  locale: 'en',
  timeZone: 'Europe/Amsterdam',
  organizationName: 'Contoso',
  eventKind: 'created',
  incident: SAMPLE_INCIDENT,
  alerts: SAMPLE_ALERTS,
  deviceGroups: SAMPLE_DEVICE_GROUPS,
} satisfies IncidentEmailProps;

import { IncidentEmail } from './components/incident-email';
import { sanitizeEmailProps } from './lib/sanitize';
import { SAMPLE_ALERTS, SAMPLE_DEVICE_GROUPS, SAMPLE_INCIDENT } from './sample-incident';
import type { TestEmailProps } from './types';

/** "Send test email" in the rule wizard: the sample incident in the real layout, marked as a test. */
export default function TestNotification(props: TestEmailProps) {
  return <IncidentEmail email={sanitizeEmailProps(props)} />;
}

TestNotification.PreviewProps = {
  locale: 'en',
  timeZone: 'America/New_York',
  organizationName: null,
  ruleName: 'High severity - SOC on call',
  incident: SAMPLE_INCIDENT,
  alerts: SAMPLE_ALERTS,
  deviceGroups: SAMPLE_DEVICE_GROUPS,
} satisfies TestEmailProps;

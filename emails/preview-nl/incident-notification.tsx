import IncidentNotification from '../incident-notification';
import type { IncidentEmailProps } from '../types';

// The preview server shows one set of PreviewProps per file; this file is the Dutch one (an update event,
// to show that wording too). Not used for sending.
export default function IncidentNotificationNl(props: IncidentEmailProps) {
  return <IncidentNotification {...props} />;
}

IncidentNotificationNl.PreviewProps = {
  ...IncidentNotification.PreviewProps,
  locale: 'nl',
  eventKind: 'updated',
  organizationName: 'Contoso Nederland B.V.',
} satisfies IncidentEmailProps;

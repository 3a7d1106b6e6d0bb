import TestNotification from '../test-notification';
import type { TestEmailProps } from '../types';

// Dutch preview of the test notification (see incident-notification.tsx beside it). Not used for sending.
export default function TestNotificationNl(props: TestEmailProps) {
  return <TestNotification {...props} />;
}

TestNotificationNl.PreviewProps = {
  ...TestNotification.PreviewProps,
  locale: 'nl',
  timeZone: 'Europe/Amsterdam',
  ruleName: 'Hoge ernst - SOC piketdienst',
} satisfies TestEmailProps;

import DigestNotification from '../digest-notification';
import type { DigestEmailProps } from '../types';

// Dutch preview of the digest (see incident-notification.tsx beside it), with a per-address cap and an item
// left out, to show those words too. Not used for sending.
export default function DigestNotificationNl(props: DigestEmailProps) {
  return <DigestNotification {...props} />;
}

DigestNotificationNl.PreviewProps = {
  ...DigestNotification.PreviewProps,
  locale: 'nl',
  organizationName: 'Contoso Nederland B.V.',
  caps: [
    { scope: 'rule', ruleName: 'Hoge ernst - SOC piketdienst', severity: 'high', limit: 4, period: 'day', count: 1 },
    { scope: 'address', ruleName: null, severity: 'high', limit: 2, period: 'hour', count: 1 },
  ],
  leftOutCount: 1,
} satisfies DigestEmailProps;

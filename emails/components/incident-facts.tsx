import { Text } from '@react-email/components';
import type { ReactNode } from 'react';
import { formatDateTime, severityLabel, statusLabel } from '../lib/labels';
import type { SafeEmailProps } from '../lib/sanitize';
import type { EmailTranslator } from '../lib/translator';
import { SeverityBadge } from './severity-badge';
import { styles } from './styles';

type Props = { email: SafeEmailProps; t: EmailTranslator };

/** The incident's fields as a two-column table: the layout Outlook keeps intact. */
export function IncidentFacts({ email, t }: Props) {
  const { incident, locale, timeZone } = email;
  const when = (iso: string | null) => formatDateTime(locale, timeZone, iso) ?? t('email.unknown');
  return (
    <>
      {/* dataTable: the plain-text part gets "label  value" lines instead of one cell per line. */}
      <table role="presentation" cellPadding={0} cellSpacing={0} border={0} width="100%" data-text-format="dataTable">
        <tbody>
          {email.organizationName !== null && <Fact label={t('email.organization')}>{email.organizationName}</Fact>}
          <Fact label={t('email.fields.incidentId')}>{incident.externalId || t('email.unknown')}</Fact>
          <Fact label={t('email.fields.severity')}>
            <SeverityBadge severity={incident.severity} label={severityLabel(t, incident.severity)} />
          </Fact>
          <Fact label={t('email.fields.status')}>{statusLabel(t, incident.status)}</Fact>
          <Fact label={t('email.fields.categories')}>{list(t, incident.categories, email.moreCategories)}</Fact>
          <Fact label={t('email.fields.deviceGroups')}>{list(t, email.deviceGroups, email.moreDeviceGroups)}</Fact>
          <Fact label={t('email.fields.firstActivity')}>{when(incident.firstActivity)}</Fact>
          <Fact label={t('email.fields.lastUpdate')}>{when(incident.lastUpdate)}</Fact>
        </tbody>
      </table>
      <Text style={styles.small}>{t('email.timeZone', { timeZone })}</Text>
    </>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <tr>
      <td style={styles.label}>{label}</td>
      <td style={styles.value}>{children}</td>
    </tr>
  );
}

function list(t: EmailTranslator, items: string[], more: number): string {
  if (items.length === 0) return t('email.none');
  const shown = items.join(', ');
  return more > 0 ? `${shown} ${t('email.more', { count: more })}` : shown;
}

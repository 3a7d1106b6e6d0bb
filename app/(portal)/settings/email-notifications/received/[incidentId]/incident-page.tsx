'use client';

import { useFormatter, useTranslations } from 'next-intl';
import {
  Badge,
  Body1,
  Link,
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Title2,
  Title3,
  tokens,
} from '@fluentui/react-components';
import { AppLink } from '@/components/navigation/app-link';
import { DATE_TIME_UTC } from '@/components/date-formats';
import type { IncidentAlertView, IncidentDetail } from '@/lib/data/incident-detail';
import { SEVERITY_COLOR, useIncidentLabels } from '../labels';
import { DRY_RUN_PATH } from '../../dry-run/sample';
import { RECEIVED_PATH } from '../list-url';
import { EventSection } from './event-section';

export type IncidentPageProps = { incident: IncidentDetail };

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  title: { margin: 0 },
  facts: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalM, color: tokens.colorNeutralForeground2 },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  scroll: { overflowX: 'auto' },
  muted: { color: tokens.colorNeutralForeground3 },
  stack: { display: 'flex', flexDirection: 'column' },
});

// An incident received: its facts, its alerts (those the viewer may see), and its events with who was
// emailed and why not.
export function IncidentPage({ incident }: IncidentPageProps) {
  const t = useTranslations('incidents.detail');
  const dryRun = useTranslations('incidents.dryRun');
  const format = useFormatter();
  const labels = useIncidentLabels();
  const styles = useStyles();

  return (
    <div className={styles.page}>
      <AppLink href={RECEIVED_PATH}>{t('back')}</AppLink>
      <Title2 as="h1" className={styles.title}>
        {incident.displayName}
      </Title2>
      <div className={styles.facts}>
        <Badge appearance="tint" color={SEVERITY_COLOR[incident.severity] ?? 'subtle'}>
          {labels.severity(incident.severity)}
        </Badge>
        <Text>{labels.status(incident.status)}</Text>
        <Text>{t('incidentId', { id: incident.externalId })}</Text>
        <Text>{t('received', { date: format.dateTime(new Date(incident.receivedAt), DATE_TIME_UTC) })}</Text>
        {incident.incidentWebUrl ? (
          <Link href={incident.incidentWebUrl} target="_blank" rel="noopener noreferrer">
            {t('openInDefender')}
          </Link>
        ) : null}
        <AppLink href={`${DRY_RUN_PATH}?incidentId=${incident.id}`}>{dryRun('testThis')}</AppLink>
      </div>

      <section className={styles.section} aria-labelledby="incident-alerts">
        <Title3 as="h2" id="incident-alerts">
          {t('alertsTitle')}
        </Title3>
        {incident.alerts.length === 0 && incident.hiddenAlertCount === 0 ? <Body1>{t('noAlerts')}</Body1> : null}
        {incident.alerts.length > 0 ? <AlertTable alerts={incident.alerts} /> : null}
        {incident.hiddenAlertCount > 0 ? <Text className={styles.muted}>{t('hiddenAlerts', { count: incident.hiddenAlertCount })}</Text> : null}
      </section>

      <section className={styles.section} aria-labelledby="incident-events">
        <Title3 as="h2" id="incident-events">
          {t('eventsTitle')}
        </Title3>
        {incident.events.map((event) => (
          <EventSection key={event.id} event={event} />
        ))}
      </section>
    </div>
  );
}

function AlertTable({ alerts }: { alerts: IncidentAlertView[] }) {
  const t = useTranslations('incidents.detail');
  const sources = useTranslations('sources');
  const labels = useIncidentLabels();
  const styles = useStyles();
  const source = (alert: IncidentAlertView) => {
    const service = alert.serviceSource && sources.has(`service.${alert.serviceSource}`) ? sources(`service.${alert.serviceSource}`) : alert.serviceSource;
    const detection = alert.detectionSource && sources.has(`detection.${alert.detectionSource}`) ? sources(`detection.${alert.detectionSource}`) : alert.detectionSource;
    return [service, detection].filter(Boolean).join(' · ') || '—';
  };
  return (
    <div className={styles.scroll}>
      <Table aria-label={t('alertsLabel')} size="small">
        <TableHeader>
          <TableRow>
            <TableHeaderCell>{t('alertColumns.title')}</TableHeaderCell>
            <TableHeaderCell>{t('alertColumns.severity')}</TableHeaderCell>
            <TableHeaderCell>{t('alertColumns.status')}</TableHeaderCell>
            <TableHeaderCell>{t('alertColumns.source')}</TableHeaderCell>
            <TableHeaderCell>{t('alertColumns.category')}</TableHeaderCell>
            <TableHeaderCell>{t('alertColumns.devices')}</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {alerts.map((alert) => (
            <TableRow key={alert.externalId}>
              <TableCell>{alert.title}</TableCell>
              <TableCell>
                <Badge appearance="tint" color={SEVERITY_COLOR[alert.severity] ?? 'subtle'}>
                  {labels.severity(alert.severity)}
                </Badge>
              </TableCell>
              <TableCell>{labels.status(alert.status)}</TableCell>
              <TableCell>{source(alert)}</TableCell>
              <TableCell>{alert.category ?? '—'}</TableCell>
              <TableCell>
                <span className={styles.stack}>
                  {alert.devices.length === 0 && alert.hiddenDeviceCount === 0 ? <Text className={styles.muted}>{t('noDevices')}</Text> : null}
                  {alert.devices.map((device, index) => (
                    <Text key={index}>
                      {device.name} ({device.group ?? t('noGroup')})
                    </Text>
                  ))}
                  {alert.hiddenDeviceCount > 0 ? <Text className={styles.muted}>{t('hiddenDevices', { count: alert.hiddenDeviceCount })}</Text> : null}
                </span>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}

import { z } from 'zod';
import type { NormalizedDevice } from '@/lib/incidents/types';
import type { SourcedAlert } from '@/lib/incidents/normalize/sourced-alert';
import { legacyDetectionSource } from '@/lib/incidents/normalize/enums';
import { uniqueDevices } from '@/lib/incidents/normalize/evidence';
import {
  dateTime,
  deviceGroupName,
  enumValue,
  externalId,
  optionalText,
  rbacGroupId,
  requiredText,
} from '@/lib/incidents/normalize/fields';

// The Defender for Endpoint API's (legacy) alert: PascalCase enums, its own detectionSource names, the
// device on the alert itself (machineId, computerDnsName, rbacGroupName) or in an expanded `machine`.
// Every such alert comes from Defender for Endpoint, so that is its service source.

const machineSchema = z
  .object(
    { id: optionalText, computerDnsName: optionalText, rbacGroupId, rbacGroupName: deviceGroupName },
    { error: (issue) => (issue.input === undefined ? 'required' : 'expected a machine object or null') },
  )
  .nullish();

export const defenderEndpointAlertSchema = z
  .object(
    {
      id: externalId,
      // Alerts are grouped into incidents by this id, so it is required here.
      incidentId: externalId,
      title: requiredText,
      severity: enumValue('severity'),
      status: enumValue('alertStatus'),
      category: optionalText,
      detectionSource: optionalText,
      alertCreationTime: dateTime,
      firstEventTime: dateTime,
      lastEventTime: dateTime,
      lastUpdateTime: dateTime,
      machineId: optionalText,
      computerDnsName: optionalText,
      rbacGroupId,
      rbacGroupName: deviceGroupName,
      aadTenantId: optionalText,
      tenantId: optionalText,
      machine: machineSchema,
    },
    { error: (issue) => (issue.input === undefined ? 'required' : 'expected a Defender for Endpoint alert object') },
  )
  .transform(
    (alert): SourcedAlert => ({
      incidentExternalId: alert.incidentId,
      incidentWebUrl: null,
      sourceTenantId: alert.aadTenantId ?? alert.tenantId,
      lastUpdateDateTime: alert.lastUpdateTime,
      alert: {
        externalId: alert.id,
        title: alert.title,
        severity: alert.severity,
        status: alert.status,
        category: alert.category,
        serviceSource: 'microsoftDefenderForEndpoint',
        detectionSource: alert.detectionSource ? legacyDetectionSource(alert.detectionSource) : null,
        // The legacy API gives no portal link, and the portal's host differs per cloud: none is invented.
        alertWebUrl: null,
        firstActivity: alert.firstEventTime,
        lastActivity: alert.lastEventTime,
        createdDateTime: alert.alertCreationTime,
        lastUpdateDateTime: alert.lastUpdateTime,
        devices: devicesOf(alert),
      },
    }),
  );

function devicesOf(alert: {
  machineId: string | null;
  computerDnsName: string | null;
  rbacGroupId: string | null;
  rbacGroupName: string | null;
  machine?: { id: string | null; computerDnsName: string | null; rbacGroupId: string | null; rbacGroupName: string | null } | null;
}): NormalizedDevice[] {
  const machine = alert.machine ?? null;
  const name = machine?.computerDnsName ?? alert.computerDnsName ?? machine?.id ?? alert.machineId;
  const groupId = machine?.rbacGroupId ?? alert.rbacGroupId;
  const groupName = machine?.rbacGroupName ?? alert.rbacGroupName;
  if (!name && !groupId && !groupName) return [];
  return uniqueDevices([{ name: name ?? 'unknown device', rbacGroupId: groupId, rbacGroupName: groupName }]);
}

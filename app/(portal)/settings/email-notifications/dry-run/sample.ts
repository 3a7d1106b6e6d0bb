// The sample payload of "Use the sample": native format, two alerts on a device of one of the tenant's
// device groups (so rules on selected groups can match it too), one of them high.
export const DRY_RUN_PATH = '/settings/email-notifications/dry-run';

export function samplePayload(groupName: string | null): string {
  const devices = [{ name: 'fin-ws-017.contoso.local', ...(groupName ? { rbacGroupName: groupName } : {}) }];
  return JSON.stringify(
    {
      externalId: 'sample-2041',
      displayName: 'Ransomware activity on one endpoint',
      severity: 'high',
      status: 'active',
      alerts: [
        {
          externalId: 'sample-2041-1',
          title: 'File encryption burst',
          severity: 'high',
          status: 'new',
          category: 'Impact',
          serviceSource: 'microsoftDefenderForEndpoint',
          detectionSource: 'antivirus',
          devices,
        },
        {
          externalId: 'sample-2041-2',
          title: 'Suspicious PowerShell command line',
          severity: 'medium',
          status: 'new',
          category: 'Execution',
          serviceSource: 'microsoftDefenderForEndpoint',
          detectionSource: 'microsoftDefenderForEndpoint',
          devices,
        },
      ],
    },
    null,
    2,
  );
}

// The vocabulary of rules: alert severities and the service/detection sources Microsoft Graph reports
// (alert `serviceSource` / `detectionSource`). Display names live in the i18n catalogs under `sources.*`
// and `severity.*`; this file only fixes the values and which detection sources belong to which service.

export const ALERT_SEVERITIES = ['informational', 'low', 'medium', 'high'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

// Detection sources offered under each service source, in the order Defender lists them.
// A detection source may appear under more than one service (e.g. custom detections).
export const SERVICE_SOURCES = {
  microsoftDefenderForEndpoint: [
    'microsoftDefenderForEndpoint',
    'antivirus',
    'smartScreen',
    'customTi',
    'automatedInvestigation',
    'microsoftThreatExperts',
    'customDetection',
    'manual',
  ],
  microsoftDefenderForOffice365: ['microsoftDefenderForOffice365', 'automatedInvestigation', 'microsoftThreatExperts'],
  microsoftDefenderForIdentity: ['microsoftDefenderForIdentity', 'microsoftThreatExperts'],
  microsoftDefenderForCloudApps: ['cloudAppSecurity', 'microsoftThreatExperts'],
  microsoft365Defender: ['microsoft365Defender', 'customDetection', 'microsoftThreatExperts', 'securityCopilot'],
  azureAdIdentityProtection: ['azureAdIdentityProtection'],
  microsoftAppGovernance: ['appGovernancePolicy', 'appGovernanceDetection'],
  dataLossPrevention: ['microsoftDataLossPrevention'],
  microsoftDefenderForCloud: [
    'microsoftDefenderForCloud',
    'microsoftDefenderForServers',
    'microsoftDefenderForStorage',
    'microsoftDefenderForDNS',
    'microsoftDefenderForDatabases',
    'microsoftDefenderForContainers',
    'microsoftDefenderForNetwork',
    'microsoftDefenderForAppService',
    'microsoftDefenderForKeyVault',
    'microsoftDefenderForResourceManager',
    'microsoftDefenderForApiManagement',
    'microsoftDefenderForIoT',
    'microsoftDefenderForAIServices',
  ],
  microsoftSentinel: ['scheduledAlerts', 'nrtAlerts', 'microsoftSentinel', 'builtInMl'],
  microsoftThreatIntelligence: ['microsoftDefenderThreatIntelligenceAnalytics', 'microsoftThreatIntelligence'],
  microsoftInsiderRiskManagement: ['microsoftInsiderRiskManagement'],
} as const satisfies Record<string, readonly string[]>;

export type ServiceSource = keyof typeof SERVICE_SOURCES;
export type DetectionSource = (typeof SERVICE_SOURCES)[ServiceSource][number];

export const SERVICE_SOURCE_VALUES = Object.keys(SERVICE_SOURCES) as [ServiceSource, ...ServiceSource[]];
export const DETECTION_SOURCE_VALUES = [...new Set(Object.values(SERVICE_SOURCES).flat())] as [
  DetectionSource,
  ...DetectionSource[],
];

export function isDetectionSourceOf(service: ServiceSource, detection: string): boolean {
  return (SERVICE_SOURCES[service] as readonly string[]).includes(detection);
}

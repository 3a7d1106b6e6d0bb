import type { EmailAlert, EmailIncident } from './types';

// A realistic multi-stage incident, shaped like what Defender XDR sends. It is the body of every test
// notification (a rule's recipients see what a real one looks like) and the data of the template previews.

export const SAMPLE_INCIDENT: EmailIncident = {
  externalId: '31337',
  displayName: "Multi-stage incident involving Initial access & Lateral movement on one endpoint reported by multiple sources",
  severity: 'high',
  status: 'active',
  categories: ['InitialAccess', 'Execution', 'LateralMovement', 'CredentialAccess'],
  firstActivity: '2026-11-23T07:42:10Z',
  lastUpdate: '2026-11-23T08:14:53Z',
  url: 'https://security.microsoft.com/incidents/31337?tid=72f988bf-86f1-41af-91ab-2d7cd011db47',
};

export const SAMPLE_ALERTS: EmailAlert[] = [
  {
    title: "Suspicious PowerShell command line",
    severity: 'high',
    serviceSource: 'microsoftDefenderForEndpoint',
    detectionSource: 'microsoftDefenderForEndpoint',
    deviceGroups: ['Finance workstations'],
  },
  {
    title: "Possible lateral movement using remote services on FIN-WS-0142",
    severity: 'medium',
    serviceSource: 'microsoftDefenderForEndpoint',
    detectionSource: 'automatedInvestigation',
    deviceGroups: ['Finance workstations'],
  },
  {
    title: "Suspected identity theft (pass-the-ticket)",
    severity: 'high',
    serviceSource: 'microsoftDefenderForIdentity',
    detectionSource: 'microsoftDefenderForIdentity',
    deviceGroups: [],
  },
  {
    title: "Email messages containing malicious URL removed after delivery",
    severity: 'informational',
    serviceSource: 'microsoftDefenderForOffice365',
    detectionSource: 'microsoftDefenderForOffice365',
    deviceGroups: [],
  },
];

export const SAMPLE_DEVICE_GROUPS = ['Finance workstations', 'Tier 0 servers'];

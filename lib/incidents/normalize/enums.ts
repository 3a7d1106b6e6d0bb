import { DETECTION_SOURCE_VALUES, SERVICE_SOURCE_VALUES } from '@/lib/rules/catalog';

// Graph's documented enum members, in Graph's casing. Senders vary the casing (`High`, `TruePositive`,
// `INPROGRESS`), so a value is looked up case-insensitively and stored in Graph's spelling. A value that
// is not listed (Graph's enums are evolvable: new members appear without notice) is kept, first letter
// lower-cased, never rejected.

const SEVERITY = ['unknown', 'informational', 'low', 'medium', 'high', 'unknownFutureValue'] as const;
const INCIDENT_STATUS = ['active', 'resolved', 'inProgress', 'redirected', 'awaitingAction', 'unknownFutureValue'] as const;
const ALERT_STATUS = ['unknown', 'new', 'inProgress', 'resolved', 'unknownFutureValue'] as const;
const CLASSIFICATION = ['unknown', 'falsePositive', 'truePositive', 'informationalExpectedActivity', 'unknownFutureValue'] as const;
const DETERMINATION = [
  'unknown', 'apt', 'malware', 'securityPersonnel', 'securityTesting', 'unwantedSoftware', 'other', 'multiStagedAttack',
  'compromisedAccount', 'phishing', 'maliciousUserActivity', 'notMalicious', 'notEnoughDataToValidate',
  'confirmedActivity', 'lineOfBusinessApplication', 'unknownFutureValue',
] as const;

export const KNOWN_VALUES = {
  severity: SEVERITY,
  incidentStatus: INCIDENT_STATUS,
  alertStatus: ALERT_STATUS,
  classification: CLASSIFICATION,
  determination: DETERMINATION,
  serviceSource: [...SERVICE_SOURCE_VALUES, 'unknownFutureValue'],
  detectionSource: [...DETECTION_SOURCE_VALUES, 'unknown', 'unknownFutureValue'],
} as const satisfies Record<string, readonly string[]>;

export type EnumKind = keyof typeof KNOWN_VALUES;

// Spellings of older APIs that mean a Graph member under another name.
const SYNONYMS: Partial<Record<EnumKind, Record<string, string>>> = {
  // Defender for Endpoint's "UnSpecified" severity is Graph's "unknown"; "NotAvailable" determination likewise.
  severity: { unspecified: 'unknown' },
  determination: { notavailable: 'unknown' },
};

const lookup = new Map<EnumKind, Map<string, string>>(
  (Object.keys(KNOWN_VALUES) as EnumKind[]).map((kind) => [
    kind,
    new Map([
      ...KNOWN_VALUES[kind].map((value): [string, string] => [value.toLowerCase(), value]),
      ...Object.entries(SYNONYMS[kind] ?? {}),
    ]),
  ]),
);

export function canonicalEnum(kind: EnumKind, value: string): string {
  const trimmed = value.trim();
  const known = lookup.get(kind)!.get(trimmed.toLowerCase());
  if (known) return known;
  // Unknown: keep it, in Graph's lower camel case ("SomethingNew" -> "somethingNew", "NEW_THING" stays readable).
  if (trimmed === trimmed.toUpperCase()) return trimmed.toLowerCase();
  return trimmed.charAt(0).toLowerCase() + trimmed.slice(1);
}

// Defender for Endpoint API (legacy alert) detectionSource values, keyed lower-case, to Graph's.
const LEGACY_DETECTION_SOURCES: Record<string, string> = {
  windowsdefenderav: 'antivirus',
  windowsdefendersmartscreen: 'smartScreen',
  customerti: 'customTi',
  windowsdefenderatp: 'microsoftDefenderForEndpoint',
  automatedinvestigation: 'automatedInvestigation',
  threatexperts: 'microsoftThreatExperts',
  customdetection: 'customDetection',
  mtp: 'microsoft365Defender',
  microsoft365defender: 'microsoft365Defender',
  officeatp: 'microsoftDefenderForOffice365',
  mcas: 'cloudAppSecurity',
  azureatp: 'microsoftDefenderForIdentity',
  aadidentityprotection: 'azureAdIdentityProtection',
  azureadidentityprotection: 'azureAdIdentityProtection',
  manual: 'manual',
  microsoftdatalossprevention: 'microsoftDataLossPrevention',
  appgovernancepolicy: 'appGovernancePolicy',
  appgovernancedetection: 'appGovernanceDetection',
};

export function legacyDetectionSource(value: string): string {
  return LEGACY_DETECTION_SOURCES[value.trim().toLowerCase()] ?? canonicalEnum('detectionSource', value);
}

// For an incident inferred from its alerts: the highest alert severity. Unknown values rank lowest.
const SEVERITY_RANK: Record<string, number> = { informational: 1, low: 2, medium: 3, high: 4 };

export function highestSeverity(severities: readonly string[]): string {
  return severities.reduce<string>(
    (best, next) => ((SEVERITY_RANK[next] ?? 0) > (SEVERITY_RANK[best] ?? 0) ? next : best),
    severities[0] ?? 'unknown',
  );
}

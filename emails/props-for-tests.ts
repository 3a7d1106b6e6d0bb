import IncidentNotification from './incident-notification';
import TestNotification from './test-notification';
import type { IncidentEmailProps, TestEmailProps } from './types';

// Fresh copies of the preview props for tests, so one test's overrides never leak into another.
export function incidentProps(overrides: Partial<IncidentEmailProps> = {}): IncidentEmailProps {
  return structuredClone({ ...IncidentNotification.PreviewProps, ...overrides });
}

export function testProps(overrides: Partial<TestEmailProps> = {}): TestEmailProps {
  return structuredClone({ ...TestNotification.PreviewProps, ...overrides });
}

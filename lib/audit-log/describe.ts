import { ALERT_SEVERITIES } from '@/lib/rules/catalog';
import type { AuditLogEntry } from '@/lib/data/audit-log';

// An audit entry in words, for the page's grid and diff pane and for the CSV export: translated action,
// target type and actor, and a field-by-field before/after with every value as readable lines (recipients
// one per line, device groups by name, severities and roles by their display names). Runs on the server
// only, so device groups the reader may not see never leave it: they are counted, not named. Pure.

// A next-intl translator over all namespaces (getTranslations() / createTranslator).
export type Translate = { (key: string, values?: Record<string, string | number>): string; has(key: string): boolean };

export type DescribeContext = {
  t: Translate;
  // The device groups the reader may see, by id (lib/data/audit-log.ts); any other id is counted.
  deviceGroupNames: Readonly<Record<string, string>>;
  formatDate: (date: Date) => string;
};

export type DescribedChange = { field: string; before: string[]; after: string[] };

export type DescribedEntry = {
  id: string;
  createdAt: string;
  actor: string;
  action: string;
  targetType: string;
  // The raw type, for filter links.
  targetTypeKey: string;
  targetId: string;
  targetName: string;
  changes: DescribedChange[];
};

type Described = (value: unknown, ctx: DescribeContext) => string[];

const text = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === null || value === undefined ? [] : [value]);

// A value from a catalog (role, language, permission…): its display name, or the raw value if the catalog lacks it.
const labelled =
  (prefix: string): Described =>
  (value, { t }) =>
    list(value).map((item) => (t.has(`${prefix}.${text(item)}`) ? t(`${prefix}.${text(item)}`) : text(item)));

const severityNames = (value: unknown, t: Translate): string =>
  [...ALERT_SEVERITIES]
    .reverse()
    .filter((severity) => list(value).includes(severity))
    .map((severity) => t(`sources.severity.${severity}`))
    .join(', ');

// A coalescing window or a recipient cap (lib/validation/email-volume.ts), as the rule page words them.
const coalescingLines: Described = (value, { t }) => {
  const { windowMinutes, highSeverityBypass } = (value ?? {}) as { windowMinutes?: number; highSeverityBypass?: boolean };
  if (!windowMinutes) return [t('auditLog.values.coalescingOff')];
  const window = t('auditLog.values.coalescingWindow', { minutes: windowMinutes });
  return highSeverityBypass ? [window, t('auditLog.values.coalescingBypass')] : [window];
};

const capLines: Described = (value, { t }) => {
  const cap = (value ?? {}) as { period?: string; limits?: Record<string, number | null>; digestAt?: string | null };
  const limits = [...ALERT_SEVERITIES]
    .reverse()
    .filter((severity) => typeof cap.limits?.[severity] === 'number')
    .map((severity) => t('auditLog.values.capLimit', { severity: t(`sources.severity.${severity}`), limit: cap.limits![severity]! }));
  return [
    t.has(`auditLog.values.capPeriod.${cap.period}`) ? t(`auditLog.values.capPeriod.${cap.period}`) : text(cap.period),
    ...limits,
    cap.digestAt ? t('auditLog.values.digestAtTime', { time: cap.digestAt }) : t('auditLog.values.digestAtEnd'),
  ];
};

// Fields whose null is a setting in its own right ("no cap"), not an absent value.
const NULL_VALUES: Record<string, string> = { recipientCap: 'auditLog.values.capOff', addressCap: 'auditLog.values.capOff' };

const FIELD_VALUES: Record<string, Described> = {
  coalescing: coalescingLines,
  recipientCap: capLines,
  addressCap: capLines,
  severities: (value, { t }) => (list(value).length > 0 ? [severityNames(value, t)] : []),
  deviceGroupScope: (value, { t }) => (value ? [t(`auditLog.values.deviceGroupScope.${value === 'all' ? 'all' : 'selected'}`)] : []),
  sourceScope: (value, { t }) => (value ? [t(`auditLog.values.sourceScope.${value === 'all' ? 'all' : 'selected'}`)] : []),
  deviceGroupIds: (value, { t, deviceGroupNames }) => {
    const ids = list(value).map(text);
    const names = ids.filter((id) => id in deviceGroupNames).map((id) => deviceGroupNames[id]).sort((a, b) => a.localeCompare(b));
    const others = ids.length - names.length;
    return others > 0 ? [...names, t('auditLog.values.otherDeviceGroups', { count: others })] : names;
  },
  // An RBAC role's groups are kept with their names at the time (only Global Administrators read them).
  deviceGroups: (value) => list(value).map((group) => (group && typeof group === 'object' && 'name' in group ? text(group.name) : text(group))),
  sources: (value, { t }) =>
    list(value).map((item) => {
      const source = (item ?? {}) as { serviceSource?: string; detectionSource?: string | null; severities?: unknown };
      const service = t.has(`sources.service.${source.serviceSource}`) ? t(`sources.service.${source.serviceSource}`) : text(source.serviceSource);
      const name = source.detectionSource
        ? t('auditLog.values.detectionOf', {
            detection: t.has(`sources.detection.${source.detectionSource}`) ? t(`sources.detection.${source.detectionSource}`) : source.detectionSource,
            service,
          })
        : service;
      const severities = severityNames(source.severities, t);
      return severities ? `${name}: ${severities}` : name;
    }),
  recipients: (value, ctx) =>
    list(value).map((item) => {
      const recipient = (item ?? {}) as { email?: string; language?: string };
      return `${recipient.email} (${labelled('common.languages')(recipient.language, ctx)[0]})`;
    }),
  role: labelled('users.roles'),
  language: labelled('common.languages'),
  defaultLanguage: labelled('common.languages'),
  permissionsModel: labelled('organization.permissionsModel'),
  permissions: labelled('roles.permissions'),
  scopes: labelled('apiKeys.scopes'),
  revokedAt: (value, { formatDate }) => (typeof value === 'string' ? [formatDate(new Date(value))] : []),
};

function describeValue(field: string, value: unknown, ctx: DescribeContext): string[] {
  if (value === null && NULL_VALUES[field]) return [ctx.t(NULL_VALUES[field])];
  if (value === null || value === undefined || value === '') return [];
  const special = FIELD_VALUES[field];
  if (special) return special(value, ctx);
  if (typeof value === 'boolean') return [ctx.t(value ? 'auditLog.values.yes' : 'auditLog.values.no')];
  if (Array.isArray(value)) return value.map(text);
  return [text(value)];
}

export function describeActor(actor: string, t: Translate): string {
  if (actor.startsWith('api-key:')) return t('auditLog.actors.apiKey', { prefix: actor.slice('api-key:'.length) });
  const system = { 'system:ingest': 'ingest', 'system:bootstrap': 'bootstrap', cli: 'cli' }[actor];
  return system ? t(`auditLog.actors.${system}`) : actor;
}

export function describeEntry(entry: AuditLogEntry, ctx: DescribeContext): DescribedEntry {
  const { t } = ctx;
  const fields = [...new Set([...Object.keys(entry.before ?? {}), ...Object.keys(entry.after ?? {})])];
  return {
    id: entry.id,
    createdAt: entry.createdAt,
    actor: describeActor(entry.actor, t),
    action: t.has(`auditLog.actions.${entry.action}`) ? t(`auditLog.actions.${entry.action}`) : entry.action,
    targetType: t.has(`auditLog.targetTypes.${entry.targetType}`) ? t(`auditLog.targetTypes.${entry.targetType}`) : entry.targetType,
    targetTypeKey: entry.targetType,
    targetId: entry.targetId,
    targetName: entry.targetName,
    changes: fields.map((field) => ({
      field: t.has(`auditLog.fields.${field}`) ? t(`auditLog.fields.${field}`) : field,
      before: describeValue(field, entry.before?.[field], ctx),
      after: describeValue(field, entry.after?.[field], ctx),
    })),
  };
}

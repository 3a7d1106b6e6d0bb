import { classifyItem, isObject } from '@/lib/incidents/normalize/classify-item';

// What the hostile-bodies drill knows of the accepted formats, written down apart from the route's validation
// (lib/incidents/normalize): the items of a document, and for each field of each item what it accepts. The drill
// holds the route to this description. Only the reading of which format an item is (classifyItem) is shared.

export type ItemKind =
  | 'graphPage'
  | 'nativeBatch'
  | 'graphIncident'
  | 'graphAlert'
  | 'mdeAlert'
  | 'deviceEvidence'
  | 'machine'
  | 'nativeIncident'
  | 'nativeAlert'
  | 'nativeDevice';

// classified: the route tells the item's format from its shape (a top-level item); its schema otherwise.
export type Slot = { path: (string | number)[]; kind: ItemKind; classified: boolean };

export type FieldType =
  | 'id' // non-empty id string (at most 256 after trimming) or a non-negative safe integer
  | 'optId' // the same, or null / blank
  | 'text' // any string
  | 'nonEmptyText'
  | 'optText' // a string or null
  | 'enum' // a non-blank string: unknown values are kept, never refused
  | 'optEnum'
  | 'enumOrAbsent' // a non-blank string, or absent (not null)
  | 'date' // ISO 8601 date-time, or null / blank
  | 'url' // absolute http(s) URL, or null / blank
  | 'rbacId' // string (at most 64 after trimming) or safe integer, or null
  | 'itemList' // an array of items of their own kind, or null
  | 'page' // the `value` of a page: an array
  | 'batch' // a native batch's `incidents`: a non-empty array
  | 'evidence' // an array of anything (only deviceEvidence is read), or null
  | 'object'; // an object whose fields are all optional, or null

const dates = { createdDateTime: 'date', lastUpdateDateTime: 'date' } as const;
const graphAlertDates = { ...dates, firstActivityDateTime: 'date', lastActivityDateTime: 'date' } as const;

export const FIELDS: Record<ItemKind, Record<string, FieldType>> = {
  graphPage: { value: 'page' },
  nativeBatch: { incidents: 'batch' },
  graphIncident: {
    id: 'id', displayName: 'text', severity: 'enum', status: 'enum', classification: 'optEnum', determination: 'optEnum',
    assignedTo: 'optText', incidentWebUrl: 'url', tenantId: 'optText', aadTenantId: 'optText', ...dates, alerts: 'itemList',
  },
  graphAlert: {
    id: 'id', providerAlertId: 'optText', incidentId: 'optId', title: 'text', severity: 'enum', status: 'enum',
    category: 'optText', serviceSource: 'optEnum', detectionSource: 'optEnum', alertWebUrl: 'url', incidentWebUrl: 'url',
    tenantId: 'optText', aadTenantId: 'optText', ...graphAlertDates, evidence: 'evidence',
  },
  mdeAlert: {
    id: 'id', incidentId: 'id', title: 'text', severity: 'enum', status: 'enum', category: 'optText', detectionSource: 'optText',
    alertCreationTime: 'date', firstEventTime: 'date', lastEventTime: 'date', lastUpdateTime: 'date', machineId: 'optText',
    computerDnsName: 'optText', rbacGroupId: 'rbacId', rbacGroupName: 'optText', aadTenantId: 'optText', tenantId: 'optText',
    machine: 'object',
  },
  deviceEvidence: {
    deviceDnsName: 'optText', hostName: 'optText', mdeDeviceId: 'optText', azureAdDeviceId: 'optText', rbacGroupId: 'rbacId',
    rbacGroupName: 'optText',
  },
  machine: { id: 'optText', computerDnsName: 'optText', rbacGroupId: 'rbacId', rbacGroupName: 'optText' },
  nativeIncident: {
    externalId: 'id', displayName: 'text', severity: 'enum', status: 'enumOrAbsent', classification: 'optEnum',
    determination: 'optEnum', assignedTo: 'optText', incidentWebUrl: 'url', sourceTenantId: 'optText', ...dates, alerts: 'itemList',
  },
  nativeAlert: {
    externalId: 'id', title: 'text', severity: 'enum', status: 'enumOrAbsent', category: 'optText', serviceSource: 'optEnum',
    detectionSource: 'optEnum', alertWebUrl: 'url', firstActivity: 'date', lastActivity: 'date', ...dates, devices: 'itemList',
  },
  nativeDevice: { name: 'nonEmptyText', rbacGroupId: 'rbacId', rbacGroupName: 'optText' },
};

// Required: absent is refused. (A top-level Graph alert's incidentId is required too: see fieldType.)
const REQUIRED: Partial<Record<ItemKind, readonly string[]>> = {
  graphPage: ['value'],
  nativeBatch: ['incidents'],
  graphIncident: ['id', 'displayName', 'severity', 'status'],
  graphAlert: ['id', 'title', 'severity', 'status'],
  mdeAlert: ['id', 'incidentId', 'title', 'severity', 'status'],
  nativeIncident: ['externalId', 'displayName', 'severity'],
  nativeAlert: ['externalId', 'title', 'severity'],
  nativeDevice: ['name'],
};

// Our own format refuses fields it does not define; Microsoft's formats ignore them.
export const STRICT_KINDS: ReadonlySet<ItemKind> = new Set(['nativeBatch', 'nativeIncident', 'nativeAlert', 'nativeDevice']);

export function fieldType(slot: Slot, field: string): FieldType | undefined {
  const type = FIELDS[slot.kind][field];
  // Alerts sent on their own are grouped into incidents by this id.
  return slot.kind === 'graphAlert' && slot.classified && field === 'incidentId' ? 'id' : type;
}

export const isRequired = (slot: Slot, field: string) =>
  (REQUIRED[slot.kind] ?? []).includes(field) || (slot.kind === 'graphAlert' && slot.classified && field === 'incidentId');

// ---- Dates: the drill's own list, not the route's parser.
export const VALID_DATES = [
  '2026-01-22T12:09:23.1433333Z', '2026-01-22T12:09:23Z', '2026-01-22T12:09Z', '2026-01-22 12:09:23', '2026-01-22t12:09:23z',
  '2026-01-22T12:09:23+05:30', '2026-01-22T12:09:23-0800', '2026-01-22T23:59:59+23:59', '2024-02-29T00:00:00Z',
  '0001-01-01T00:00:00Z', '0050-06-15T00:00:00Z', '9999-12-31T23:59:59.999Z', '1970-01-01T00:00:00Z', ' 2026-01-22T12:09:23Z ',
  `2026-01-22T12:09:23.${'1'.repeat(1000)}Z`,
];
export const INVALID_DATES = [
  'yesterday', '2026-02-30T00:00:00Z', '2025-02-29T00:00:00Z', '2026-13-01T00:00:00Z', '2026-00-10T00:00:00Z',
  '2026-01-00T00:00:00Z', '2026-01-32T00:00:00Z', '2026-01-01T24:00:00Z', '2026-01-01T23:60:00Z', '2026-01-01T23:59:60Z',
  '2026-01-01', '2026-01-01T', '20260101T000000Z', '1e9', '2026-01-01T00:00:00 Z', '+002026-01-01T00:00:00Z',
  '２０２６-01-01T00:00:00Z', '2026-01-01T00:00:00.Z', '2026-01-01T00:00:00Z\u0000x',
  // Offsets beyond ±23:59, and instants outside years 1 to 9999 once the offset is applied.
  '2026-01-01T00:00:00+99:99', '2026-01-01T00:00:00+24:00', '2026-01-01T00:00:00-00:60',
  '9999-12-31T23:59:59-23:59', '0001-01-01T00:00:00+00:01', '0000-01-01T00:00:00Z',
];

// ---- What a field makes of a value: 'ok' (accepted), 'bad' (a 422 naming the field), or 'either' where the
// description does not decide.
export type Verdict = 'ok' | 'bad' | 'either';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// PostgreSQL text holds no NUL and no lone surrogate: a value that is blank once those are gone is blank.
const cleaned = (text: string) => text.replace(LONE_SURROGATE, '\uFFFD').replaceAll('\u0000', '').trim();
const isSafeId = (value: unknown) => typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

function idVerdict(value: unknown, optional: boolean): Verdict {
  if (value === undefined || value === null) return optional ? 'ok' : 'bad';
  if (typeof value === 'number') return isSafeId(value) ? 'ok' : 'bad';
  if (typeof value !== 'string' || value.trim().length > 256) return 'bad';
  return cleaned(value) !== '' || optional ? 'ok' : 'bad';
}

function dateVerdict(value: unknown): Verdict {
  if (value === undefined || value === null) return 'ok';
  if (typeof value !== 'string') return 'bad';
  if (value.trim() === '' || VALID_DATES.includes(value)) return 'ok';
  if (INVALID_DATES.includes(value)) return 'bad';
  return /^\s*\d{4}-\d\d-\d\d/.test(value) ? 'either' : 'bad';
}

function urlVerdict(value: unknown): Verdict {
  if (value === undefined || value === null) return 'ok';
  if (typeof value !== 'string') return 'bad';
  if (value.trim() === '') return 'ok';
  const url = cleaned(value);
  if (url === '') return 'either';
  return URL.canParse(url) && /^https?:$/.test(new URL(url).protocol) ? 'ok' : 'bad';
}

export function verdict(type: FieldType, value: unknown): Verdict {
  const absent = value === undefined;
  const nullish = value === undefined || value === null;
  const isString = typeof value === 'string';
  switch (type) {
    case 'id':
      return idVerdict(value, false);
    case 'optId':
      return idVerdict(value, true);
    case 'text':
      return isString ? 'ok' : 'bad';
    case 'nonEmptyText':
      return isString && cleaned(value) !== '' ? 'ok' : 'bad';
    case 'optText':
    case 'optEnum':
      return nullish || isString ? 'ok' : 'bad';
    case 'enum':
      return isString && cleaned(value) !== '' ? 'ok' : 'bad';
    case 'enumOrAbsent':
      return absent || (isString && cleaned(value) !== '') ? 'ok' : 'bad';
    case 'date':
      return dateVerdict(value);
    case 'url':
      return urlVerdict(value);
    case 'rbacId':
      if (nullish) return 'ok';
      if (typeof value === 'number') return Number.isSafeInteger(value) ? 'ok' : 'bad';
      return isString && value.trim().length <= 64 ? 'ok' : 'bad';
    case 'itemList':
      // The generated lists hold no valid item: only an empty one passes.
      return nullish || (Array.isArray(value) && value.length === 0) ? 'ok' : 'bad';
    case 'page':
      return Array.isArray(value) && value.length === 0 ? 'ok' : 'bad';
    case 'batch':
      return 'bad';
    case 'evidence':
      return nullish || Array.isArray(value) ? 'ok' : 'bad';
    case 'object':
      return nullish || isObject(value) ? 'ok' : 'bad';
  }
}

// ---- The items of a document, and where they are.
export function at(document: unknown, path: readonly (string | number)[]): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown>)[key], document);
}

const CLASSIFIED: Record<string, ItemKind> = { graphIncident: 'graphIncident', graphAlert: 'graphAlert', defenderEndpointAlert: 'mdeAlert', native: 'nativeIncident' };

export function slotsOf(document: unknown): Slot[] {
  const slots: Slot[] = [];
  const root = document as Record<string, unknown>;
  if ('value' in root && !('id' in root)) {
    slots.push({ path: [], kind: 'graphPage', classified: false });
    (root.value as unknown[]).forEach((item, index) => item && addItem(item, ['value', index], true, slots));
  } else if ('incidents' in root && !('externalId' in root)) {
    slots.push({ path: [], kind: 'nativeBatch', classified: false });
    (root.incidents as unknown[]).forEach((_, index) => addChildren({ path: ['incidents', index], kind: 'nativeIncident', classified: false }, root, slots));
  } else {
    addItem(root, [], true, slots);
  }
  return slots;
}

function addItem(item: unknown, path: (string | number)[], classified: boolean, slots: Slot[]): void {
  const kind = CLASSIFIED[classifyItem(item as Record<string, unknown>) ?? ''];
  if (kind) addChildren({ path, kind, classified }, item, slots, true);
}

function addChildren(slot: Slot, document: unknown, slots: Slot[], relative = false): void {
  slots.push(slot);
  const item = (relative ? document : at(document, slot.path)) as Record<string, unknown>;
  const child = (key: string, kind: ItemKind, keep: (entry: unknown) => boolean = () => true) =>
    Array.isArray(item[key]) &&
    (item[key] as unknown[]).forEach((entry, index) => {
      if (isObject(entry) && keep(entry)) addChildren({ path: [...slot.path, key, index], kind, classified: false }, entry, slots, true);
    });
  if (slot.kind === 'graphIncident') child('alerts', 'graphAlert');
  if (slot.kind === 'graphAlert') child('evidence', 'deviceEvidence', (e) => /deviceEvidence$/i.test(String((e as Record<string, unknown>)['@odata.type'])));
  if (slot.kind === 'nativeIncident') child('alerts', 'nativeAlert');
  if (slot.kind === 'nativeAlert') child('devices', 'nativeDevice');
  if (slot.kind === 'mdeAlert' && isObject(item.machine)) slots.push({ path: [...slot.path, 'machine'], kind: 'machine', classified: false });
}

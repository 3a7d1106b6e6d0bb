import { RECIPIENT_MISSES, RULE_MISSES } from '@/lib/rules/decisions';
import type { JsonSchema } from '@/lib/incidents/openapi/schema-helpers';

// POST /api/incidents?dryRun=true: the parameter, and the answer (lib/incidents/dry-run.ts).

export const dryRunParameter: JsonSchema = {
  name: 'dryRun',
  in: 'query',
  required: false,
  description:
    'With `true`: nothing is stored, registered or sent. The payload is checked and normalised as for ingest, then matched as a new incident against the rules as they are now, and the answer (200) says which rules and recipients it would reach, why every other rule would not, and the email each recipient would get, in their language. Any value other than `true` or `false` gets 400. The key needs `rules:read` beside `incidents:write` (the answer shows the rules, recipients and silences); without it, 403.',
  schema: { type: 'string', enum: ['true', 'false'] },
};

export const RULE_REASONS = [...RULE_MISSES, 'disabled', 'createdAfter'] as const;
export const RECIPIENT_REASONS = [...RECIPIENT_MISSES, 'recipientCannotView', 'suppressed', 'silenced'] as const;

const recipientOutcome: JsonSchema = {
  oneOf: [
    {
      type: 'object',
      description: 'Would be emailed.',
      required: ['email', 'emailed', 'status', 'at'],
      properties: {
        email: { type: 'string' },
        emailed: { const: true },
        status: { const: 'queued' },
        at: { type: 'string', format: 'date-time' },
        provider: { type: 'null' },
      },
    },
    {
      type: 'object',
      description:
        'Would not be emailed: `addedAfter` (added to the rule after the incident), `alreadyNotified` (the rule sends one notification per incident), `recipientScope` / `recipientCannotView` (a portal user whose RBAC device groups do not include the matching alerts / include none), `suppressed` (the provider suppresses the address; stored incidents only), `silenced` (a silence in effect now would hold the email back; `detail` names it).',
      required: ['email', 'emailed', 'reason'],
      properties: { email: { type: 'string' }, emailed: { const: false }, reason: { enum: [...RECIPIENT_REASONS] }, detail: { type: ['string', 'null'] } },
    },
  ],
};

export const dryRunResultSchema: JsonSchema = {
  type: 'object',
  required: ['dryRun', 'incidents'],
  properties: {
    dryRun: { const: true },
    incidents: {
      type: 'array',
      items: {
        type: 'object',
        required: ['externalId', 'displayName', 'alertCount', 'rules', 'hiddenRuleCount', 'emails'],
        properties: {
          externalId: { type: 'string' },
          displayName: { type: 'string' },
          alertCount: { type: 'integer', description: 'Alerts of the incident; without alerts no rule can match.' },
          rules: {
            type: 'array',
            description: 'Every rule of the tenant: matching ones first, each with its recipients, then the others with why.',
            items: {
              type: 'object',
              required: ['ruleId', 'ruleName', 'matched'],
              properties: {
                ruleId: { type: 'string', format: 'uuid' },
                ruleName: { type: 'string' },
                deleted: { type: 'boolean' },
                matched: { type: 'boolean' },
                recipients: { type: 'array', items: recipientOutcome, description: 'When matched.' },
                reason: {
                  enum: [...RULE_REASONS],
                  description:
                    'When not matched, the furthest test any alert passed: `severity` (no alert severity selected), `source` (service source not selected), `detectionSource`, `sourceSeverity` (source selected, not at that severity), `deviceGroup` (devices outside the rule\'s groups); or `disabled`.',
                },
                recipientCount: { type: 'integer' },
              },
            },
          },
          hiddenRuleCount: { type: 'integer', description: 'Always 0 for an API key, which sees every rule.' },
          emails: {
            type: 'array',
            description: 'One per distinct email: recipients who would get the same content share one.',
            items: {
              type: 'object',
              required: ['recipients', 'language', 'subject', 'html', 'text', 'waitMinutes'],
              properties: {
                recipients: { type: 'array', items: { type: 'string' } },
                language: { enum: ['en', 'nl'] },
                subject: { type: 'string' },
                html: { type: 'string' },
                text: { type: 'string' },
                waitMinutes: {
                  type: 'integer',
                  minimum: 0,
                  description: "Minutes the email would wait for more changes of the incident first (the choosing rules' coalescing window); 0: sent at once.",
                },
              },
            },
          },
        },
      },
    },
  },
};

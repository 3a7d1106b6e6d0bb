import { z } from 'zod';

export const API_KEY_NAME_MAX = 100;

// What a key may do. incidents:write is POST /api/incidents; the rules API reads with rules:read and
// changes rules with rules:write. Keys made before scopes existed hold incidents:write only.
export const API_KEY_SCOPES = ['incidents:write', 'rules:read', 'rules:write', 'silences:read', 'silences:write'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];
export const DEFAULT_API_KEY_SCOPES: readonly ApiKeyScope[] = ['incidents:write'];

// Messages are i18n keys (namespace `validation`), shown next to the field.
export const createApiKeySchema = z.object({
  name: z.string().trim().min(1, 'apiKeyNameRequired').max(API_KEY_NAME_MAX, 'apiKeyNameTooLong'),
  scopes: z
    .array(z.enum(API_KEY_SCOPES))
    .min(1, 'apiKeyScopeRequired')
    .max(API_KEY_SCOPES.length)
    // A caller that names no scopes gets the key that existed before scopes: ingest only.
    .default(['incidents:write']),
});

export const apiKeyIdSchema = z.object({ id: z.uuid('apiKeyNotFound') });

export type CreateApiKeyInput = z.infer<typeof createApiKeySchema>;
export type CreateApiKeyFormValues = z.input<typeof createApiKeySchema>;

import { z } from 'zod';

export const API_KEY_NAME_MAX = 100;

// Messages are i18n keys (namespace `validation`), shown next to the field.
export const createApiKeySchema = z.object({
  name: z.string().trim().min(1, 'apiKeyNameRequired').max(API_KEY_NAME_MAX, 'apiKeyNameTooLong'),
});

export const apiKeyIdSchema = z.object({ id: z.uuid('apiKeyNotFound') });

export type CreateApiKeyInput = z.infer<typeof createApiKeySchema>;
export type CreateApiKeyFormValues = z.input<typeof createApiKeySchema>;

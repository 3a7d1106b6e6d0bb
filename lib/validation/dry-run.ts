import { z } from 'zod';
import { MAX_BODY_BYTES } from '@/lib/incidents/http/read-body';

// The dry run page's request: a pasted payload (any format ingest accepts; the sample is one too), or a
// stored incident by id.
export const dryRunSchema = z.discriminatedUnion('source', [
  z.object({ source: z.literal('payload'), payload: z.string().trim().min(1, 'dryRunPayloadRequired').max(MAX_BODY_BYTES, 'dryRunPayloadTooLarge') }),
  z.object({ source: z.literal('stored'), incidentId: z.uuid() }),
]);

export type DryRunInput = z.infer<typeof dryRunSchema>;

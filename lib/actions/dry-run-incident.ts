'use server';

import { defineAction } from '@/lib/actions/safe-action';
import { dryRunForViewer } from '@/lib/data/dry-run';
import { dryRunSchema } from '@/lib/validation/dry-run';

// "Test an incident against the rules": stores and sends nothing, so viewing incidents is enough.
export const dryRunIncidentAction = defineAction(
  { name: 'dryRunIncident', operation: 'incidents.view', schema: dryRunSchema },
  async (input, { ctx }) => dryRunForViewer(ctx, input),
);

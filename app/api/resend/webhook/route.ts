import { handleProviderWebhook } from '@/lib/notifications/provider-webhook-http';

// Resend's delivery events (delivered, delayed, bounced, complained, failed, suppressed); see lib/notifications.
export const runtime = 'nodejs';

export function POST(request: Request): Promise<Response> {
  return handleProviderWebhook(request);
}

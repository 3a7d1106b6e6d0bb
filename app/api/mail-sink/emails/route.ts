import { handleSinkPost } from '@/lib/mail-sink/http';

// Local stand-in for Resend's POST /emails, used when no RESEND_API_KEY is configured.
export function POST(request: Request): Promise<Response> {
  return handleSinkPost(request, 'emails');
}

import { handleCreateSilence, handleListSilences } from '@/lib/silences-api/handlers';

// Silences as code (lib/silences-api): an API key with silences:read lists, with silences:write creates.
export const runtime = 'nodejs';

export const GET = (request: Request) => handleListSilences(request);
export const POST = (request: Request) => handleCreateSilence(request);

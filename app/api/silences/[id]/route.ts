import { handleEndSilence, handleExtendSilence, handleGetSilence } from '@/lib/silences-api/handlers';

// One silence: read (silences:read), extended to a later end (PATCH) or ended now (DELETE) with silences:write.
export const runtime = 'nodejs';

type Params = { params: Promise<{ id: string }> };

export const GET = async (request: Request, { params }: Params) => handleGetSilence(request, (await params).id);
export const PATCH = async (request: Request, { params }: Params) => handleExtendSilence(request, (await params).id);
export const DELETE = async (request: Request, { params }: Params) => handleEndSilence(request, (await params).id);

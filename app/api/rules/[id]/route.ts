import { handleDeleteRule, handleGetRule, handleUpdateRule } from '@/lib/rules-api/handlers';

// Rules as code: one rule, read, replaced (If-Match) or deleted (If-Match) with an API key (lib/rules-api).
export const runtime = 'nodejs';

type Params = { params: Promise<{ id: string }> };

export const GET = async (request: Request, { params }: Params) => handleGetRule(request, (await params).id);
export const PUT = async (request: Request, { params }: Params) => handleUpdateRule(request, (await params).id);
export const DELETE = async (request: Request, { params }: Params) => handleDeleteRule(request, (await params).id);

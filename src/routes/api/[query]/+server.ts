import { runQuery } from '$lib/server/api/respond';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ params, url }) => runQuery(params.query, url.searchParams);

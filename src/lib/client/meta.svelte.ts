// What the filter bar needs from the server once: option lists, the data's span, the default range, the settings.
import type { Meta } from '$lib/api/contract';
import { source } from './api';

export type { Meta };

export const meta = $state<{ current: Meta | null; error: string | null }>({ current: null, error: null });

let started = false;
export function loadMeta(): void {
	if (started) return;
	started = true;
	source('meta', {})
		.then((m) => (meta.current = m))
		.catch((e) => (meta.error = e instanceof Error ? e.message : String(e)));
}

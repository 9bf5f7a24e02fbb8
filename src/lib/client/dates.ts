// The browser's date range: the arithmetic is src/lib/months.ts.
import { defaultRange } from '../months';

/** The effective range: the URL's, else the default (twelve complete months up to the last complete one). */
export function effectiveRange(f: { from?: string; to?: string }, lastComplete: string | null): { from?: string; to?: string } {
	if (f.from || f.to || !lastComplete) return { from: f.from, to: f.to };
	return defaultRange(lastComplete);
}

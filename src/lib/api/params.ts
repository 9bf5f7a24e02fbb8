// The parameters a data source takes beyond the filters, declared as data so
// that the server validates them and the browser types them from one place.

/** The filters that take a list of values (?region=上海&region=江苏: any of them), for the server and the browser alike. */
export const MULTI_VALUE_FILTERS = ['region', 'model'] as const;
export type MultiValueFilter = (typeof MULTI_VALUE_FILTERS)[number];
/** The most values one multi-value filter takes. */
export const MAX_FILTER_VALUES = 50;

export type ParamSpec =
	| { kind: 'enum'; values: readonly string[]; required: boolean }
	| { kind: 'number'; max: number; required: false; zero?: boolean }
	| { kind: 'month'; required: boolean }
	| { kind: 'text'; required: false };

export const oneOf = <const V extends readonly string[]>(values: V) => ({ kind: 'enum', values, required: true }) as const;
export const optionalOneOf = <const V extends readonly string[]>(values: V) => ({ kind: 'enum', values, required: false }) as const;
/** a number above 0 and at most max */
export const positive = (max: number) => ({ kind: 'number', max, required: false }) as const;
/** a number from 0 (inclusive) to max */
export const share = (max: number) => ({ kind: 'number', max, required: false, zero: true }) as const;
export const month = <const R extends boolean>(required: R) => ({ kind: 'month', required }) as const;
/** free text up to 200 characters, no control characters */
export const text = { kind: 'text', required: false } as const;

type ValueOf<P> = P extends { kind: 'enum'; values: readonly (infer V)[] } ? V : P extends { kind: 'number' } ? number : string;

/** The parsed parameters of a spec: required ones always there, the rest may be null. */
export type ParamValues<S> = { [K in keyof S as S[K] extends { required: true } ? K : never]: ValueOf<S[K]> } & {
	[K in keyof S as S[K] extends { required: true } ? never : K]?: ValueOf<S[K]> | null;
};

export class ParamError extends Error {}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** One parameter from its raw text: the value, null when absent, or a ParamError saying what is wrong. */
export function parseParam(name: string, spec: ParamSpec, raw: string | null): string | number | null {
	if (raw === null || raw === '') {
		if (spec.required)
			throw new ParamError(spec.kind === 'enum' ? `${name} must be one of ${spec.values.join(', ')}` : `${name} is required`);
		return null;
	}
	switch (spec.kind) {
		case 'enum':
			if (!spec.values.includes(raw)) throw new ParamError(`${name} must be one of ${spec.values.join(', ')}`);
			return raw;
		case 'number': {
			const v = Number(raw);
			if (!Number.isFinite(v) || v < 0 || (v === 0 && !spec.zero) || v > spec.max)
				throw new ParamError(`${name} must be a number from 0 to ${spec.max}`);
			return v;
		}
		case 'month':
			if (!MONTH.test(raw)) throw new ParamError(`${name} must be a month YYYY-MM`);
			return raw;
		case 'text':
			if (raw.length > 200 || /[\u0000-\u001f]/.test(raw)) throw new ParamError(`${name} is not a valid value`);
			return raw;
	}
}

/** Every parameter of a spec from a query string. */
export function parseParams<S extends Record<string, ParamSpec>>(spec: S, params: URLSearchParams): ParamValues<S> {
	const out: Record<string, string | number | null> = {};
	for (const [name, p] of Object.entries(spec)) out[name] = parseParam(name, p, params.get(name));
	return out as ParamValues<S>;
}

/** A parameter as the browser reads it from its own URL: the value, or null when absent or invalid. */
export function readParam(name: string, spec: ParamSpec, raw: string | null): string | number | null {
	try {
		return parseParam(name, spec, raw);
	} catch {
		return null;
	}
}

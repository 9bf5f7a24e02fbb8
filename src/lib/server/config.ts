// Everything the process is configured by, read once: the environment
// variables (ENV_VARS, each documented in README § Environment) and the
// settings file, validated against the shape of DEFAULT_SETTINGS and deep-merged
// over it. Entry points call config() (or settings()); the metric layer takes
// the settings as an argument.
import { existsSync, readFileSync } from 'node:fs';
import { parseWebhooks } from './cases/webhook';
import { DEFAULT_SETTINGS, type Settings } from './settings';

/** Every environment variable fieldloop reads, with its default and meaning (README § Environment lists the same). */
export const ENV_VARS = {
	DB: { default: 'data/warehouse.duckdb', meaning: 'the warehouse file the server reads (commands take --db instead)' },
	PORT: { default: '3000', meaning: 'port the server listens on' },
	HOST: { default: '127.0.0.1', meaning: 'interface the server listens on' },
	BODY_SIZE_LIMIT: { default: 'Infinity', meaning: "adapter-node's request body limit; uploads are limited by upload_max_mb instead" },
	ORIGIN: { default: '', meaning: 'the address users reach the server at (https://…), behind a proxy; its host is allowed' },
	PROTOCOL_HEADER: { default: '', meaning: 'the header a proxy names the protocol in (x-forwarded-proto), trusted only when set' },
	ALLOWED_HOSTS: { default: '', meaning: 'further host names the server answers to, comma-separated (.example.com: and its subdomains)' },
	SHUTDOWN_TIMEOUT: { default: '30', meaning: 'seconds the server waits for open requests when stopped' },
	ADMIN_TOKEN: { default: '', meaning: 'allows browser uploads to whoever gives this token; unset, uploading is off' },
	VIEW_TOKEN: { default: '', meaning: 'every page and data source needs this token; unset, the dashboard is open' },
	FIELDLOOP_SETTINGS: { default: 'fieldloop.settings.json', meaning: 'the settings file (targets and the definitions’ knobs)' },
	FIELDLOOP_NO_CACHE: { default: '', meaning: '1 turns the server’s result cache off (the benchmark measures the queries)' },
	UV_THREADPOOL_SIZE: {
		default: '16',
		meaning: 'threads for the server’s queries and file reads (scripts/serve.js; each running query holds one)'
	},
	FIELDLOOP_WARM: {
		default: '1',
		meaning: '0 turns off the server reading the overview’s data as soon as it listens (on: its first visitor finds it read)'
	},
	FIELDLOOP_TRACE: { default: '', meaning: '1 prints each ingest phase’s time to stderr' },
	FIELDLOOP_MEMORY_LIMIT: { default: '600MB', meaning: 'DuckDB memory limit of npm run ingest' },
	FIELDLOOP_LOCK_WAIT: { default: '60', meaning: 'seconds a command waits for the warehouse another process is writing' },
	CHROMIUM_PATH: { default: '/usr/bin/chromium', meaning: 'the Chromium that prints the review as PDF' },
	FIELDLOOP_BUILD_DIR: { default: 'build', meaning: 'where npm start and the tests find the built server' }
} as const;

export type EnvName = keyof typeof ENV_VARS;

export interface Env {
	db: string;
	port: number;
	host: string;
	bodySizeLimit: string;
	origin: string | null;
	protocolHeader: string | null;
	allowedHosts: string[];
	shutdownTimeoutSeconds: number;
	/** null: uploading is off */
	adminToken: string | null;
	/** null: no token needed to view */
	viewToken: string | null;
	settingsPath: string;
	/** true unless FIELDLOOP_NO_CACHE is set */
	cache: boolean;
	/** false when FIELDLOOP_WARM is 0: the warm-up when the server starts (src/lib/server/warm.ts), on by default */
	warm: boolean;
	trace: boolean;
	memoryLimit: string;
	lockWaitSeconds: number;
	buildDir: string;
}

export class ConfigError extends Error {
	/** the environment variable or settings key at fault, e.g. 'PORT' or 'emerging.p_value' */
	constructor(
		readonly key: string,
		message: string
	) {
		super(message);
		this.name = 'ConfigError';
	}
}

/** The environment as typed values; `source` is process.env unless a test passes its own. */
export function readEnv(source: Record<string, string | undefined> = process.env): Env {
	const get = (name: EnvName): string => {
		const v = source[name];
		return v === undefined || v === '' ? ENV_VARS[name].default : v;
	};
	const seconds = (name: EnvName): number => {
		const v = Number(get(name));
		if (!(v >= 0)) throw new ConfigError(name, `${name} must be a number of seconds, got ${JSON.stringify(get(name))}`);
		return v;
	};
	const port = Number(get('PORT'));
	if (!Number.isInteger(port) || port < 0 || port > 65535)
		throw new ConfigError('PORT', `PORT must be a port number, got ${JSON.stringify(get('PORT'))}`);
	return {
		db: get('DB'),
		port,
		host: get('HOST'),
		bodySizeLimit: get('BODY_SIZE_LIMIT'),
		origin: get('ORIGIN') || null,
		protocolHeader: get('PROTOCOL_HEADER') || null,
		allowedHosts: get('ALLOWED_HOSTS')
			.split(',')
			.map((h) => h.trim())
			.filter(Boolean),
		shutdownTimeoutSeconds: seconds('SHUTDOWN_TIMEOUT'),
		adminToken: get('ADMIN_TOKEN') || null,
		viewToken: get('VIEW_TOKEN') || null,
		settingsPath: get('FIELDLOOP_SETTINGS'),
		cache: !get('FIELDLOOP_NO_CACHE'),
		warm: get('FIELDLOOP_WARM') !== '0',
		trace: !!get('FIELDLOOP_TRACE'),
		memoryLimit: get('FIELDLOOP_MEMORY_LIMIT'),
		lockWaitSeconds: seconds('FIELDLOOP_LOCK_WAIT'),
		buildDir: get('FIELDLOOP_BUILD_DIR')
	};
}

// ---------------------------------------------------------------------------------------------
// The settings file

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const kindOf = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
const show = (v: unknown): string => JSON.stringify(v)?.slice(0, 60) ?? String(v);

/**
 * `value` checked against the default's shape and merged over it: objects key
 * by key (a key the defaults lack is an error), arrays replaced whole (each
 * element shaped like the default's elements), numbers finite and not negative.
 * A target is replaced whole: { "min": x } or { "max": x }, x from 0 to 1.
 */
function merge(def: unknown, value: unknown, key: string): unknown {
	if (key.startsWith('targets.')) return target(value, key);
	if (key === 'webhooks') return webhooks(value);
	if (isObject(def)) {
		if (!isObject(value)) throw new ConfigError(key, `${key} must be an object, got ${show(value)}`);
		const out: Record<string, unknown> = { ...def };
		for (const [k, v] of Object.entries(value)) {
			const sub = key ? `${key}.${k}` : k;
			if (!(k in def)) throw new ConfigError(sub, `${sub} is not a setting (${key || 'the file'} has ${Object.keys(def).join(', ')})`);
			out[k] = merge(def[k], v, sub);
		}
		return out;
	}
	if (Array.isArray(def)) {
		if (!Array.isArray(value)) throw new ConfigError(key, `${key} must be an array, got ${show(value)}`);
		// an empty default shows no element to shape the values by: such a list needs a check of its own (as webhooks has)
		if (def.length === 0 && value.length > 0) throw new Error(`config.ts has no check for the elements of ${key}`);
		return value.map((v, i) => element(def, v, `${key}[${i}]`));
	}
	if (kindOf(value) !== kindOf(def)) throw new ConfigError(key, `${key} must be a ${kindOf(def)}, got ${show(value)}`);
	if (typeof value === 'number' && !(Number.isFinite(value) && value >= 0))
		throw new ConfigError(key, `${key} must be a number of at least 0, got ${show(value)}`);
	return value;
}

/** An array element: every key the default elements have, each of a kind one of them has (bands' max_km: a number or null). */
function element(defs: unknown[], value: unknown, key: string): unknown {
	if (!defs.every(isObject)) return merge(defs[0], value, key);
	if (!isObject(value)) throw new ConfigError(key, `${key} must be an object, got ${show(value)}`);
	const keys = [...new Set(defs.flatMap((d) => Object.keys(d)))];
	for (const k of Object.keys(value))
		if (!keys.includes(k)) throw new ConfigError(`${key}.${k}`, `${key}.${k} is not a setting (${keys.join(', ')})`);
	for (const k of keys) {
		const kinds = [...new Set(defs.map((d) => kindOf(d[k])))];
		const v = value[k];
		if (!kinds.includes(kindOf(v))) throw new ConfigError(`${key}.${k}`, `${key}.${k} must be ${kinds.join(' or ')}, got ${show(v)}`);
		if (typeof v === 'number') merge(0, v, `${key}.${k}`);
	}
	return value;
}

/** The webhooks' own check (src/lib/server/cases/webhook.ts): an empty default has no element to shape them by. */
function webhooks(value: unknown): unknown {
	try {
		return parseWebhooks(value);
	} catch (e) {
		throw new ConfigError('webhooks', (e as Error).message);
	}
}

function target(value: unknown, key: string): unknown {
	const keys = isObject(value) ? Object.keys(value) : [];
	const v = isObject(value) ? value[keys[0]] : undefined;
	if (keys.length !== 1 || !['min', 'max'].includes(keys[0]) || typeof v !== 'number' || !(v >= 0 && v <= 1))
		throw new ConfigError(key, `${key} must be { "min": x } or { "max": x } with x from 0 to 1, got ${show(value)}`);
	return { [keys[0]]: v };
}

/** Rules across keys, after the merge. */
const RULES: [key: string, ok: (s: Settings) => boolean, what: string][] = [
	['tenure_days.developing_below', (s) => s.tenure_days.developing_below > s.tenure_days.new_below, 'must be above tenure_days.new_below'],
	['emerging.p_value', (s) => s.emerging.p_value > 0 && s.emerging.p_value < 1, 'must lie between 0 and 1'],
	[
		'emerging.min_history_months',
		(s) => Number.isInteger(s.emerging.min_history_months) && s.emerging.min_history_months >= 1,
		'must be a whole number of months, at least 1'
	],
	[
		'emerging.history_months',
		(s) => Number.isInteger(s.emerging.history_months) && s.emerging.history_months >= s.emerging.min_history_months,
		'must be a whole number of months, at least emerging.min_history_months'
	],
	['emerging.false_alarms_per_month', (s) => s.emerging.false_alarms_per_month > 0, 'must be above 0'],
	[
		'emerging.baseline_months',
		(s) => Number.isInteger(s.emerging.baseline_months) && s.emerging.baseline_months >= 1,
		'must be a whole number of months, at least 1'
	],
	[
		'staffing.working_days_per_week',
		(s) => s.staffing.working_days_per_week > 0 && s.staffing.working_days_per_week <= 7,
		'must be from 1 to 7'
	],
	['staffing.jobs_per_technician_per_day', (s) => s.staffing.jobs_per_technician_per_day > 0, 'must be above 0'],
	['satisfied_min_score', (s) => s.satisfied_min_score >= 1 && s.satisfied_min_score <= 5, 'must be a score from 1 to 5'],
	['promised_response.bands', (s) => s.promised_response.bands.length > 0, 'must have at least one band']
];

/** A settings object (the parsed file) validated and deep-merged over DEFAULT_SETTINGS; `source` names it in errors. */
export function parseSettings(raw: unknown, source = 'settings'): Settings {
	try {
		// merged over a copy: a caller that changes its settings never changes the defaults
		const s = merge(structuredClone(DEFAULT_SETTINGS), raw, '') as Settings;
		for (const [key, ok, what] of RULES) if (!ok(s)) throw new ConfigError(key, `${key} ${what}`);
		return s;
	} catch (e) {
		if (e instanceof ConfigError) throw new ConfigError(e.key, `${source}: ${e.message}`);
		throw e;
	}
}

/** The settings file at `path` (the defaults when there is none). */
export function readSettingsFile(path: string): Settings {
	if (!existsSync(path)) return parseSettings({}, path);
	let raw: unknown;
	try {
		raw = JSON.parse(readFileSync(path, 'utf8'));
	} catch (e) {
		throw new ConfigError('', `${path} is not valid JSON: ${(e as Error).message}`);
	}
	return parseSettings(raw, path);
}

// ---------------------------------------------------------------------------------------------
// Read once

export interface Config {
	env: Env;
	settings: Settings;
}

let loaded: Config | null = null;

/** The environment and the settings, read on first use and kept. */
export function config(): Config {
	if (!loaded) {
		const env = readEnv();
		loaded = { env, settings: readSettingsFile(env.settingsPath) };
	}
	return loaded;
}

export const settings = (): Settings => config().settings;

/** Forget what was read (tests that change the environment or the file between cases). */
export function resetConfig(): void {
	loaded = null;
}

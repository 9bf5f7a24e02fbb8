// src/lib/server/config.ts: the environment read once into typed values, the
// settings file validated against the defaults' shape and deep-merged over them,
// and the README's Environment table kept equal to what the code reads.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config, ConfigError, ENV_VARS, parseSettings, readEnv, readSettingsFile, resetConfig } from '../../src/lib/server/config';
import { DEFAULT_SETTINGS } from '../../src/lib/server/settings';

const ROOT = path.resolve(__dirname, '../..');
let dir: string;
let savedEnv: string | undefined;

beforeAll(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fl-config-'));
	savedEnv = process.env.FIELDLOOP_SETTINGS;
});

afterAll(() => {
	if (savedEnv === undefined) delete process.env.FIELDLOOP_SETTINGS;
	else process.env.FIELDLOOP_SETTINGS = savedEnv;
	resetConfig();
	fs.rmSync(dir, { recursive: true, force: true });
});

/** The error parseSettings throws for `raw`. */
function errorOf(raw: unknown): ConfigError {
	try {
		parseSettings(raw, 'my.json');
	} catch (e) {
		if (e instanceof ConfigError) return e;
		throw e;
	}
	throw new Error(`no error for ${JSON.stringify(raw)}`);
}

describe('readEnv', () => {
	it('gives the documented defaults for an empty environment', () => {
		expect(readEnv({})).toEqual({
			db: 'data/warehouse.duckdb',
			port: 3000,
			host: '127.0.0.1',
			bodySizeLimit: 'Infinity',
			origin: null,
			protocolHeader: null,
			allowedHosts: [],
			shutdownTimeoutSeconds: 30,
			adminToken: null,
			viewToken: null,
			settingsPath: 'fieldloop.settings.json',
			cache: true,
			warm: true,
			trace: false,
			memoryLimit: '600MB',
			lockWaitSeconds: 60,
			buildDir: 'build'
		});
	});
	it('the warm-up is on unless FIELDLOOP_WARM=0', () => {
		expect([
			readEnv({ FIELDLOOP_WARM: '0' }).warm,
			readEnv({ FIELDLOOP_WARM: '1' }).warm,
			readEnv({ FIELDLOOP_WARM: '' }).warm,
			readEnv({}).warm
		]).toEqual([false, true, true, true]);
	});
	it('types what is set; an empty string counts as unset', () => {
		const env = readEnv({
			PORT: '8080',
			ADMIN_TOKEN: 'a1',
			VIEW_TOKEN: '',
			FIELDLOOP_NO_CACHE: '1',
			FIELDLOOP_TRACE: '1',
			DB: '/srv/w.duckdb'
		});
		expect([env.port, env.adminToken, env.viewToken, env.cache, env.trace, env.db]).toEqual([
			8080,
			'a1',
			null,
			false,
			true,
			'/srv/w.duckdb'
		]);
		expect(readEnv({ ALLOWED_HOSTS: 'dash.example.com, .corp.example ,' }).allowedHosts).toEqual(['dash.example.com', '.corp.example']);
	});
	it('refuses a port that is not one, naming the variable', () => {
		expect(() => readEnv({ PORT: 'http' })).toThrow(/PORT must be a port number, got "http"/);
		expect(() => readEnv({ PORT: '70000' })).toThrow(ConfigError);
		expect(() => readEnv({ FIELDLOOP_LOCK_WAIT: 'soon' })).toThrow(/FIELDLOOP_LOCK_WAIT must be a number of seconds, got "soon"/);
	});
});

describe('parseSettings', () => {
	it('an empty file is the defaults, as a copy', () => {
		const s = parseSettings({});
		expect(s).toEqual(DEFAULT_SETTINGS);
		s.emerging.p_value = 0.5;
		expect(DEFAULT_SETTINGS.emerging.p_value).toBe(0.01);
	});
	it('merges key by key at any depth', () => {
		const s = parseSettings({ emerging: { p_value: 0.05 }, repeat_visit_days: 14 });
		expect(s.emerging).toEqual({ ...DEFAULT_SETTINGS.emerging, p_value: 0.05 });
		expect(s.repeat_visit_days).toBe(14);
		expect(s.tenure_days).toEqual(DEFAULT_SETTINGS.tenure_days);
		expect(s.targets).toEqual(DEFAULT_SETTINGS.targets);
	});
	it('replaces a target whole, so a max can become a min', () => {
		const s = parseSettings({ targets: { rework_rate: { min: 0.9 } } });
		expect(s.targets.rework_rate).toEqual({ min: 0.9 });
		expect(s.targets.complaint_rate).toEqual({ max: 0.03 });
	});
	it('replaces an array whole, each element shaped like the defaults’ (max_km a number or null)', () => {
		const bands = [
			{ max_km: 50, hours: 12 },
			{ max_km: null, hours: 36 }
		];
		expect(parseSettings({ promised_response: { bands } }).promised_response).toEqual({ unknown_distance_hours: 24, bands });
	});
	it('names the key of a typo, with the file and the keys it could have meant', () => {
		const e = errorOf({ emerging: { pvalue: 0.05 } });
		expect(e.key).toBe('emerging.pvalue');
		expect(e.message).toBe(
			'my.json: emerging.pvalue is not a setting (emerging has history_months, min_history_months, false_alarms_per_month, min_cases, baseline_months, p_value, min_baseline)'
		);
		expect(errorOf({ tenure: {} }).key).toBe('tenure');
	});
	it('names the key of a wrong type or value', () => {
		expect(errorOf({ repeat_visit_days: '30' }).message).toBe('my.json: repeat_visit_days must be a number, got "30"');
		expect(errorOf({ staffing: 4 }).message).toBe('my.json: staffing must be an object, got 4');
		expect(errorOf({ upload_max_mb: -1 }).key).toBe('upload_max_mb');
		expect(errorOf({ promised_response: { bands: [{ max_km: '50', hours: 12 }] } }).key).toBe('promised_response.bands[0].max_km');
		expect(errorOf({ promised_response: { bands: [{ hours: 12 }] } }).message).toBe(
			'my.json: promised_response.bands[0].max_km must be number or null, got undefined'
		);
		expect(errorOf({ targets: { rework_rate: { max: 5 } } }).key).toBe('targets.rework_rate');
		expect(errorOf({ targets: { rework_rate: { min: 0.1, max: 0.2 } } }).key).toBe('targets.rework_rate');
		expect(errorOf({ targets: { rework_ratio: { max: 0.1 } } }).key).toBe('targets.rework_ratio');
		expect(errorOf([]).message).toBe('my.json:  must be an object, got []');
	});
	it('takes the emerging-issue knobs METRICS.md documents', () => {
		const s = parseSettings({ emerging: { history_months: 36, min_history_months: 18, false_alarms_per_month: 0.2 } });
		expect([s.emerging.history_months, s.emerging.min_history_months, s.emerging.false_alarms_per_month, s.emerging.min_cases]).toEqual([
			36, 18, 0.2, 5
		]);
		expect(errorOf({ emerging: { history_months: 10 } }).message).toBe(
			'my.json: emerging.history_months must be a whole number of months, at least emerging.min_history_months'
		);
		expect(errorOf({ emerging: { false_alarms_per_month: 0 } }).key).toBe('emerging.false_alarms_per_month');
	});
	it('checks rules across keys', () => {
		expect(errorOf({ tenure_days: { new_below: 400 } }).message).toBe(
			'my.json: tenure_days.developing_below must be above tenure_days.new_below'
		);
		expect(errorOf({ emerging: { p_value: 1 } }).key).toBe('emerging.p_value');
		expect(errorOf({ emerging: { baseline_months: 2.5 } }).key).toBe('emerging.baseline_months');
		expect(errorOf({ staffing: { working_days_per_week: 8 } }).key).toBe('staffing.working_days_per_week');
		expect(errorOf({ satisfied_min_score: 0 }).key).toBe('satisfied_min_score');
	});
});

describe('readSettingsFile and config()', () => {
	it('a missing file is the defaults; a broken one names the file', () => {
		expect(readSettingsFile(path.join(dir, 'none.json'))).toEqual(DEFAULT_SETTINGS);
		const broken = path.join(dir, 'broken.json');
		fs.writeFileSync(broken, '{ "repeat_visit_days": 30,, }');
		expect(() => readSettingsFile(broken)).toThrow(new RegExp(`^${broken.replace(/[.\\/]/g, '\\$&')} is not valid JSON`));
	});
	it('reads the file FIELDLOOP_SETTINGS names once, until reset', () => {
		const file = path.join(dir, 'settings.json');
		fs.writeFileSync(file, JSON.stringify({ repeat_visit_days: 7 }));
		process.env.FIELDLOOP_SETTINGS = file;
		resetConfig();
		expect(config().settings.repeat_visit_days).toBe(7);
		expect(config().env.settingsPath).toBe(file);
		fs.writeFileSync(file, JSON.stringify({ repeat_visit_days: 21 }));
		expect(config().settings.repeat_visit_days).toBe(7);
		resetConfig();
		expect(config().settings.repeat_visit_days).toBe(21);
	});
	it('the project’s own settings file is valid', () => {
		expect(() => readSettingsFile(path.join(ROOT, 'fieldloop.settings.json'))).not.toThrow();
	});
});

describe('every environment variable is in ENV_VARS and in the README', () => {
	const files = (d: string): string[] =>
		fs.readdirSync(path.join(ROOT, d), { withFileTypes: true }).flatMap((e) => {
			const rel = path.join(d, e.name);
			if (e.isDirectory()) return files(rel);
			return /\.(ts|js|svelte)$/.test(e.name) ? [rel] : [];
		});
	it('what src/ and scripts/ read (process.env.X, or env.X of an env that defaults to it)', () => {
		const read = new Set<string>();
		for (const f of [...files('src'), ...files('scripts')])
			for (const m of fs.readFileSync(path.join(ROOT, f), 'utf8').matchAll(/\benv\.([A-Z][A-Z0-9_]*)\b/g)) read.add(m[1]);
		expect(read.size).toBeGreaterThan(0);
		expect([...read].filter((v) => !(v in ENV_VARS))).toEqual([]);
	});
	it('the README table lists exactly ENV_VARS, with their defaults', () => {
		const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
		const section = readme.slice(readme.indexOf('## Environment'), readme.indexOf('\n## ', readme.indexOf('## Environment') + 1));
		const rows = [...section.matchAll(/^\| `([A-Z_]+)` \| ([^|]+) \|/gm)].map((m) => [m[1], m[2].trim()]);
		expect(rows.map((r) => r[0]).sort()).toEqual(Object.keys(ENV_VARS).sort());
		for (const [name, shown] of rows) {
			const d = ENV_VARS[name as keyof typeof ENV_VARS].default;
			if (d) expect(shown, name).toBe(`\`${d}\``);
			else expect(shown, name).toMatch(/^unset/);
		}
	});
});

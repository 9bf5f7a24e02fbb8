// The rollup tiers: ticket_facts counted by the filter dimensions at a coarser
// grain, declared once as data (TIERS: table, time grain, key columns, how
// repeat visits are kept, the tier it is summed from), as Rill's metrics views
// and Druid's rollups declare them. One compiler (tierSql) makes each tier's
// build, its delta at ingest and what route() may send to it; route() picks the
// smallest tier that can answer a figure, else the facts. Each row holds the
// numerators and denominators of the six headline rates (docs/METRICS.md §
// Rollups), so a routed figure is the same count as the facts'.
//
// created_at is the day (or the month's first day) at midnight, so the filters'
// date conditions (created_at >= from, < to + 1 day) and the month/week/day
// truncations read it unchanged; a month tier answers only figures that group
// time by month or coarser, over whole months. What depends on a setting:
// - repeat-visit window: either a bucket key, nr_days = the fewest whole days d
//   with next_repair_hours <= d * 24 (up to NR_DAYS_CAP), so "<= visit_days * 24"
//   is "nr_days <= visit_days" for a whole number of days; or a count
//   (repeat_visits) made with the repeat_visit_days of the build, stamped;
// - satisfied score: counts of scores >= 1..5 (scores are whole numbers);
// - promised hours: the on-time count for the promised_response of the build,
//   stamped in meta ('rollup' for ticket_rollup, 'rollup:<table>' for the others);
//   a figure asked with other settings reads another tier or the facts.
// Kept inside the transaction that changes ticket_facts (facts.ts refreshDerived):
// the counts of the facts rows replaced come off their groups, the new rows' go
// on; a tier summed from another takes its delta from that tier's delta.
import type { KpiName } from '../kpi';
import { monthEnd, monthOf } from '../months';
import { settings as configured } from './config';
import type { Settings } from './settings';
import { dropTemp, type SqlRunner } from './sql-runner';
import { createTableAs } from './stored-table';
import { mergeCounts } from './merge-counts';
import { metaRows } from './meta-memo';
import { measure } from './metrics/measures';
import { collectCompletionDelta, rebuildCompletion, refreshCompletion } from './completion-tier';
import { FILTER_COLUMNS } from './metrics/dimensions';
import type { Filters } from './metrics/filters';

/** Repeat-visit buckets kept: windows up to two years. */
export const NR_DAYS_CAP = 730;

export interface TierDecl {
	table: string;
	/** created_at kept to the day, or to the month's first day */
	grain: 'day' | 'month';
	/** ticket_facts columns kept as group keys, besides created_at */
	keys: readonly string[];
	/** repeat visits: nr_days as a key (any whole-day window), or a count at the settings' window (stamped) */
	visits: 'buckets' | 'count';
	/** the tier it is summed from (its build and its delta), else ticket_facts */
	parent?: string;
}

const SCOPE = ['region', 'city', 'product_model', 'team', 'team_type'];

/**
 * The tiers, smallest first (rows at 10M tickets, 3 years: month 23,220; technician 327,733; day 894,885): route()
 * takes the first that can answer. The day tier is the one every other figure falls back to before the facts.
 */
export const TIERS: readonly TierDecl[] = [
	{ table: 'ticket_rollup_month', grain: 'month', keys: [...SCOPE, 'type', 'fault_component'], visits: 'count', parent: 'ticket_rollup' },
	// technician and tenure (tenure_days follows from the technician and the day); region, city and team nearly follow
	// from the technician, so they cost few rows; the model does not (7× the rows), and is left to the other tiers
	{
		table: 'ticket_rollup_technician',
		grain: 'day',
		keys: ['technician_id', 'tenure_days', 'region', 'city', 'team', 'team_type', 'type'],
		visits: 'count'
	},
	{ table: 'ticket_rollup', grain: 'day', keys: [...SCOPE, 'type', 'fault_component'], visits: 'buckets' }
];

/** Build order: a tier after the one it is summed from. */
export const BUILD_ORDER = [...TIERS].sort((a, b) => Number(!!a.parent) - Number(!!b.parent));

const tierOf = (table: string): TierDecl => {
	const t = TIERS.find((x) => x.table === table);
	if (!t) throw new Error(`no rollup tier ${table}`);
	return t;
};

const BASE_COUNTS = [
	'n',
	'jobs',
	'jobs_reworked',
	'repeat_installs',
	'arrived',
	'on_time',
	'sat_n',
	...[1, 2, 3, 4, 5].map((k) => `sat_ge_${k}`)
];

/** A tier's key columns and count columns, in table order. */
function columnsOf(t: TierDecl): { keys: string[]; counts: string[] } {
	return {
		keys: ['created_at', ...t.keys, ...(t.visits === 'buckets' ? ['nr_days'] : [])],
		counts: [...BASE_COUNTS, ...(t.visits === 'count' ? ['repeat_visits'] : [])]
	};
}

/** Can a repeat-visit window be read from nr_days buckets? (a whole number of days within the cap) */
const windowInBuckets = (s: Settings) => Number.isInteger(s.repeat_visit_days) && s.repeat_visit_days <= NR_DAYS_CAP;

/** The window a tier's repeat_visits count is made with (null: not counted, the window is not in its parent's buckets). */
function visitWindow(t: TierDecl, s: Settings): number | null {
	if (t.visits !== 'count') return null;
	return t.parent && !windowInBuckets(s) ? null : s.repeat_visit_days;
}

const stampKey = (t: TierDecl) => (t.table === 'ticket_rollup' ? 'rollup' : `rollup:${t.table}`);

/** A tier's stamp: what its settings-dependent counts were made with (ticket_rollup's as it always was). */
function stampOf(t: TierDecl, s: Settings): string {
	if (t.visits === 'buckets') return JSON.stringify({ v: 1, promised_response: s.promised_response });
	return JSON.stringify({ v: 1, promised_response: s.promised_response, repeat_visit_days: visitWindow(t, s) });
}

/** The nr_days bucket of a next_repair_hours value h: the least whole d with h <= d * 24, corrected for rounding of h / 24. */
const NR_DAYS = `CASE WHEN t.next_repair_hours <= ${NR_DAYS_CAP} * 24 THEN
	CASE WHEN t.next_repair_hours > CAST(ceil(t.next_repair_hours / 24) AS INTEGER) * 24 THEN CAST(ceil(t.next_repair_hours / 24) AS INTEGER) + 1
	     WHEN t.next_repair_hours <= (CAST(ceil(t.next_repair_hours / 24) AS INTEGER) - 1) * 24 THEN CAST(ceil(t.next_repair_hours / 24) AS INTEGER) - 1
	     ELSE CAST(ceil(t.next_repair_hours / 24) AS INTEGER) END END`;

/**
 * The one compiler: the rows of tier `t` from `from` (alias t) where `where`. `from` is a table of facts rows
 * (ticket_facts, or the rows an ingest replaced) for a tier without a parent, else rows of the parent tier (the
 * parent itself, or its delta, whose signed counts sum the same way).
 */
function tierSelect(t: TierDecl, where: string, s: Settings, from: string): { sql: string; params: Record<string, number> } {
	const time = t.grain === 'day' ? `CAST(CAST(t.created_at AS DATE) AS TIMESTAMP)` : `date_trunc('month', t.created_at)`;
	const keys = [`${time} AS created_at`, ...t.keys.map((k) => `t.${k}`)];
	const window = visitWindow(t, s);
	const params: Record<string, number> = {};
	let counts: string[];
	if (t.parent) {
		counts = BASE_COUNTS.map((c) => `CAST(sum(t.${c}) AS BIGINT) AS ${c}`);
		if (t.visits === 'buckets') keys.push('t.nr_days');
		else if (window === null) counts.push('CAST(NULL AS BIGINT) AS repeat_visits');
		else {
			// a parent with nr_days buckets (a count tier's parent keeps the buckets)
			counts.push(`CAST(coalesce(sum(t.n) FILTER (WHERE t.type = 'repair' AND t.nr_days <= $visit_days), 0) AS BIGINT) AS repeat_visits`);
			params.visit_days = window;
		}
	} else {
		const rework = measure('rework_rate', s);
		const repeat = measure('repeat_customer_share', s);
		const onTime = measure('on_time_rate', s);
		Object.assign(params, onTime.params);
		counts = [
			'count(*) AS n',
			`count(*) FILTER (WHERE ${rework.den}) AS jobs`,
			`count(*) FILTER (WHERE ${rework.num}) AS jobs_reworked`,
			`count(*) FILTER (WHERE ${repeat.num}) AS repeat_installs`,
			`count(*) FILTER (WHERE ${onTime.den}) AS arrived`,
			`count(*) FILTER (WHERE ${onTime.num}) AS on_time`,
			'count(t.satisfaction) AS sat_n',
			...[1, 2, 3, 4, 5].map((k) => `count(*) FILTER (WHERE t.satisfaction >= ${k}) AS sat_ge_${k}`)
		];
		if (t.visits === 'buckets') keys.push(`${NR_DAYS} AS nr_days`);
		else {
			const visits = measure('repeat_visit_rate', s);
			counts.push(`count(*) FILTER (WHERE ${visits.num}) AS repeat_visits`);
			Object.assign(params, visits.params);
		}
	}
	return {
		sql: `SELECT ${keys.join(', ')}, ${counts.join(', ')} FROM ${from} t WHERE ${where} GROUP BY ALL ORDER BY created_at`,
		params
	};
}

async function writeStamp(db: SqlRunner, t: TierDecl, s: Settings): Promise<void> {
	await db.run(`INSERT INTO meta VALUES ($k, $v) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, {
		k: stampKey(t),
		v: stampOf(t, s)
	});
}

/** Builds one tier whole: from the facts, or from its parent (which must be up to date). */
async function buildTier(db: SqlRunner, t: TierDecl, s: Settings): Promise<void> {
	const q = tierSelect(t, 'TRUE', s, t.parent ?? 'ticket_facts');
	await createTableAs(db, t.table, q.sql, q.params);
	await writeStamp(db, t, s);
}

/** Builds tier `table` whole, and the meta key of its stamp (maintained-tables.ts; its parent must be up to date). */
export const rebuildTier = (db: SqlRunner, table: string, s: Settings = configured()) => buildTier(db, tierOf(table), s);
export const tierStampKey = (table: string) => stampKey(tierOf(table));

/** Builds every tier from all of ticket_facts. */
export async function rebuildRollup(db: SqlRunner, s: Settings = configured()): Promise<void> {
	for (const t of BUILD_ORDER) await buildTier(db, t, s);
	// and the time-to-complete gap counts (completion-tier.ts), kept alongside the tiers
	await rebuildCompletion(db);
}

const deltaTable = (t: TierDecl) => `${t.table}_delta`;

/**
 * Adds the rollup counts of the ticket_facts rows `where` selects (or of the rows of `from`, a table with the
 * facts' columns) to each facts-fed tier's temp delta table, with `sign`: -1 for the rows replaced, +1 for their
 * replacements; `more` tables with their signs in the same statements (each statement costs a few ms on a small
 * ingest). (A tier summed from another takes its delta from that one's in refreshRollup.)
 */
export async function collectRollupDelta(
	db: SqlRunner,
	where: string,
	sign: 1 | -1,
	s: Settings = configured(),
	from = 'ticket_facts',
	...more: [from: string, sign: 1 | -1][]
): Promise<void> {
	const sides: [string, 1 | -1][] = [[from, sign], ...more];
	for (const t of TIERS) {
		if (t.parent) continue;
		const { keys, counts } = columnsOf(t);
		const qs = sides.map(([f, sg]) => ({ sg, ...tierSelect(t, where, s, f) }));
		await db.run(`CREATE TEMP TABLE IF NOT EXISTS ${deltaTable(t)} AS SELECT * FROM (${qs[0].sql}) LIMIT 0`, qs[0].params);
		await db.run(
			`INSERT INTO ${deltaTable(t)} ${qs
				.map((q) => `SELECT ${keys.join(', ')}, ${counts.map((c) => `${q.sg} * ${c}`).join(', ')} FROM (${q.sql})`)
				.join(' UNION ALL ')}`,
			Object.assign({}, ...qs.map((q) => q.params))
		);
	}
	await collectCompletionDelta(db, where, ...sides);
}

/** A YYYY-MM-DD day from the database, checked before it is written into SQL as a constant. */
function isoDay(d: string): string {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) throw new Error(`not a day: ${d}`);
	return d;
}

async function readStamps(db: SqlRunner): Promise<Map<string, string>> {
	// from every meta row, read once per data version in the server (meta-memo.ts)
	const rows = await metaRows(db);
	return new Map([...rows].filter(([k]) => k === 'rollup' || k.startsWith('rollup:')));
}

/**
 * Applies a tier's summed delta (temp `<table>_sum`): each group it touches becomes its old counts plus the
 * delta (a group left with no tickets goes), so the cost follows the changed rows, not the days they fall on;
 * a stored group is updated in place (merge-counts.ts).
 */
async function applyDelta(db: SqlRunner, t: TierDecl): Promise<void> {
	const { keys, counts } = columnsOf(t);
	const sum = `${t.table}_sum`;
	const span = await db.one<{ lo: string | null; hi: string | null }>(
		`SELECT strftime(min(created_at), '%Y-%m-%d') AS lo, strftime(max(created_at), '%Y-%m-%d') AS hi FROM ${sum}`
	);
	if (!span.lo || !span.hi) return;
	// the stored rows of the touched groups, in one pass over the days of the delta (the others are skipped by
	// their zone maps: a constant range the scan can use)
	await mergeCounts(db, {
		table: t.table,
		sum,
		keys,
		counts: counts.map((c) => [c, 'BIGINT'] as const),
		near: `r.created_at BETWEEN DATE '${isoDay(span.lo)}' AND DATE '${isoDay(span.hi)}'`,
		order: 'created_at',
		temp: 'rollup_merged'
	});
}

/**
 * Applies the deltas collectRollupDelta gathered to every tier, parents first: a facts-fed tier sums its own, a
 * tier summed from another sums that one's. A tier made with other settings than these (its stamp), or missing,
 * or whose parent was rebuilt, is rebuilt whole. 'full' when ticket_rollup itself was rebuilt.
 */
export async function refreshRollup(db: SqlRunner, s: Settings = configured()): Promise<'incremental' | 'full'> {
	const temps: string[] = [];
	try {
		const stamps = await readStamps(db);
		// which tiers and deltas exist, in one look-up (each statement costs a few ms on a small ingest)
		const tables = await db.all<{ t: string; tmp: boolean }>(
			`SELECT table_name AS t, temporary AS tmp FROM duckdb_tables() WHERE table_name LIKE 'ticket_rollup%'`
		);
		const exists = (name: string, tmp: boolean) => tables.some((x) => x.t === name && x.tmp === tmp);
		const rebuilt = new Set<string>();
		const summed = new Set<string>();
		for (const t of BUILD_ORDER) {
			const { keys, counts } = columnsOf(t);
			const sum = `${t.table}_sum`;
			temps.push(sum);
			if (!exists(t.table, false) || stamps.get(stampKey(t)) !== stampOf(t, s) || (t.parent !== undefined && rebuilt.has(t.parent))) {
				await buildTier(db, t, s);
				rebuilt.add(t.table);
				continue;
			}
			// this tier's summed delta: its own (facts-fed), or its parent's summed again
			if (t.parent) {
				if (!summed.has(t.parent)) continue;
				const q = tierSelect(t, 'TRUE', s, `${t.parent}_sum`);
				await db.run(`CREATE OR REPLACE TEMP TABLE ${sum} AS ${q.sql}`, q.params);
			} else {
				if (!exists(deltaTable(t), true)) continue;
				await db.run(`CREATE OR REPLACE TEMP TABLE ${sum} AS
					SELECT ${keys.join(', ')}, ${counts.map((c) => `sum(${c}) AS ${c}`).join(', ')} FROM ${deltaTable(t)} GROUP BY ALL`);
			}
			summed.add(t.table);
			await applyDelta(db, t);
		}
		await refreshCompletion(db);
		return rebuilt.has('ticket_rollup') ? 'full' : 'incremental';
	} finally {
		await dropTemp(db, ...TIERS.map(deltaTable), ...temps, 'rollup_merged');
	}
}

/** Where a figure's counts come from: a rollup tier (each row stands for `n` tickets) or the facts (one row each). Both under alias t. */
export interface Source {
	table: string;
	rolled: boolean;
	/** the tier (null for the facts) */
	tier: TierDecl | null;
	/** tickets in the group (the rows' count on the facts, the sum of n on a tier), 0 when none */
	count(): string;
}

export const FACTS: Source = { table: 'ticket_facts', rolled: false, tier: null, count: () => 'count(*)' };
const SOURCES = new Map<string, Source>(
	TIERS.map((t) => [t.table, { table: t.table, rolled: true, tier: t, count: () => 'CAST(coalesce(sum(t.n), 0) AS BIGINT)' }])
);

export interface Needs {
	/** group-by dimensions (metrics/dimensions.ts names) */
	dims?: readonly string[];
	/** the rates counted */
	measures?: readonly KpiName[];
	/** ticket_facts columns read besides the filters' and type (every tier has type; product_model, fault_component, … only some) */
	columns?: readonly string[];
	/** the finest time the figure reads: 'month' when it groups created_at by month or coarser (a month tier may answer) */
	grain?: 'day' | 'month';
}

let enabled = true;
let allowed: readonly string[] | null = null;

/** Routing on (the default) or off: off, every figure reads the facts (tests and benchmarks compare the two). */
export function useRollup(on: boolean): void {
	enabled = on;
}

/** Only these tiers may be routed to (null: all) — a test's way to check each tier against the facts. */
export function onlyTiers(tables: readonly string[] | null): void {
	allowed = tables;
}

/** May `table` (a tier, or another maintained table such as completion-tier.ts's) be routed to: routing on, and not left out by onlyTiers. */
export const routable = (table: string): boolean => enabled && (!allowed || allowed.includes(table));

/** `fn` computed with the routing off: every figure from the facts (to compare with the routed one). */
export async function fromFacts<T>(fn: () => Promise<T>): Promise<T> {
	const was = enabled;
	enabled = false;
	try {
		return await fn();
	} finally {
		enabled = was;
	}
}

/** The column a dimension groups on, when it is a column of the facts (month is a truncation of created_at). */
function dimColumn(d: string): string | null {
	if (d === 'month') return 'created_at';
	if (d === 'tenure') return 'tenure_days';
	return (FILTER_COLUMNS as Record<string, string>)[d] ?? null;
}

/** Whole months: from on a first day, to on a last day (either may be open). */
const wholeMonths = (f: Filters) => (!f.from || f.from.endsWith('-01')) && (!f.to || f.to === monthEnd(monthOf(f.to)));

/** Can tier t answer measure `name` with these settings, given its stamp? */
function measureOn(t: TierDecl, name: KpiName, s: Settings, stamp: string): boolean {
	const made = JSON.parse(stamp) as { promised_response?: unknown; repeat_visit_days?: number | null };
	if (name === 'repeat_visit_rate')
		return t.visits === 'buckets' ? windowInBuckets(s) : made.repeat_visit_days != null && made.repeat_visit_days === visitWindow(t, s);
	if (name === 'satisfaction_rate') return s.satisfied_min_score >= 1 && s.satisfied_min_score <= 5;
	if (name === 'on_time_rate') return JSON.stringify(made.promised_response) === JSON.stringify(s.promised_response);
	return true;
}

/** Can tier t (stamped `stamp`) answer a figure over `f` that needs `needs`? */
function answers(t: TierDecl, f: Filters, needs: Needs, s: Settings, stamp: string): boolean {
	const has = (col: string) => col === 'created_at' || t.keys.includes(col);
	if (t.grain === 'month' && (needs.grain !== 'month' || !wholeMonths(f))) return false;
	for (const [k, v] of Object.entries(f)) {
		if (v === undefined || k === 'from' || k === 'to') continue;
		const col = (FILTER_COLUMNS as Record<string, string>)[k];
		if (!col || !has(col)) return false;
	}
	if (needs.dims?.some((d) => !dimColumn(d) || !has(dimColumn(d)!))) return false;
	if (needs.columns?.some((c) => !has(c))) return false;
	return !needs.measures?.some((m) => !measureOn(t, m, s, stamp));
}

/**
 * The one routing decision: the smallest tier (TIERS order) that has every filter, dimension, column and measure
 * the figure needs, at its time grain and with these settings (its stamp), else the facts.
 */
export async function route(db: SqlRunner, f: Filters, needs: Needs = {}, s: Settings = configured()): Promise<Source> {
	if (!enabled) return FACTS;
	const stamps = await readStamps(db).catch(() => new Map<string, string>());
	for (const t of TIERS) {
		if (allowed && !allowed.includes(t.table)) continue;
		const stamp = stamps.get(stampKey(t));
		if (stamp !== undefined && answers(t, f, needs, s, stamp)) return SOURCES.get(t.table)!;
	}
	return FACTS;
}

/**
 * A measure's denominator and numerator as sums over the rows of a tier (alias t; ticket_rollup when no source
 * is given); the counts measures.ts declares over the facts.
 */
export function rolledMeasure(name: KpiName, s: Settings, src?: Source): { den: string; num: string; params: Record<string, number> } {
	const sum = (expr: string) => `CAST(coalesce(${expr}, 0) AS BIGINT)`;
	switch (name) {
		case 'rework_rate':
			return { den: sum('sum(t.jobs)'), num: sum('sum(t.jobs_reworked)'), params: {} };
		case 'repeat_customer_share':
			return { den: sum(`sum(t.n) FILTER (WHERE t.type = 'install')`), num: sum('sum(t.repeat_installs)'), params: {} };
		case 'repeat_visit_rate':
			return src?.tier?.visits === 'count'
				? { den: sum(`sum(t.n) FILTER (WHERE t.type = 'repair')`), num: sum('sum(t.repeat_visits)'), params: {} }
				: {
						den: sum(`sum(t.n) FILTER (WHERE t.type = 'repair')`),
						num: sum(`sum(t.n) FILTER (WHERE t.type = 'repair' AND t.nr_days <= $visit_days)`),
						params: { visit_days: s.repeat_visit_days }
					};
		case 'on_time_rate':
			return { den: sum('sum(t.arrived)'), num: sum('sum(t.on_time)'), params: {} };
		case 'satisfaction_rate':
			return { den: sum('sum(t.sat_n)'), num: sum(`sum(t.sat_ge_${Math.ceil(s.satisfied_min_score)})`), params: {} };
		case 'complaint_rate':
			return {
				den: sum(`sum(t.n) FILTER (WHERE t.type <> 'complaint')`),
				num: sum(`sum(t.n) FILTER (WHERE t.type = 'complaint')`),
				params: {}
			};
	}
}

/** The tables of the tiers (for content hashes and tests). */
export const TIER_TABLES = TIERS.map((t) => t.table);

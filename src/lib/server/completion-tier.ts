// The time to complete (metrics/service.ts timeToComplete) over whole months, from two small maintained tables
// instead of every completed ticket of the filter. A ticket's gap is completed_at − created_at in whole
// microseconds; the tables count the completed tickets by created month, the scope keys (region, city, team,
// team type) and the gap:
// - completion_gaps: one row per (month, keys, gap): n tickets; also the gap's 10-minute bucket. Sorted by bucket,
//   so the rows of one bucket sit in a few row groups and a scan for it skips the others (zone maps).
// - completion_buckets: one row per (month, keys, bucket): n tickets and sum_us, the exact sum of their gaps.
// The count and the sum (so the mean) come from the buckets; the median's ranks are found in the buckets' running
// count, and the one or two values at those ranks among the gaps of that bucket — so the median is the facts' own,
// exactly, however fine the gaps are (the gap itself is the key, never rounded). At 10M tickets the default twelve
// months read ~70k bucket rows and a few thousand gap rows instead of 3.6M facts.
//
// Kept with the rollup tiers, by the same calls (rollup.ts): built whole by rebuildRollup (the full build) and on
// open when missing (maintained-tables.ts maintainOnOpen), and inside the transaction that changes ticket_facts the facts rows replaced
// come off their groups and their replacements go on (collectRollupDelta → collectCompletionDelta, refreshRollup →
// refreshCompletion). Routing (completionAnswers) takes them only for a filter of whole months on those keys, more
// than one.
import type { TimeToComplete } from '../api/rows';
import { monthEnd, monthOf } from '../months';
import { routable } from './rollup';
import { dropTemp, timestampLiteral, type SqlRunner } from './sql-runner';
import { createTableAs } from './stored-table';
import { ticketWhere, type Filters } from './metrics/filters';
import { mergeCounts } from './merge-counts';
import { metaValue } from './meta-memo';

export const COMPLETION_GAPS = 'completion_gaps';
export const COMPLETION_BUCKETS = 'completion_buckets';
export const COMPLETION_TABLES = [COMPLETION_GAPS, COMPLETION_BUCKETS];

/** The filter dimensions kept (ticket_facts columns, as the filters name them): the model and technician read the facts. */
const KEYS = ['region', 'city', 'team', 'team_type'] as const;
const FILTERS_KEPT = new Set<string>(['from', 'to', 'region', 'city', 'team', 'team_type']);

/** A bucket is 10 minutes of gap (µs): the median's bucket holds at most 600 distinct whole-second gaps. */
export const BUCKET_US = 600_000_000;
const STAMP_KEY = 'completion';
const STAMP = JSON.stringify({ v: 1, bucket_us: BUCKET_US });
export const COMPLETION_STAMP = { key: STAMP_KEY, value: STAMP };
const DELTA = 'completion_delta';

/** A completed ticket's gap in whole microseconds (alias t): the one definition both paths read. */
export const GAP_US = 'epoch_us(t.completed_at) - epoch_us(t.created_at)';

const GAP_KEYS = ['created_at', ...KEYS, 'bucket', 'gap'];
const BUCKET_KEYS = ['created_at', ...KEYS, 'bucket'];

/** The gap rows of the completed tickets among the facts rows of `from` (alias t) that `where` selects, `sign` times their count. */
const gapRows = (
	from: string,
	sign: 1 | -1 = 1,
	where = 'true'
) => `SELECT created_at, ${KEYS.join(', ')}, gap // ${BUCKET_US} AS bucket, gap, CAST(${sign} * count(*) AS BIGINT) AS n
	FROM (SELECT date_trunc('month', t.created_at) AS created_at, ${KEYS.map((k) => `t.${k}`).join(', ')}, ${GAP_US} AS gap
	      FROM ${from} t WHERE t.completed_at IS NOT NULL AND ${where})
	GROUP BY created_at, ${KEYS.join(', ')}, gap`;

/** The bucket rows summed from gap rows (the table, or a signed delta of it). */
const bucketRows = (from: string) => `SELECT ${BUCKET_KEYS.join(', ')}, CAST(sum(n) AS BIGINT) AS n, sum(CAST(gap AS HUGEINT) * n) AS sum_us
	FROM ${from} GROUP BY ALL`;

/** Builds both tables from all of ticket_facts. */
export async function rebuildCompletion(db: SqlRunner): Promise<void> {
	// a new warehouse (no facts yet) gets the tables empty: the sorted build's plan alone does not fit a small memory limit
	const [any] = await db.all(`SELECT 1 AS x FROM ticket_facts LIMIT 1`);
	const sorted = (rows: string, order: string) => (any ? `${rows} ORDER BY ${order}` : `SELECT * FROM (${rows}) WHERE false`);
	await createTableAs(db, COMPLETION_GAPS, sorted(gapRows('ticket_facts'), 'gap'));
	await createTableAs(db, COMPLETION_BUCKETS, sorted(bucketRows(COMPLETION_GAPS), 'created_at, bucket'));
	await db.run(`INSERT INTO meta VALUES ($k, $v) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, { k: STAMP_KEY, v: STAMP });
}

/** Are both tables there, made with this bucket width? (and is there a delta to apply) — one look-up. */
async function present(db: SqlRunner): Promise<{ built: boolean; delta: boolean }> {
	const r = await db.one<{ v: string | null; tables: number; delta: number }>(
		`SELECT (SELECT value FROM meta WHERE key = $k) AS v,
		        (SELECT count(*) FROM duckdb_tables() WHERE table_name IN ($a, $b) AND NOT temporary) AS tables,
		        (SELECT count(*) FROM duckdb_tables() WHERE table_name = $d AND temporary) AS delta`,
		{ k: STAMP_KEY, a: COMPLETION_GAPS, b: COMPLETION_BUCKETS, d: DELTA }
	);
	return { built: r.v === STAMP && r.tables === 2, delta: r.delta > 0 };
}

/**
 * Adds the gap rows of facts rows to the temp delta refreshCompletion applies: each side a table with the facts'
 * columns and a sign (the rows an ingest replaced, -1; their replacements, +1).
 */
export async function collectCompletionDelta(db: SqlRunner, where: string, ...sides: [from: string, sign: 1 | -1][]): Promise<void> {
	if (!sides.length) return;
	await db.run(`CREATE TEMP TABLE IF NOT EXISTS ${DELTA} AS SELECT * FROM (${gapRows(sides[0][0])}) LIMIT 0`);
	await db.run(`INSERT INTO ${DELTA} ${sides.map(([from, sign]) => gapRows(from, sign, where)).join(' UNION ALL ')}`);
}

/** A list of integers from the database, checked before it is written into SQL as constants. */
function intList(v: string | null): string {
	if (!v || !/^-?\d+(,-?\d+)*$/.test(v)) throw new Error(`not a list of integers: ${v?.slice(0, 40)}`);
	return v;
}

/**
 * Applies the delta collectCompletionDelta gathered to both tables (missing or made with another bucket width:
 * built whole from the facts, which are up to date by then). Call inside the transaction that changed the facts.
 */
export async function refreshCompletion(db: SqlRunner): Promise<'none' | 'incremental' | 'full'> {
	try {
		const state = await present(db);
		if (!state.built) {
			await rebuildCompletion(db);
			return 'full';
		}
		if (!state.delta) return 'none';
		await db.run(`CREATE OR REPLACE TEMP TABLE completion_gaps_sum AS
			SELECT ${GAP_KEYS.join(', ')}, CAST(sum(n) AS BIGINT) AS n FROM ${DELTA} GROUP BY ALL HAVING sum(n) <> 0`);
		const span = await db.one<{ buckets: string | null; gaps: string | null; lo: string | null; hi: string | null }>(
			`SELECT string_agg(DISTINCT CAST(bucket AS VARCHAR), ',') AS buckets, string_agg(DISTINCT CAST(gap AS VARCHAR), ',') AS gaps,
			        strftime(min(created_at), '%Y-%m-%d %H:%M:%S') AS lo, strftime(max(created_at), '%Y-%m-%d %H:%M:%S') AS hi
			 FROM completion_gaps_sum`
		);
		if (!span.lo) return 'none';
		// the stored rows that can match, by constants: the delta's months, buckets and gaps (the gaps are sorted by
		// bucket, so the other buckets' row groups are skipped; the buckets by month)
		const months = `r.created_at BETWEEN ${timestampLiteral(span.lo)} AND ${timestampLiteral(span.hi)}`;
		const buckets = `r.bucket IN (${intList(span.buckets)})`;
		// each group the delta touches becomes its stored counts plus the delta's, in place (merge-counts.ts)
		await mergeCounts(db, {
			table: COMPLETION_GAPS,
			sum: 'completion_gaps_sum',
			keys: GAP_KEYS,
			counts: [['n', 'BIGINT']],
			near: `${months} AND ${buckets} AND r.gap IN (${intList(span.gaps)})`,
			order: 'bucket, gap',
			temp: 'completion_hit'
		});
		await mergeCounts(db, {
			table: COMPLETION_BUCKETS,
			sum: `(${bucketRows('completion_gaps_sum')})`,
			keys: BUCKET_KEYS,
			counts: [
				['n', 'BIGINT'],
				['sum_us', 'HUGEINT']
			],
			near: `${months} AND ${buckets}`,
			order: 'created_at, bucket',
			temp: 'completion_hit'
		});
		return 'incremental';
	} finally {
		await dropTemp(db, DELTA, 'completion_gaps_sum', 'completion_hit');
	}
}

/** Whole months: from on a first day, to on a last day (either may be open). */
const wholeMonths = (f: Filters) => (!f.from || f.from.endsWith('-01')) && (!f.to || f.to === monthEnd(monthOf(f.to)));

/** Are the tables read for the time to complete over `f`? Whole months (more than one), only the kept dimensions, routing on, tables built. */
export async function completionAnswers(db: SqlRunner, f: Filters): Promise<boolean> {
	if (!routable(COMPLETION_BUCKETS) || !wholeMonths(f)) return false;
	// a single month of a region (a team, …) reads the facts: its rows are read as quickly as the tables' (at 10M
	// tickets, one region and month: 12–14 ms CPU from the facts, 23–28 ms from the tables); a single month of
	// everything is read from the tables (10M: 27 ms CPU against 54 ms from the facts)
	const narrowed = Object.entries(f).some(([k, v]) => v !== undefined && k !== 'from' && k !== 'to');
	if (f.from && f.to && monthOf(f.from) === monthOf(f.to) && narrowed) return false;
	if (Object.entries(f).some(([k, v]) => v !== undefined && !FILTERS_KEPT.has(k))) return false;
	// the stamp alone (written with the tables, in the same transaction)
	return (await metaValue(db, STAMP_KEY).catch(() => undefined)) === STAMP;
}

/** The sums a time to complete is made of (both paths): tickets, the exact sum of the gaps (µs), the median gap (µs). */
export interface GapSums {
	tickets: number;
	sum_us: number | null;
	median_us: number | null;
}

/** The hours from the sums: the one place both paths turn microseconds into the figure. */
export function completionHours(g: GapSums): TimeToComplete {
	if (!g.tickets) return { tickets: 0, mean_hours: null, median_hours: null };
	return { tickets: g.tickets, mean_hours: g.sum_us! / g.tickets / 3600e6, median_hours: g.median_us! / 3600e6 };
}

/**
 * The sums over `f` from the tables, in one statement (one snapshot): the buckets' counts and sums, the bucket(s)
 * holding the median's ranks ⌈N/2⌉ and ⌊N/2⌋ + 1 (one for N odd, maybe two for N even), and the gaps of those
 * buckets with their counts (the scan turns the semi join into a filter on bucket and skips the other row groups),
 * in gap order, each row with the tickets before those buckets and the totals. The two values at the ranks are
 * found counting on from there; the median is their mean, as median() makes it of the facts.
 */
export async function completionSums(db: SqlRunner, f: Filters): Promise<GapSums> {
	const w = ticketWhere(f);
	const g = ticketWhere(f, 'g');
	const rows = await db.all<{ gap: number; n: number; before: number; total: number; total_s: number }>(
		`WITH b AS (SELECT bucket, sum(n) AS n, sum(sum_us) AS s FROM ${COMPLETION_BUCKETS} t WHERE ${w.sql} GROUP BY bucket),
		c AS (SELECT bucket, n, sum(n) OVER (ORDER BY bucket) AS cum, sum(n) OVER () AS total, sum(s) OVER () AS total_s FROM b),
		m AS (SELECT bucket, cum - n AS before, total, total_s FROM c WHERE cum >= (total + 1) // 2 AND cum - n < total // 2 + 1)
		SELECT g.gap, CAST(sum(g.n) AS BIGINT) AS n, any_value(k.before) AS before, any_value(k.total) AS total, any_value(k.total_s) AS total_s
		FROM ${COMPLETION_GAPS} g, (SELECT min(before) AS before, any_value(total) AS total, any_value(total_s) AS total_s FROM m) k
		WHERE g.bucket IN (SELECT bucket FROM m) AND ${g.sql}
		GROUP BY g.gap ORDER BY g.gap`,
		{ ...w.params, ...g.params }
	);
	if (!rows.length) return { tickets: 0, sum_us: null, median_us: null };
	const { before, total, total_s } = rows[0];
	const at = (rank: number) => {
		let seen = before;
		for (const r of rows) if ((seen += r.n) >= rank) return r.gap;
		throw new Error(`time to complete: rank ${rank} of ${total} not in its bucket`);
	};
	return { tickets: total, sum_us: total_s, median_us: (at(Math.floor((total + 1) / 2)) + at(Math.floor(total / 2) + 1)) / 2 };
}

// A rate always travels with its numerator and denominator, so every figure on
// screen can say what it was computed from; a group's rate also with its
// interval and its verdict against the overall rate.
import { wilsonInterval } from '../../stats';
import { twoProportionTest, type ProportionTest } from '../../stats/compare';
import { groupVerdict, overdispersedLimits, overdispersion } from '../../stats/limits';
import type { GroupRateRow, ParetoRow, Rate } from '../../api/rows';

export type { ParetoRow, Rate };
/** A group's rate as the rework_by and repeat_visit_by sources send it (declared in src/lib/api/rows.ts). */
export type GroupRate = GroupRateRow;

/** The groups of one measure by one dimension, with the overall rate they are judged against. */
export interface GroupRates {
	overall: Rate;
	/** the overdispersion factor φ of the groups around the overall rate, and whether the limits were widened by it */
	overdispersion: { phi: number; used: boolean };
	groups: GroupRate[];
}

export function rate(numerator: number, denominator: number): Rate {
	return { numerator, denominator, value: denominator > 0 ? numerator / denominator : null };
}

/** A period's rate against another period's: the change and whether it is bigger than chance (Fisher's exact test). */
export function compareRates(current: Rate, other: Rate | null): ProportionTest | null {
	if (!other || current.denominator === 0 || other.denominator === 0) return null;
	return twoProportionTest(current.numerator, current.denominator, other.numerator, other.denominator);
}

const finite = (v: number) => (Number.isFinite(v) ? v : null);

/** Overall rate (the sum of the groups), Wilson intervals and verdicts of each group against it. */
export function groupRates(rows: { group: string | null; numerator: number; denominator: number }[]): GroupRates {
	const overall = rate(
		rows.reduce((a, r) => a + r.numerator, 0),
		rows.reduce((a, r) => a + r.denominator, 0)
	);
	const p0 = overall.value;
	const od =
		p0 === null
			? { phi: 1, used: false }
			: overdispersion(
					rows.map((r) => ({ k: r.numerator, n: r.denominator })),
					p0
				);
	const phi = od.used ? od.phi : 1;
	const groups = rows.map((r): GroupRate => {
		const base = { group: r.group, ...rate(r.numerator, r.denominator) };
		if (r.denominator === 0 || p0 === null)
			return {
				...base,
				ci_low: null,
				ci_high: null,
				verdict: 'too_few',
				limit_low: null,
				limit_high: null,
				ucl: null,
				above_control_limit: false
			};
		const ci = wilsonInterval(r.numerator, r.denominator);
		const limits = overdispersedLimits(r.denominator, p0, phi);
		const verdict = groupVerdict(r.numerator, r.denominator, p0, { phi });
		return {
			...base,
			ci_low: ci.low,
			ci_high: ci.high,
			verdict,
			limit_low: finite(limits.lower),
			limit_high: finite(limits.upper),
			// the line drawn and the flag are the exact ones (Spiegelhalter 2005), not the normal approximation's
			ucl: finite(limits.upper),
			above_control_limit: verdict === 'above'
		};
	});
	return { overall, overdispersion: od, groups };
}

/** A Pareto over `counts`, a query with columns key and count: each key's share and the cumulative share, most frequent first (ties by key). */
export function paretoSQL(counts: string): string {
	return `SELECT key, count, count / sum(count) OVER () AS share,
	        sum(count) OVER (ORDER BY count DESC, key ROWS UNBOUNDED PRECEDING) / sum(count) OVER () AS cumulative_share
	 FROM (${counts}) ORDER BY count DESC, key`;
}

// A rate always travels with its numerator and denominator, so every figure on
// screen can say what it was computed from.
import { pChartLimits, wilsonInterval } from '../../stats';

export interface Rate {
	numerator: number;
	denominator: number;
	value: number | null;
}

export interface GroupRate extends Rate {
	group: string | null;
	ci_low: number | null;
	ci_high: number | null;
	/** upper 3-sigma p-chart limit around the overall rate for this group's size */
	ucl: number | null;
	above_control_limit: boolean;
}

export function rate(numerator: number, denominator: number): Rate {
	return { numerator, denominator, value: denominator > 0 ? numerator / denominator : null };
}

/** Wilson 95% interval and p-chart verdict for each group, against the overall rate. */
export function withIntervals(rows: { group: string | null; numerator: number; denominator: number }[], overall: Rate): GroupRate[] {
	return rows.map((r) => {
		const base = rate(r.numerator, r.denominator);
		if (r.denominator === 0 || overall.value === null)
			return { group: r.group, ...base, ci_low: null, ci_high: null, ucl: null, above_control_limit: false };
		const ci = wilsonInterval(r.numerator, r.denominator);
		const { ucl } = pChartLimits(overall.value, r.denominator);
		return {
			group: r.group,
			...base,
			ci_low: ci.low,
			ci_high: ci.high,
			ucl,
			above_control_limit: (base.value ?? 0) > ucl
		};
	});
}

export interface ParetoRow {
	key: string;
	count: number;
	share: number;
	cumulative_share: number;
}

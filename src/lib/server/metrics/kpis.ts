// The six headline rates of the overview and the monthly review, each against
// its target and against the previous period and the same period a year
// earlier, with whether each change is bigger than chance.
import { KPI_NAMES, meetsTarget, type KpiName, type Target } from '../../kpi';
import type { ProportionTest } from '../../stats/compare';
import { settings as configured } from '../config';
import type { Settings } from '../settings';
import type { Warehouse } from '../warehouse';
import { shiftPeriod, type Filters } from './filters';
import { dataSpan, maturityFrom, maturityPeriods, type DataSpan, type Maturity } from './maturity';
import { measureRates } from './measures';
import { compareRates, type Rate } from './rate';

/** Maturity (maturity.ts): provisional, open_share, window_days, final_on, not_enough_history, short_history_share — marks, never changes, the figure. */
export interface Kpi extends Rate, Maturity {
	target?: Target;
	meets_target: boolean | null;
	/** value in the previous period of the same length */
	previous: number | null;
	previous_rate: Rate | null;
	/** this period against the previous one: difference, Fisher p-value, 95 % interval, significant at 5 % */
	previous_change: ProportionTest | null;
	/** value in the same period one year earlier */
	same_period_last_year: number | null;
	same_period_last_year_rate: Rate | null;
	same_period_last_year_change: ProportionTest | null;
	/** the previous / last year's figure is itself still provisional (a change against it is provisional too) */
	previous_provisional: boolean;
	same_period_last_year_provisional: boolean;
}

/**
 * All six for the period, the previous period and the same period last year,
 * with the maturity of each: the data's span, then every count (the three
 * periods and the open and short-history parts of each) in one statement.
 */
export async function kpis(
	wh: Warehouse,
	f: Filters,
	s: Settings = configured(),
	known?: { span: DataSpan | null }
): Promise<Record<KpiName, Kpi>> {
	const periods = [f, shiftPeriod(f, 'previous'), shiftPeriod(f, 'last_year')];
	const present = periods.filter((p): p is Filters => p !== null);
	// which figures are still maturing at the data's end (counts over the open days only; the figures stay as counted)
	const span = known ? known.span : await dataSpan(wh);
	const wanted = [...present, ...present.flatMap((p) => maturityPeriods(p, KPI_NAMES, s, span))];
	const counted = await measureRates(wh, wanted, KPI_NAMES, s);
	const countOf = (p: Filters) => counted[wanted.findIndex((q) => JSON.stringify(q) === JSON.stringify(p))];
	const rates = periods.map((p) => (p ? countOf(p) : null));
	const maturity = periods.map((p, i) => (p ? maturityFrom(p, KPI_NAMES, s, span, rates[i]!, countOf) : null));
	return Object.fromEntries(
		KPI_NAMES.map((name, k) => {
			const current = rates[0]![k];
			const previous = rates[1]?.[k] ?? null;
			const lastYear = rates[2]?.[k] ?? null;
			const target = s.targets[name];
			const kpi: Kpi = {
				...current,
				...maturity[0]![name],
				...(target ? { target } : {}),
				meets_target: meetsTarget(current.value, target),
				previous: previous?.value ?? null,
				previous_rate: previous,
				previous_change: compareRates(current, previous),
				same_period_last_year: lastYear?.value ?? null,
				same_period_last_year_rate: lastYear,
				same_period_last_year_change: compareRates(current, lastYear),
				previous_provisional: maturity[1]?.[name].provisional ?? false,
				same_period_last_year_provisional: maturity[2]?.[name].provisional ?? false
			};
			return [name, kpi];
		})
	) as Record<KpiName, Kpi>;
}

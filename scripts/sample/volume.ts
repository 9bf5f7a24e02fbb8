// The volume plan: tickets per day (season, weekday, growth, noise), the type mix per month and the size of the last month's spike.
import { type Rand, sum } from './random';
import { Calendar } from './calendar';
import {
	ANNUAL_GROWTH,
	COMPONENT_WEIGHT_TOTAL,
	COMPONENTS,
	FRESH_KIND_SHARE,
	MODEL_WEIGHT_TOTAL,
	MODELS,
	REPAIR,
	SEASON,
	SPIKE_COMPONENT_INDEX,
	SPIKE_FACTOR,
	SPIKE_MIN_CASES,
	SPIKE_MODEL_INDEX,
	WEEKDAY_LOAD
} from './vocabulary';

export interface VolumePlan {
	perDay: Int32Array; // indexed by window day (0 = start)
	/** cumulative fresh-kind probabilities per window month: [install, +repair, +maintenance] */
	kindCut: Float64Array;
	/** extra SPIKE_MODEL capacitor repairs spread over the last month */
	spikeCases: number;
	/** tickets in the last month */
	lastMonthTickets: number;
}

function kindWeights(month: number): number[] {
	return FRESH_KIND_SHARE.map((share, kind) => share * SEASON[kind][month - 1]);
}

export function planVolume(cal: Calendar, tickets: number, rand: Rand): VolumePlan {
	const days = cal.endDay - cal.startDay;
	const months = cal.windowMonth(cal.endDay - 1) + 1;
	const weight = new Float64Array(days);
	let total = 0;
	for (let i = 0; i < days; i++) {
		const day = cal.startDay + i;
		const growth = Math.pow(ANNUAL_GROWTH, i / 365.25);
		const noise = 0.92 + 0.16 * rand();
		weight[i] = growth * WEEKDAY_LOAD[cal.weekday[day]] * noise * sum(kindWeights(cal.month[day]));
		total += weight[i];
	}

	const perDay = new Int32Array(days);
	const repairsPerMonth = new Float64Array(months);
	let cumulative = 0;
	let assigned = 0;
	for (let i = 0; i < days; i++) {
		cumulative += weight[i];
		const upTo = Math.round((tickets * cumulative) / total);
		perDay[i] = upTo - assigned;
		assigned = upTo;
		const kinds = kindWeights(cal.month[cal.startDay + i]);
		repairsPerMonth[cal.windowMonth(cal.startDay + i)] += (perDay[i] * kinds[REPAIR]) / sum(kinds);
	}

	const kindCut = new Float64Array(months * 3);
	for (let m = 0; m < months; m++) {
		const kinds = kindWeights(((cal.month[cal.startDay] - 1 + m) % 12) + 1);
		const kindTotal = sum(kinds);
		kindCut[m * 3] = kinds[0] / kindTotal;
		kindCut[m * 3 + 1] = (kinds[0] + kinds[1]) / kindTotal;
		kindCut[m * 3 + 2] = (kinds[0] + kinds[1] + kinds[2]) / kindTotal;
	}
	const lastMonth = months - 1;
	let lastMonthTickets = 0;
	for (let i = 0; i < days; i++) if (cal.windowMonth(cal.startDay + i) === lastMonth) lastMonthTickets += perDay[i];
	return { perDay, kindCut, spikeCases: spikeCases(repairsPerMonth), lastMonthTickets };
}

/**
 * The last month gets SPIKE_FACTOR× the usual (mean of the previous 12 months) capacitor
 * failures on SPIKE_MODEL, at least SPIKE_MIN_CASES when there are enough repairs for that.
 */
function spikeCases(repairsPerMonth: Float64Array): number {
	const last = repairsPerMonth.length - 1;
	if (last < 1) return 0;
	const baseShare =
		(MODELS[SPIKE_MODEL_INDEX].weight / MODEL_WEIGHT_TOTAL) * (COMPONENTS[SPIKE_COMPONENT_INDEX].weight / COMPONENT_WEIGHT_TOTAL);
	const previous = repairsPerMonth.slice(Math.max(0, last - 12), last);
	const usual = (sum([...previous]) / previous.length) * baseShare;
	const lastRepairs = repairsPerMonth[last];
	const target = Math.max(SPIKE_FACTOR * usual, Math.min(SPIKE_MIN_CASES, 0.5 * lastRepairs));
	return Math.max(0, Math.round(target - lastRepairs * baseShare));
}

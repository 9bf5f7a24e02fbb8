// The plan for each region or each team on its own (docs/METRICS.md § Staffing): each scope forecast from its own
// history and staffed as its own queue, beside its own roster (a team's region is the region most of its tickets carry).
// The plans share one read of every input, grouped by the dimension, whatever the number of regions or teams.
// Separate queues need more people than one pooled queue, so the scopes' needs add up to more than the total's.
import { staffingPlans, type PlanOptions, type StaffingPlan, type StaffingSettingsInput } from './plan';
import type { Db } from './queries';

export interface BreakdownRow {
	dim: 'region' | 'team';
	value: string;
	/** the week with the largest need in the planned weeks */
	peak_week: string;
	jobs_planned: number;
	technicians_needed: number;
	expected_on_time: number;
	utilisation: number;
	roster_active: number;
	gap: number;
	/** weeks of the plan with fewer on the roster than needed */
	weeks_at_risk: number;
}

/** A scope's row: its plan's peak week (the largest need) and the weeks at risk. */
export function breakdownRow(dim: BreakdownRow['dim'], value: string, plan: StaffingPlan): BreakdownRow {
	const peak = plan.weeks.reduce((a, b) => (b.technicians_needed > a.technicians_needed ? b : a));
	return {
		dim,
		value,
		peak_week: peak.week,
		jobs_planned: peak.jobs_planned,
		technicians_needed: peak.technicians_needed,
		expected_on_time: peak.expected_on_time,
		utilisation: peak.utilisation,
		roster_active: peak.roster_active,
		gap: peak.gap,
		weeks_at_risk: plan.weeks.filter((w) => w.at_risk).length
	};
}

/** One row per region or team that has jobs, in the order of their values; scopes without a year of history are left out. */
export async function staffingBreakdown(
	db: Db,
	settings: StaffingSettingsInput,
	dim: 'region' | 'team',
	/** what-ifs and weeks; its region and team are ignored */
	opts: PlanOptions = {}
): Promise<BreakdownRow[]> {
	const rows: BreakdownRow[] = [];
	for (const [v, plan] of await staffingPlans(db, settings, { ...opts, region: null, team: null }, dim)) {
		if (plan.weeks.length === 0) continue;
		rows.push(breakdownRow(dim, v as string, plan));
	}
	return rows;
}

// The plan for each region or each team on its own (docs/METRICS.md § Staffing): each scope forecast from its own
// history and staffed as its own queue, beside its own roster (a team's region is the region most of its tickets carry).
// Separate queues need more people than one pooled queue, so the scopes' needs add up to more than the total's.
import { staffingPlan, type PlanOptions, type StaffingSettingsInput } from './plan';
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

/** One row per region or team that has tickets; scopes without a year of history are left out. */
export async function staffingBreakdown(
	db: Db,
	settings: StaffingSettingsInput,
	dim: 'region' | 'team',
	/** what-ifs and weeks; its region and team are ignored */
	opts: PlanOptions = {}
): Promise<BreakdownRow[]> {
	const values = await db.all<{ v: string }>(
		dim === 'region'
			? `SELECT DISTINCT region AS v FROM tickets WHERE region IS NOT NULL ORDER BY 1`
			: `SELECT DISTINCT team AS v FROM tickets WHERE team IS NOT NULL ORDER BY 1`
	);
	const rows: BreakdownRow[] = [];
	for (const { v } of values) {
		const plan = await staffingPlan(db, settings, { ...opts, region: null, team: null, [dim]: v });
		if (!plan || plan.weeks.length === 0) continue;
		const peak = plan.weeks.reduce((a, b) => (b.technicians_needed > a.technicians_needed ? b : a));
		rows.push({
			dim,
			value: v,
			peak_week: peak.week,
			jobs_planned: peak.jobs_planned,
			technicians_needed: peak.technicians_needed,
			expected_on_time: peak.expected_on_time,
			utilisation: peak.utilisation,
			roster_active: peak.roster_active,
			gap: peak.gap,
			weeks_at_risk: plan.weeks.filter((w) => w.at_risk).length
		});
	}
	return rows;
}

// Technicians on the roster week by week (docs/METRICS.md § Staffing). Pure.

export interface RosterMember {
	technician_id: string;
	hire_date: string /* YYYY-MM-DD */;
	/** last day on the roster; null while employed */
	leave_date: string | null;
	team: string | null;
	/** from the roster, else the team's type on its tickets; null when neither says */
	team_type: 'internal' | 'outsourced' | null;
	/** the team's region: the region most of its tickets carry */
	region: string | null;
}

export interface RosterWeek {
	week_start: string;
	active: number;
	internal: number;
	outsourced: number;
}

/** On the roster on the week's Monday: hired on or before it and not left before it. */
export function activeInWeek(m: RosterMember, monday: string): boolean {
	return m.hire_date <= monday && (m.leave_date === null || m.leave_date >= monday);
}

/** Head-count per week; a technician whose type is unknown counts as in-house. */
export function rosterByWeek(members: RosterMember[], mondays: string[]): RosterWeek[] {
	return mondays.map((monday) => {
		const on = members.filter((m) => activeInWeek(m, monday));
		const outsourced = on.filter((m) => m.team_type === 'outsourced').length;
		return { week_start: monday, active: on.length, internal: on.length - outsourced, outsourced };
	});
}

// The technician roster: a base of earlier hires and spring hiring waves, each cohort split between in-house and outsourced teams.
import { pick, type Rand, randInt, shuffle } from './random';
import { Calendar } from './calendar';
import { GIVEN, INTERNAL_SHARE, SURNAMES, TEAMS } from './vocabulary';

export interface Technician {
	id: string;
	name: string;
	hireDay: number;
	team: number;
	internal: boolean;
}

export function technicianCount(tickets: number): number {
	const scaled = 60 + 10 * Math.log10(Math.max(1, tickets / 10_000));
	return Math.min(90, Math.max(60, Math.round(scaled)));
}

/** Spring hiring windows (Mar 1 – May 31) that fall inside the sample window. */
function springWindows(cal: Calendar): [number, number][] {
	const windows: [number, number][] = [];
	let from = -1;
	for (let day = cal.startDay; day < cal.endDay; day++) {
		const spring = cal.month[day] >= 3 && cal.month[day] <= 5;
		if (spring && from < 0) from = day;
		if (!spring && from >= 0) {
			windows.push([from, day - 1]);
			from = -1;
		}
	}
	if (from >= 0) windows.push([from, cal.endDay - 1]);
	return windows;
}

export function buildRoster(cal: Calendar, count: number, rand: Rand): Technician[] {
	const springs = springWindows(cal);
	const springHires = springs.length ? Math.round(count * 0.3) : 0;
	const cohorts: number[][] = [];
	const baseHires: number[] = [];
	for (let i = 0; i < count - springHires; i++) baseHires.push(cal.startDay - randInt(rand, 20, 2200));
	cohorts.push(baseHires);
	springs.forEach(([from, to], s) => {
		const size = Math.floor(springHires / springs.length) + (s < springHires % springs.length ? 1 : 0);
		cohorts.push(Array.from({ length: size }, () => randInt(rand, from, to)));
	});

	const names = new Set<string>();
	const hires: Omit<Technician, 'id'>[] = [];
	for (const cohort of cohorts) {
		const internalCount = Math.round(cohort.length * INTERNAL_SHARE);
		const internalFlags = shuffle(
			rand,
			cohort.map((_, i) => i < internalCount)
		);
		cohort.forEach((hireDay, i) => {
			const internal = internalFlags[i];
			hires.push({ name: uniqueName(rand, names), hireDay, internal, team: pickTeam(rand, internal) });
		});
	}
	hires.sort((a, b) => a.hireDay - b.hireDay);
	return hires.map((t, i) => ({ ...t, id: `T${String(i + 1).padStart(4, '0')}` }));
}

function uniqueName(rand: Rand, taken: Set<string>): string {
	for (;;) {
		const given = rand() < 0.35 ? pick(rand, [...GIVEN]) : pick(rand, [...GIVEN]) + pick(rand, [...GIVEN]);
		const name = pick(rand, [...SURNAMES]) + given;
		if (!taken.has(name)) {
			taken.add(name);
			return name;
		}
	}
}

function pickTeam(rand: Rand, internal: boolean): number {
	const candidates = TEAMS.map((t, i) => (t.internal === internal ? i : -1)).filter((i) => i >= 0);
	return pick(rand, candidates);
}

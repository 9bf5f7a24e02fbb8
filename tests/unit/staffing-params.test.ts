// The staffing data sources' what-ifs as the server parses them (contract STAFFING_WHAT_IFS) and as the handlers
// hand them to the engine (planOptions): a share may be 0, a quantity may not; region and team come from the filters.
import { describe, expect, it } from 'vitest';
import { STAFFING_WHAT_IFS } from '../../src/lib/api/contract';
import { ParamError, parseParams } from '../../src/lib/api/params';
import { planOptions } from '../../src/lib/server/api/queries';
import { FilterError } from '../../src/lib/server/metrics/filters';

const parse = (qs: string) => parseParams(STAFFING_WHAT_IFS, new URLSearchParams(qs));

describe('staffing what-ifs', () => {
	it('take 0 for overtime and outsourced share, and refuse 0 or below for the quantities', () => {
		expect(parse('overtime=0&outsourced=0')).toMatchObject({ overtime: 0, outsourced: 0 });
		for (const qs of ['wd=0', 'jpd=0', 'hpd=0', 'quantile=0', 'overtime=-0.1', 'outsourced=1.01', 'wd=7.5', 'hpd=25', 'weeks=105'])
			expect(() => parse(qs), qs).toThrow(ParamError);
		expect(() => parse('wd=abc')).toThrow('wd must be a number from 0 to 7');
	});

	it('become the engine’s options, with the filters’ region and team and nothing for what is absent', () => {
		const p = parse('quantile=0.9&jpd=3&hpd=7.5&wd=5&overtime=0.1&outsourced=0.25&weeks=8');
		expect(planOptions({ region: '上海', team: 'T1', model: 'KFR-35' }, p)).toEqual({
			region: '上海',
			team: 'T1',
			quantile: 0.9,
			jobsPerTechnicianPerDay: 3,
			hoursPerDay: 7.5,
			workingDays: 5,
			overtime: 0.1,
			outsourcedShare: 0.25,
			weeks: 8
		});
		expect(planOptions({}, parse(''))).toEqual({
			region: null,
			team: null,
			quantile: undefined,
			jobsPerTechnicianPerDay: undefined,
			hoursPerDay: undefined,
			workingDays: undefined,
			overtime: undefined,
			outsourcedShare: undefined,
			weeks: undefined
		});
	});

	it('refuse a quantile under 0.01 and a fractional number of weeks as a bad request', () => {
		expect(() => planOptions({}, parse('quantile=0.005'))).toThrow(FilterError);
		expect(() => planOptions({}, parse('weeks=2.5'))).toThrow('weeks must be a whole number from 1 to 104');
	});
});

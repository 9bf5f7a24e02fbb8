export interface SampleOptions {
	outDir: string;
	tickets?: number;
	seed?: number;
	start?: string;
	months?: number;
	ticketsEncoding?: 'gbk' | 'utf8';
	ticketsHeaders?: 'zh' | 'en';
}

export type SampleTable = 'tickets' | 'rework' | 'parts' | 'technicians';

export interface BadRow {
	table: SampleTable;
	/** physical line in the file where the record starts (the header is line 1) */
	line: number;
	column: string;
	value: string;
	rule: string;
}

export interface SampleResult {
	files: { path: string; table: SampleTable; rows: number; badRows: number }[];
	badRows: BadRow[];
}

export const DEFAULT_TICKETS = 110_000;
export const DEFAULT_SEED = 20231101;
export const DEFAULT_START = '2023-11-01';
export const DEFAULT_MONTHS = 36;
export const MIN_TICKETS_FOR_BAD_ROWS = 200;
export const SPIKE_MODEL = 'KFR-35GW/BpR3';
export const SPIKE_COMPONENT = '电容';

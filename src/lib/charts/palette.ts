// Colours that mean the same thing on every chart.
export const TYPE_COLORS: Record<string, string> = {
	install: '#1f77b4',
	repair: '#ff7f0e',
	maintenance: '#2ca02c',
	complaint: '#d62728'
};
export const BAD = '#d62728';
export const OK = '#4e79a7';
export const LIMIT = '#b7791f';
export const TICKET_TYPES = ['install', 'repair', 'maintenance', 'complaint'] as const;

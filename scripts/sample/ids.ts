// The ids the sample writes: tickets by day and sequence, rework records, scrambled customer numbers.

/** `GD20260701` + 6-digit sequence within the day */
export function ticketIdPrefix(isoDate: string): string {
	return `GD${isoDate.slice(0, 4)}${isoDate.slice(5, 7)}${isoDate.slice(8, 10)}`;
}

export function ticketId(isoDate: string, seq: number): string {
	return ticketIdPrefix(isoDate) + String(seq).padStart(6, '0');
}

export function reworkId(n: number): string {
	return `RW${String(n).padStart(7, '0')}`;
}

/** Customer numbers are scrambled (a bijection mod 10^8) so ids look like hashed phone numbers. */
export function customerId(n: number): string {
	return `C${String((n * 48271 + 7_340_033) % 100_000_000).padStart(8, '0')}`;
}

// The case types live in src/lib/cases/types.ts (browser-safe: the pages import them too).
export type * from '../../cases/types';

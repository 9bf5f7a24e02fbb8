// The data sources read through the warehouse the server owns (../store.ts).
export { BusyError, dbPath, NoDataError, reader } from '../store';

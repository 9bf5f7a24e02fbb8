// The tickets day by day, with the parts, rework records and follow-up visits they lead to, and the deliberately bad rows.
import { pick, pickIndex, type Rand, randInt } from './random';
import { batchOf, Calendar, DATE_STYLE_WEIGHTS, DateFormatter, MINUTES_PER_DAY } from './calendar';
import {
	COMPLAINT,
	COMPLAINT_NOTES,
	COMPLETION_RATE,
	type Component,
	COMPONENT_WEIGHT_TOTAL,
	COMPONENT_WEIGHTS,
	COMPONENTS,
	DISTANCE_TEXT,
	ENGLISH_WORD_SHARE,
	HOUR_WEIGHT_TOTAL,
	HOUR_WEIGHTS,
	INSTALL,
	INSTALL_NOTES,
	INSTALL_RESPONSIBILITY_WEIGHTS,
	INSTALL_REWORK_REASONS,
	INSTALL_REWORK_TICKET_RATE,
	installReworkRate,
	KIND_EN,
	KIND_ZH,
	LATE_ARRIVAL_RATE,
	MAINTENANCE,
	MAINTENANCE_NOTES,
	MESSY_DESCRIPTIONS,
	MODEL_WEIGHT_TOTAL,
	MODEL_WEIGHTS,
	MODELS,
	type Part,
	type Reason,
	PARTS_BY_COMPONENT,
	PARTS_USE_SHARE,
	REFRIGERANT,
	REPAIR,
	REPAIR_REPEAT_VISIT_RATE,
	REPAIR_RESPONSIBILITY_WEIGHTS,
	REPAIR_REWORK_RATE,
	REPAIR_REWORK_REASONS,
	REPAIR_REWORK_TICKET_RATE,
	REPEAT_INSTALL_CUSTOMER_RATE,
	RESPONSIBILITIES,
	SATISFACTION_LATE,
	SATISFACTION_ON_TIME,
	SATISFACTION_SURVEY_RATE,
	SPIKE_COMPONENT_INDEX,
	SPIKE_MODEL_INDEX,
	TEAMS,
	type TicketKind,
	WARRANTY_YEARS
} from './vocabulary';
import { type Technician } from './roster';
import { type VolumePlan } from './volume';
import { CsvSink, money } from './csv';
import { type BadRow, MIN_TICKETS_FOR_BAD_ROWS } from './options';
import { BAD_TICKET_SLOTS, badCell, type BadTicketKind, corrupt, DUPLICATE_LOOKBACK, EMPTY_TICKET, type TicketRow } from './ticket-row';
import { customerId, reworkId, ticketId, ticketIdPrefix } from './ids';

interface Unit {
	model: number;
	serial: string; // '' when the unit's label was not recorded
	productionDay: number;
	purchaseDay: number;
	/** 0: production date only, 1: batch only, 2: both */
	productionStyle: number;
}

/** A visit already known to be due: rework of a job or a repair that did not hold. */
interface FollowUp {
	originalId: string;
	customer: number;
	team: number;
	unit: Unit;
	component: Component;
	rework: { reason: string; responsibility: string; cost: number } | null;
	withTicket: boolean;
}

interface Visit {
	arrived: number; // minutes, -1 when not recorded
	completed: number; // -1 when not completed
}

const FOLLOW_UP_HORIZON = 64; // ring of day buckets; follow-ups are due within 31 days

export class SampleWriter {
	private readonly fmt: DateFormatter;
	private readonly byTeam: number[][];
	private active = 0; // roster is sorted by hire day: technicians [0, active) work today
	private installCustomers = 0;
	private otherCustomers = 0;
	private reworkCount = 0;
	private repairCount = 0;
	private readonly followUps: FollowUp[][] = Array.from({ length: FOLLOW_UP_HORIZON }, () => []);
	private readonly badSlots = new Map<number, BadTicketKind>();
	private readonly duplicateSources = new Map<number, number>(); // source slot → bad slot
	private readonly duplicateIds = new Map<number, string>(); // bad slot → id to repeat
	readonly badRows: BadRow[] = [];
	private slot = 0;
	private zeroQuantityPending = false;
	private spikeCasesLeft: number;
	private spikeSlotsLeft = -1; // set when the last month starts

	constructor(
		private readonly cal: Calendar,
		private readonly roster: Technician[],
		private readonly plan: VolumePlan,
		private readonly rand: Rand,
		private readonly sinks: { tickets: CsvSink; rework: CsvSink; parts: CsvSink },
		tickets: number
	) {
		this.fmt = new DateFormatter(cal);
		this.spikeCasesLeft = plan.spikeCases;
		this.byTeam = TEAMS.map((_, team) => roster.flatMap((t, i) => (t.team === team ? [i] : [])));
		if (tickets >= MIN_TICKETS_FOR_BAD_ROWS) this.placeBadSlots(tickets);
	}

	private placeBadSlots(tickets: number): void {
		for (const [fraction, kind] of BAD_TICKET_SLOTS) {
			const slot = Math.floor(tickets * fraction);
			this.badSlots.set(slot, kind);
			if (kind === 'duplicate') this.duplicateSources.set(slot - Math.max(1, Math.floor(tickets * DUPLICATE_LOOKBACK)), slot);
		}
	}

	async run(): Promise<void> {
		const days = this.cal.endDay - this.cal.startDay;
		const badRowsOn = this.badSlots.size > 0;
		for (let i = 0; i < days; i++) {
			const day = this.cal.startDay + i;
			while (this.active < this.roster.length && this.roster[this.active].hireDay <= day) this.active++;
			if (badRowsOn && i === Math.floor(days * 0.3)) this.zeroQuantityPending = true;
			if (badRowsOn && i === Math.floor(days * 0.45)) this.writeDanglingRework(day);
			if (badRowsOn && i === Math.floor(days * 0.6)) this.writeDanglingPart(day);
			this.writeDay(day, this.plan.perDay[i], i === days - 1);
			await Promise.all([this.sinks.tickets.drain(), this.sinks.rework.drain(), this.sinks.parts.drain()]);
		}
	}

	private writeDay(day: number, count: number, lastDay: boolean): void {
		const due = this.takeDueFollowUps(day);
		const withTicket = due.filter((f) => f.withTicket);
		for (const followUp of due) if (!followUp.withTicket) this.writeRework(followUp, day, '');

		const minutes = this.createdMinutes(count);
		const spikeMonth = this.cal.windowMonth(day) === this.cal.windowMonth(this.cal.endDay - 1);
		if (spikeMonth && this.spikeSlotsLeft < 0) this.spikeSlotsLeft = this.plan.lastMonthTickets;
		const idPrefix = ticketIdPrefix(this.cal.iso[day]);
		let pending = 0;
		for (let i = 0; i < count; i++) {
			const id = idPrefix + String(i + 1).padStart(6, '0');
			const t = day * MINUTES_PER_DAY + minutes[i];
			const bad = this.badSlots.get(this.slot);
			const remaining = withTicket.length - pending;
			if (bad) this.writeBadTicket(bad, id, day, t);
			else if (remaining > 0 && this.rand() * (count - i) < remaining) this.writeFollowUpTicket(withTicket[pending++], id, day, t);
			else this.writeFreshTicket(id, day, t, spikeMonth && this.takeSpikeCase());
			const dupTarget = this.duplicateSources.get(this.slot);
			if (dupTarget !== undefined) this.duplicateIds.set(dupTarget, id);
			this.slot++;
			if (spikeMonth) this.spikeSlotsLeft--;
		}
		// More visits due than slots today (rare): they move to tomorrow.
		if (!lastDay) for (const followUp of withTicket.slice(pending)) this.followUps[(day + 1) % FOLLOW_UP_HORIZON].push(followUp);
	}

	/** Spreads exactly plan.spikeCases over the last month's slots. */
	private takeSpikeCase(): boolean {
		if (this.spikeCasesLeft <= 0 || this.rand() * this.spikeSlotsLeft >= this.spikeCasesLeft) return false;
		this.spikeCasesLeft--;
		return true;
	}

	private takeDueFollowUps(day: number): FollowUp[] {
		const bucket = this.followUps[day % FOLLOW_UP_HORIZON];
		this.followUps[day % FOLLOW_UP_HORIZON] = [];
		return bucket;
	}

	private schedule(day: number, followUp: FollowUp): void {
		if (day < this.cal.endDay) this.followUps[day % FOLLOW_UP_HORIZON].push(followUp);
	}

	/** Sorted minute-of-day values for the day's created_at times. */
	private createdMinutes(count: number): Int32Array {
		const minutes = new Int32Array(count);
		for (let i = 0; i < count; i++) {
			minutes[i] = pickIndex(this.rand, HOUR_WEIGHTS, HOUR_WEIGHT_TOTAL) * 60 + Math.floor(this.rand() * 60);
		}
		return minutes.sort();
	}

	// --- fresh tickets -------------------------------------------------------------------------

	private writeFreshTicket(id: string, day: number, t: number, spike: boolean): void {
		const kind = spike ? REPAIR : this.pickKind(day);
		const tech = this.roster[this.pickTechnician()];
		const customer = this.pickCustomer(kind);
		const style = pickIndex(this.rand, DATE_STYLE_WEIGHTS, 1);
		const row = this.baseRow(id, t, kind, customer, tech, style);
		if (kind === COMPLAINT) return this.writeComplaint(row);

		const unit = spike ? this.spikeUnit(day) : this.makeUnit(kind, day);
		this.describeUnit(row, unit, style);
		const inWarranty = kind === INSTALL || this.cal.within(unit.purchaseDay, day, WARRANTY_YEARS);
		row.warranty = this.enumWord(inWarranty ? '保内' : '保外', inWarranty ? 'in' : 'out');
		const component = kind === REPAIR ? (spike ? COMPONENTS[SPIKE_COMPONENT_INDEX] : this.pickComponent()) : null;
		const visit = this.visit(t, style, row);

		if (kind === REPAIR && component) this.finishRepair(row, component, unit, inWarranty, visit, customer, tech);
		else row.fault_description = this.maybeNote(kind === INSTALL ? INSTALL_NOTES : MAINTENANCE_NOTES, 0.3);
		if (kind === INSTALL && visit.completed >= 0) this.maybeReworkInstall(row.ticket_id, visit, unit, customer, tech, day);
		this.writeTicket(row);
	}

	private pickKind(day: number): TicketKind {
		const base = this.cal.windowMonth(day) * 3;
		const r = this.rand();
		if (r < this.plan.kindCut[base]) return INSTALL;
		if (r < this.plan.kindCut[base + 1]) return REPAIR;
		if (r < this.plan.kindCut[base + 2]) return MAINTENANCE;
		return COMPLAINT;
	}

	private pickTechnician(): number {
		return Math.floor(this.rand() * Math.max(1, this.active));
	}

	/** Customers are integers; installs and other first contacts use separate id ranges. */
	private pickCustomer(kind: TicketKind): number {
		if (kind === INSTALL) {
			if (this.installCustomers > 0 && this.rand() < REPEAT_INSTALL_CUSTOMER_RATE) {
				return 2 * Math.floor(this.rand() * this.installCustomers);
			}
			return 2 * this.installCustomers++;
		}
		const knownShare = kind === COMPLAINT ? 0.7 : 0.45;
		if (this.installCustomers > 0 && this.rand() < knownShare) return 2 * Math.floor(this.rand() * this.installCustomers);
		return 2 * this.otherCustomers++ + 1;
	}

	private baseRow(id: string, t: number, kind: TicketKind, customer: number, tech: Technician, style: number): TicketRow {
		const team = TEAMS[tech.team];
		return {
			...EMPTY_TICKET,
			ticket_id: id,
			created_at: this.fmt.timestamp(t, style),
			type: this.enumWord(KIND_ZH[kind], KIND_EN[kind]),
			customer_id: customerId(customer),
			region: team.region,
			city: team.city,
			technician_id: tech.id,
			team: team.name,
			team_type: this.enumWord(team.internal ? '自有' : '外协', team.internal ? 'internal' : 'outsourced')
		};
	}

	private enumWord(chinese: string, english: string): string {
		return this.rand() < ENGLISH_WORD_SHARE ? english : chinese;
	}

	private writeComplaint(row: TicketRow): void {
		row.fault_description = pick(this.rand, COMPLAINT_NOTES);
		if (this.rand() < 0.4) {
			row.technician_id = '';
			row.team = '';
			row.team_type = '';
		}
		this.writeTicket(row);
	}

	private maybeNote(notes: readonly string[], probability: number): string {
		return this.rand() < probability ? pick(this.rand, notes) : '';
	}

	// --- units ---------------------------------------------------------------------------------

	private makeUnit(kind: TicketKind, day: number): Unit {
		const model = pickIndex(this.rand, MODEL_WEIGHTS, MODEL_WEIGHT_TOTAL);
		const purchaseDay = kind === INSTALL ? day - randInt(this.rand, 0, 14) : day - 1 - Math.floor(2920 * Math.pow(this.rand(), 1.6)); // unit age up to 8 years, mostly young
		const productionDay = purchaseDay - randInt(this.rand, 20, 240);
		const serialRate = kind === MAINTENANCE ? 0.7 : kind === INSTALL ? 0.95 : 0.9;
		return this.unit(model, productionDay, purchaseDay, serialRate);
	}

	/** The emerging issue: recently built SPIKE_MODEL units whose capacitors fail. */
	private spikeUnit(day: number): Unit {
		const purchaseDay = day - randInt(this.rand, 20, 150);
		return this.unit(SPIKE_MODEL_INDEX, purchaseDay - randInt(this.rand, 15, 60), purchaseDay, 0.9);
	}

	private unit(model: number, productionDay: number, purchaseDay: number, serialRate: number): Unit {
		const serial =
			this.rand() < serialRate
				? MODELS[model].serialPrefix + String(this.cal.year[productionDay] % 100) + String(Math.floor(this.rand() * 1e8)).padStart(8, '0')
				: '';
		const productionStyle = pickIndex(this.rand, [0.55, 0.35, 0.1], 1);
		return { model, serial, productionDay, purchaseDay, productionStyle };
	}

	private describeUnit(row: TicketRow, unit: Unit, style: number): void {
		row.product_model = MODELS[unit.model].name;
		row.serial_no = unit.serial;
		if (unit.productionStyle !== 1) row.production_date = this.fmt.date(unit.productionDay, style);
		if (unit.productionStyle !== 0) row.batch = batchOf(this.cal, unit.productionDay);
		row.purchase_date = this.fmt.date(unit.purchaseDay, style);
	}

	private pickComponent(): Component {
		return COMPONENTS[pickIndex(this.rand, COMPONENT_WEIGHTS, COMPONENT_WEIGHT_TOTAL)];
	}

	// --- visit timing --------------------------------------------------------------------------

	/** Arrival and completion times; fills arrived/completed/distance/satisfaction. */
	private visit(created: number, style: number, row: TicketRow): Visit {
		const completed = this.rand() < COMPLETION_RATE;
		const hasArrival = completed ? this.rand() < 0.96 : this.rand() < 0.4;
		let arrived = -1;
		let done = -1;
		if (hasArrival) {
			const delay =
				this.rand() < LATE_ARRIVAL_RATE
					? MINUTES_PER_DAY + Math.floor(this.rand() * 1800)
					: 30 + Math.floor(Math.pow(this.rand(), 1.5) * 1380);
			arrived = this.duringWorkingHours(created + delay);
			if (completed) done = arrived + 30 + Math.floor(this.rand() * 240);
		} else if (completed) {
			done = created + 120 + Math.floor(this.rand() * 2700);
		}
		const late = arrived >= 0 && arrived - created > MINUTES_PER_DAY;
		if (arrived >= 0) row.arrived_at = this.fmt.timestamp(arrived, style);
		if (done >= 0) row.completed_at = this.fmt.timestamp(done, style);
		if (this.rand() >= 0.05) row.distance_km = DISTANCE_TEXT[Math.round(1490 * Math.pow(this.rand(), 3.2))];
		if (done >= 0 && this.rand() < SATISFACTION_SURVEY_RATE) {
			row.satisfaction = String(1 + pickIndex(this.rand, late ? SATISFACTION_LATE : SATISFACTION_ON_TIME, 1));
		}
		return { arrived, completed: done };
	}

	/** Technicians knock on doors between 08:00 and 21:00. */
	private duringWorkingHours(t: number): number {
		const day = Math.floor(t / MINUTES_PER_DAY);
		const minute = t - day * MINUTES_PER_DAY;
		if (minute < 8 * 60) return day * MINUTES_PER_DAY + 8 * 60 + Math.floor(this.rand() * 120);
		if (minute >= 21 * 60) return (day + 1) * MINUTES_PER_DAY + 8 * 60 + Math.floor(this.rand() * 120);
		return t;
	}

	// --- repairs, parts, rework ------------------------------------------------------------------

	private finishRepair(
		row: TicketRow,
		component: Component,
		unit: Unit,
		inWarranty: boolean,
		visit: Visit,
		customer: number,
		tech: Technician
	): void {
		row.fault_component = component.name;
		row.fault_code = pick(this.rand, component.codes);
		row.fault_description = this.repairDescription(component, row.fault_code);
		if (visit.completed < 0) return;

		const partsCost = this.writeParts(row.ticket_id, component, unit, inWarranty);
		if (!inWarranty) {
			row.labor_fee = String(80 + 10 * randInt(this.rand, 0, 12));
			if (partsCost > 0) row.parts_fee = money(partsCost);
		}
		this.maybeRevisitRepair(row.ticket_id, visit, unit, customer, tech, component);
	}

	private repairDescription(component: Component, code: string): string {
		this.repairCount++;
		if (this.repairCount % 397 === 13) return pick(this.rand, MESSY_DESCRIPTIONS)(code, component.name);
		const r = this.rand();
		if (r < 0.15) return '';
		const text = pick(this.rand, component.descriptions);
		return r < 0.18 ? `${text},已上门检测` : text;
	}

	/** Writes the parts used on a completed repair; returns their cost. */
	private writeParts(ticketId: string, component: Component, unit: Unit, inWarranty: boolean): number {
		const variants = PARTS_BY_COMPONENT[component.name];
		const usesRefrigerant = component.name === '漏氟' || component.name === '压缩机' || (component.name === '四通阀' && this.rand() < 0.5);
		if (!variants && !usesRefrigerant) return 0;
		if (this.rand() >= PARTS_USE_SHARE) return 0;
		const large = MODELS[unit.model].large;
		let cost = 0;
		if (variants) cost += this.writePart(ticketId, variants[large ? 1 : 0], 1, inWarranty);
		if (usesRefrigerant) cost += this.writePart(ticketId, REFRIGERANT, large ? 2 : randInt(this.rand, 1, 2), inWarranty);
		return cost;
	}

	private writePart(ticketId: string, part: Part, quantity: number, inWarranty: boolean): number {
		const returned = this.rand() < (inWarranty ? 0.85 : 0.4);
		let claim = '无';
		let recovered = '';
		if (inWarranty && returned) {
			const r = this.rand();
			if (r < 0.35) {
				claim = '已追回';
				recovered = money(Math.round(part.cost * quantity * (70 + 30 * this.rand())) / 100);
			} else if (r < 0.65) claim = '已提交';
		}
		let quantityText = String(quantity);
		if (this.zeroQuantityPending) {
			this.zeroQuantityPending = false;
			quantityText = '0';
		}
		const line = this.sinks.parts.writeRecord({
			ticket_id: ticketId,
			part_no: part.no,
			part_name: part.name,
			supplier: part.supplier,
			quantity: quantityText,
			unit_cost: money(part.cost),
			warranty_claim: inWarranty ? '是' : '否',
			old_part_returned: returned ? '是' : '否',
			supplier_claim: claim,
			recovered_amount: recovered
		});
		if (quantityText === '0')
			this.badRows.push({ table: 'parts', line, column: this.sinks.parts.headerOf('quantity'), value: '0', rule: 'integer ≥ 1' });
		return part.cost * quantity;
	}

	private maybeReworkInstall(id: string, visit: Visit, unit: Unit, customer: number, tech: Technician, day: number): void {
		if (this.rand() >= installReworkRate(tech.internal, day - tech.hireDay)) return;
		this.scheduleRework(
			id,
			visit,
			unit,
			customer,
			tech,
			INSTALL_REWORK_REASONS,
			INSTALL_RESPONSIBILITY_WEIGHTS,
			INSTALL_REWORK_TICKET_RATE
		);
	}

	/** A rework of the job: reason and responsibility drawn from the job kind's weights, due 3–26 days after completion. */
	private scheduleRework(
		id: string,
		visit: Visit,
		unit: Unit,
		customer: number,
		tech: Technician,
		reasons: readonly Reason[],
		responsibilityWeights: readonly number[],
		ticketRate: number
	): void {
		const reason =
			reasons[
				pickIndex(
					this.rand,
					reasons.map((r) => r.weight),
					1
				)
			];
		const responsibility = RESPONSIBILITIES[pickIndex(this.rand, responsibilityWeights, 1)];
		this.schedule(this.reworkDay(visit), {
			originalId: id,
			customer,
			team: tech.team,
			unit,
			component: reason.component,
			rework: { reason: reason.name, responsibility, cost: this.reworkCost(responsibility) },
			withTicket: this.rand() < ticketRate
		});
	}

	private maybeRevisitRepair(id: string, visit: Visit, unit: Unit, customer: number, tech: Technician, component: Component): void {
		const r = this.rand();
		if (r < REPAIR_REWORK_RATE) {
			this.scheduleRework(id, visit, unit, customer, tech, REPAIR_REWORK_REASONS, REPAIR_RESPONSIBILITY_WEIGHTS, REPAIR_REWORK_TICKET_RATE);
		} else if (r < REPAIR_REWORK_RATE + REPAIR_REPEAT_VISIT_RATE && unit.serial) {
			const again = this.rand() < 0.6 ? component : this.pickComponent();
			const day = Math.floor(visit.completed / MINUTES_PER_DAY) + randInt(this.rand, 2, 25);
			this.schedule(day, {
				originalId: id,
				customer,
				team: tech.team,
				unit,
				component: again,
				rework: null,
				withTicket: true
			});
		}
	}

	/** A few days to ~4 weeks after the job was completed. */
	private reworkDay(visit: Visit): number {
		return Math.floor(visit.completed / MINUTES_PER_DAY) + randInt(this.rand, 3, 26);
	}

	private reworkCost(responsibility: string): number {
		if (responsibility === 'customer') return 0;
		if (responsibility === 'installer') return 80 + 10 * randInt(this.rand, 0, 32);
		return 50 + 10 * randInt(this.rand, 0, 20);
	}

	private writeRework(followUp: FollowUp, day: number, reworkTicketId: string): void {
		const rework = followUp.rework;
		if (!rework) return;
		this.sinks.rework.writeRecord({
			rework_id: reworkId(++this.reworkCount),
			original_ticket_id: followUp.originalId,
			rework_ticket_id: reworkTicketId,
			rework_date: this.cal.iso[day],
			reason: rework.reason,
			responsibility: rework.responsibility,
			cost: String(rework.cost)
		});
	}

	// --- follow-up visits ----------------------------------------------------------------------

	private writeFollowUpTicket(followUp: FollowUp, id: string, day: number, t: number): void {
		const tech = this.roster[this.pickTeamMate(followUp.team)];
		const style = pickIndex(this.rand, DATE_STYLE_WEIGHTS, 1);
		const row = this.baseRow(id, t, REPAIR, followUp.customer, tech, style);
		this.describeUnit(row, followUp.unit, style);
		const inWarranty = this.cal.within(followUp.unit.purchaseDay, day, WARRANTY_YEARS);
		row.warranty = this.enumWord(inWarranty ? '保内' : '保外', inWarranty ? 'in' : 'out');
		const visit = this.visit(t, style, row);
		this.finishRepair(row, followUp.component, followUp.unit, inWarranty, visit, followUp.customer, tech);
		if (followUp.rework) {
			row.fault_description = `返工：${followUp.rework.reason}`;
			this.writeRework(followUp, day, id);
		}
		this.writeTicket(row);
	}

	/** Someone from the original team who already works here, usually not the original technician. */
	private pickTeamMate(team: number): number {
		const members = this.byTeam[team].filter((i) => i < this.active);
		return members.length ? pick(this.rand, members) : this.pickTechnician();
	}

	// --- output --------------------------------------------------------------------------------

	private writeTicket(row: TicketRow): number {
		return this.sinks.tickets.writeRecord(row);
	}

	// --- deliberately bad rows -----------------------------------------------------------------

	private writeBadTicket(kind: BadTicketKind, id: string, day: number, t: number): void {
		const tech = this.roster[this.pickTechnician()];
		const style = 0; // ISO, which corrupt() relies on
		const row = this.baseRow(id, t, MAINTENANCE, this.pickCustomer(MAINTENANCE), tech, style);
		this.describeUnit(row, this.makeUnit(MAINTENANCE, day), style);
		row.warranty = '保外';
		this.visit(t, style, row);
		if (!row.completed_at) row.completed_at = this.fmt.timestamp(t + 180, style);

		const line = this.writeTicket(corrupt(row, kind, this.cal.year[day], this.cal.dom[day], this.duplicateIds.get(this.slot)));
		const [column, value, rule] = badCell(row, kind);
		this.badRows.push({ table: 'tickets', line, column: this.sinks.tickets.headerOf(column), value, rule });
	}

	private writeDanglingRework(day: number): void {
		const missing = ticketId(this.cal.iso[day - 5], 999_999);
		const line = this.sinks.rework.writeRecord({
			rework_id: reworkId(++this.reworkCount),
			original_ticket_id: missing,
			rework_date: this.cal.iso[day],
			reason: '漏水',
			responsibility: 'installer',
			cost: '120'
		});
		this.badRows.push({
			table: 'rework',
			line,
			column: this.sinks.rework.headerOf('original_ticket_id'),
			value: missing,
			rule: 'must exist in tickets'
		});
	}

	private writeDanglingPart(day: number): void {
		const missing = ticketId(this.cal.iso[day - 3], 999_998);
		const part = PARTS_BY_COMPONENT['电容'][0];
		const line = this.sinks.parts.writeRecord({
			ticket_id: missing,
			part_no: part.no,
			part_name: part.name,
			supplier: part.supplier,
			quantity: '1',
			unit_cost: money(part.cost),
			warranty_claim: '是',
			old_part_returned: '是',
			supplier_claim: '无'
		});
		this.badRows.push({
			table: 'parts',
			line,
			column: this.sinks.parts.headerOf('ticket_id'),
			value: missing,
			rule: 'must exist in tickets'
		});
	}
}

import type { Programme, Unit } from '../db/schema.ts';

/**
 * Shared by the organisation pages and API endpoints: presenters (output fields listed
 * explicitly, so a new column never leaks) and the mapping of rule errors to responses.
 */

export function presentUnit(u: Unit) {
	return {
		id: u.id,
		programmeId: u.programmeId,
		parentId: u.parentId,
		kind: u.kind,
		name: u.name,
		code: u.code,
		closedAt: u.closedAt,
		createdAt: u.createdAt,
		updatedAt: u.updatedAt
	};
}

export function presentProgramme(p: Programme) {
	return {
		id: p.id,
		name: p.name,
		funder: p.funder,
		startsOn: p.startsOn,
		endsOn: p.endsOn,
		defaultLocale: p.defaultLocale,
		timeZone: p.timeZone,
		minGroupSize: p.minGroupSize,
		createdAt: p.createdAt,
		updatedAt: p.updatedAt
	};
}

import type { OpenApiFragment } from '../openapi.ts';
import { idParam, ok, operations } from './common.ts';
import { attendanceInputSchema, attendanceOutputSchema } from '../../registrations/attendance.schema.ts';

/** `/api/v1/sessions/{id}/attendance` for the OpenAPI document. */
const op = operations('Attendance');

export const attendanceOpenApi: OpenApiFragment = {
	schemas: { Attendance: attendanceOutputSchema, AttendanceInput: attendanceInputSchema },
	paths: {
		'/sessions/{id}/attendance': {
			parameters: [idParam('Session id')],
			get: op({
				summary: 'Participants holding a seat and their attendance (trainers of the session, office)',
				responses: ok('Attendance list', 'Attendance'),
				errors: [401, 404]
			}),
			post: op({
				summary: 'Mark people present or absent (person ids); all or nothing',
				description:
					'Present credits the session hours, absent 0; either can be corrected later. Every person must hold a seat (confirmed, attended or absent), else 422 listing them and nothing changes. A cancelled session answers 409.',
				body: 'AttendanceInput',
				responses: ok('Attendance list after the change', 'Attendance'),
				errors: [400, 401, 404, 409, 422]
			})
		}
	}
};

import { errorResponses, type OpenApiFragment } from '../openapi.ts';
import { attendanceInputSchema, attendanceOutputSchema } from '../../registrations/attendance.schema.ts';

/** `/api/v1/sessions/{id}/attendance` for the OpenAPI document. */
const json = (name: string) => ({ 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } });

export const attendanceOpenApi: OpenApiFragment = {
	schemas: { Attendance: attendanceOutputSchema, AttendanceInput: attendanceInputSchema },
	paths: {
		'/sessions/{id}/attendance': {
			parameters: [
				{
					name: 'id',
					in: 'path',
					required: true,
					description: 'Session id',
					schema: { type: 'integer', minimum: 1 }
				}
			],
			get: {
				tags: ['Attendance'],
				summary: 'Participants holding a seat and their attendance (trainers of the session, office)',
				responses: {
					'200': { description: 'Attendance list', content: json('Attendance') },
					...errorResponses(401, 404)
				}
			},
			post: {
				tags: ['Attendance'],
				summary: 'Mark people present or absent (person ids); all or nothing',
				description:
					'Present credits the session hours, absent 0; either can be corrected later. Every person must hold a seat (confirmed, attended or absent), else 422 listing them and nothing changes. A cancelled session answers 409.',
				requestBody: { required: true, content: json('AttendanceInput') },
				responses: {
					'200': { description: 'Attendance list after the change', content: json('Attendance') },
					...errorResponses(400, 401, 404, 409, 422)
				}
			}
		}
	}
};

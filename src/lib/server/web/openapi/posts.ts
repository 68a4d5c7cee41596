import { z } from 'zod';
import { LOCALES, POST_KINDS } from '../../db/schema.ts';
import type { OpenApiFragment } from '../openapi.ts';
import { created, idParam, noContent, ok, operations, pageOf, queryParams } from './common.ts';
import {
	commentInputSchema,
	commentPatchSchema,
	postInputSchema,
	postsApiQuerySchema
} from '../../posts/posts.schema.ts';

/** `/api/v1/posts` and `/api/v1/comments` for the OpenAPI document. */

const subject = z.object({ id: z.number().int(), slug: z.string(), name: z.string() });

const postSchema = z.object({
	id: z.number().int(),
	programmeId: z.number().int(),
	kind: z.enum(POST_KINDS),
	title: z.string(),
	bodyHtml: z.string().describe('Sanitised HTML'),
	language: z.enum(LOCALES),
	status: z.enum(['draft', 'published']),
	publishAt: z.string().nullable(),
	visible: z.boolean(),
	scheduled: z.boolean(),
	audience: z.enum(['public', 'members']),
	trackId: z.number().int().nullable(),
	trackName: z.string().nullable(),
	subjects: z.array(subject),
	authors: z.array(z.object({ id: z.number().int(), name: z.string() })),
	activityId: z.number().int().nullable(),
	sessionId: z.number().int().nullable(),
	processId: z.number().int().nullable(),
	networkId: z.number().int().nullable(),
	evaluation: z
		.unknown()
		.nullable()
		.describe('The embedded course evaluation summary (k-protected), or null'),
	files: z.array(
		z.object({
			id: z.number().int(),
			fileName: z.string(),
			contentType: z.string(),
			size: z.number().int(),
			url: z.string()
		})
	),
	createdAt: z.string(),
	updatedAt: z.string()
});

const listItem = postSchema
	.pick({
		id: true,
		kind: true,
		title: true,
		language: true,
		status: true,
		publishAt: true,
		visible: true,
		scheduled: true,
		audience: true,
		trackId: true,
		trackName: true
	})
	.extend({ excerpt: z.string() });

const comment = z.object({
	id: z.number().int(),
	personId: z.number().int(),
	authorName: z.string(),
	body: z.string(),
	hidden: z.boolean(),
	edited: z.boolean(),
	createdAt: z.string()
});

const op = operations('Posts');
const postParam = idParam('Post id');
const commentParam = idParam('Comment id');

export const postsOpenApi: OpenApiFragment = {
	schemas: {
		Post: postSchema,
		PostPage: pageOf(listItem),
		PostInput: postInputSchema.strict(),
		PostView: z.object({
			post: postSchema,
			previous: z.object({ id: z.number().int(), title: z.string() }).nullable(),
			next: z.object({ id: z.number().int(), title: z.string() }).nullable(),
			comments: z.array(comment),
			commentsTotal: z.number().int()
		}),
		Comment: comment,
		CommentInput: commentInputSchema.strict(),
		CommentPatch: commentPatchSchema
	},
	paths: {
		'/posts': {
			get: op({
				summary: 'Posts of the programme, newest first',
				description:
					'Without `year`/`subject`: also your own drafts and scheduled posts (the office: all). With `year` (and `month`) or `subject`: the archive, published posts only.',
				parameters: queryParams(postsApiQuerySchema),
				responses: ok('A page of posts', 'PostPage'),
				errors: [400, 401, 404]
			}),
			post: op({
				summary: 'Write a post',
				description:
					'The office always; managers and participants where the programme’s post settings allow (404 otherwise). `body` is sanitised (scripts, styles, event handlers and remote images removed). `subjects` are slugs of the programme’s vocabulary (422 for an unknown one). `publish`: draft, now, or schedule with a future `publishAt` (422 for a past one).',
				body: 'PostInput',
				responses: created('The post', 'Post'),
				errors: [400, 401, 404, 422]
			})
		},
		'/posts/{id}': {
			parameters: [postParam],
			get: op({
				summary: 'One post with its neighbours and comments',
				responses: ok('The post', 'PostView'),
				errors: [401, 404]
			}),
			put: op({
				summary: 'Replace a post (its authors while they may write; the office)',
				body: 'PostInput',
				responses: ok('The post', 'Post'),
				errors: [400, 401, 404, 422]
			}),
			delete: op({
				summary: 'Delete a post with its comments and files',
				responses: noContent('Deleted'),
				errors: [401, 404]
			})
		},
		'/posts/{id}/comments': {
			parameters: [postParam],
			post: op({
				summary: 'Comment on a published post (programme members)',
				description:
					'Markup is stripped. The post’s authors get one batched e-mail for the comments of a few minutes.',
				body: 'CommentInput',
				responses: created('The comment', 'Comment'),
				errors: [400, 401, 404, 422]
			})
		},
		'/comments/{id}': {
			parameters: [commentParam],
			patch: op({
				summary: 'Change your comment (`body`), or hide/show it (`hidden`, the office)',
				body: 'CommentPatch',
				responses: ok('Changed'),
				errors: [400, 401, 404, 422]
			}),
			delete: op({
				summary: 'Delete a comment (its author or the office)',
				responses: noContent('Deleted'),
				errors: [401, 404]
			})
		}
	}
};

import { describe, expect, it } from 'vitest';
import { ServerRenderedHtml } from './server-rendered.ts';

describe('ServerRenderedHtml', () => {
	it("drops Svelte's hydration markers and keeps escaped text that looks like one", () => {
		// As Svelte renders a table row whose cell text is `<!--[--> & <b>`.
		const body =
			'<tbody><!--[--><tr><!--[0--><th scope="row"><!---->&lt;!--[--> &amp; &lt;b><!----></th><!--]-->' +
			'<!--[-1--><td class="num"><!---->74 012<!----></td><!--]--><!--]--></tr><!--]--></tbody>';
		expect(ServerRenderedHtml.fromRender(body).html).toBe(
			'<tbody><tr><th scope="row">&lt;!--[--> &amp; &lt;b></th><td class="num">74 012</td></tr></tbody>'
		);
	});
});

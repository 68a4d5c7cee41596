/** Says once, loudly, when the PostgreSQL half of the suite cannot run. */
export default function setup(): void {
	if (!process.env.TEST_DATABASE_URL) {
		console.warn(
			'\n**********************************************************************\n' +
				'* TEST_DATABASE_URL is not set: every PostgreSQL test is SKIPPED.     *\n' +
				'* Set it (e.g. postgres://postgres@127.0.0.1:5432/test) to run them. *\n' +
				'**********************************************************************\n'
		);
	}
}

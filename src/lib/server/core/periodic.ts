/**
 * Runs `work` periodically in this process: first after `firstDelayMs`, then every
 * `intervalMs`, never two runs at once. Timers are unref'd so they never keep the process
 * alive; failures are logged and the next run tries again. `KLOK_REMINDERS=off` disables every
 * in-process job (run the CLI commands from cron instead). Returns a function that stops it.
 * Jobs must be safe with several instances (each claims its rows with a conditional update).
 */
export function startPeriodicJob(
	name: string,
	work: () => Promise<string | null>,
	{ intervalMs, firstDelayMs }: { intervalMs: number; firstDelayMs: number }
): () => void {
	if (process.env.KLOK_REMINDERS === 'off') return () => {};
	let running = false;
	const run = async () => {
		if (running) return;
		running = true;
		try {
			const done = await work();
			if (done) console.log(`[${name}] ${done}`);
		} catch (caught) {
			console.error(`[${name}] run failed:`, caught);
		} finally {
			running = false;
		}
	};
	const first = setTimeout(run, firstDelayMs);
	first.unref();
	const timer = setInterval(run, intervalMs);
	timer.unref();
	return () => {
		clearTimeout(first);
		clearInterval(timer);
	};
}

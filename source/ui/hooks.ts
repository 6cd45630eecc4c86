// React hooks the dashboard shares: the session's snapshot (throttled), the terminal size (one listener), a clock.
import {createContext, useContext, useEffect, useMemo, useRef, useState} from 'react';
import {useStdout} from 'ink';
import type {DashboardSnapshot, RolloutSession} from '../model/types.js';
import {DEFAULT_COLUMNS, DEFAULT_ROWS} from './layout.js';

/**
 * The session's latest snapshot. The session spaces its notifications already (a throttle of 50 ms), so each one
 * renders at once (a second throttle here, out of phase with the session's, would only add latency).
 * With `changesScreen`, a snapshot that changes nothing on screen is kept without a render (Ink redraws the
 * whole frame on every render); whatever renders next (a key, the clock, a later snapshot) uses it.
 */
export function useSessionSnapshot(
	session: RolloutSession,
	changesScreen?: (shown: DashboardSnapshot, next: DashboardSnapshot) => boolean,
): DashboardSnapshot {
	const latest = useRef<DashboardSnapshot | undefined>(undefined);
	if (latest.current === undefined) latest.current = session.getSnapshot();
	const shown = useRef(latest.current);
	const check = useLatest(changesScreen);
	const [, setVersion] = useState(0);
	useEffect(() => {
		const take = () => {
			const next = session.getSnapshot();
			if (next === latest.current) return;
			latest.current = next;
			if (check.current && !check.current(shown.current, next)) return;
			setVersion(version => version + 1);
		};
		const unsubscribe = session.subscribe(take);
		// A change between the first render and subscribing would otherwise be missed.
		take();
		return unsubscribe;
	}, [session, check]);
	shown.current = latest.current;
	return latest.current;
}

export interface TerminalSize {
	columns: number;
	rows: number;
}

/** Reads the size of Ink's stdout, with defaults when it has none (pipes, ink-testing-library has no rows). */
function readSize(stdout: NodeJS.WriteStream): TerminalSize {
	return {columns: stdout.columns || DEFAULT_COLUMNS, rows: stdout.rows || DEFAULT_ROWS};
}

/** The terminal size, following resizes. Used once, at the root; children get it through props. */
export function useTerminalSize(): TerminalSize {
	const {stdout} = useStdout();
	const [size, setSize] = useState(() => readSize(stdout));
	useEffect(() => {
		const onResize = () => setSize(readSize(stdout));
		stdout.on('resize', onResize);
		onResize();
		return () => {
			stdout.off('resize', onResize);
		};
	}, [stdout]);
	return size;
}

/** Timer slack: a timer may fire a little before the wall clock reaches its moment. */
const CLOCK_SLACK_MS = 5;

/**
 * The current time for ages and countdowns. Every render reads the wall clock (a render caused by new data must not
 * show stale ages), and a timer re-renders when `delayAfter(now)` says a value on screen will read differently
 * (see NextChange in clock.ts): every second only while a young age or a countdown is shown, else far less often.
 */
export function useClock(delayAfter: (now: number) => number): number {
	const [, setTick] = useState(0);
	const now = Date.now();
	const delay = Math.max(0, delayAfter(now)) + CLOCK_SLACK_MS;
	useEffect(() => {
		const timer = setTimeout(() => setTick(tick => tick + 1), delay);
		return () => clearTimeout(timer);
	});
	return now;
}

/** Whether to colour. Components call `useColor()(name)` to get a colour or undefined. */
export const ColorContext = createContext(true);

export function useColor(): (color: string) => string | undefined {
	const enabled = useContext(ColorContext);
	return color => (enabled ? color : undefined);
}

/** A ref that always holds the latest value (for stable callbacks that read current state). */
export function useLatest<T>(value: T): {readonly current: T} {
	const ref = useRef(value);
	ref.current = value;
	return ref;
}

/**
 * Rows that show ages, rebuilt when one of `inputs` changes or `now` reaches another second (ages and countdowns read
 * whole seconds), not on every render: a long list's rows are the cost of a render.
 */
export function usePerSecond<T>(now: number, inputs: readonly unknown[], compute: () => T): T {
	const second = Math.floor(now / 1000);
	// biome-ignore lint/correctness/useExhaustiveDependencies: the second stands for now; the inputs are what compute reads.
	return useMemo(compute, [second, ...inputs]);
}

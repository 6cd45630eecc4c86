// The dashboard's root: session state in, one input dispatcher, and a frame that always fits the terminal.
// What is on screen is screen.ts's; keys are keymap.ts's; effects run in effects.ts.
import type React from 'react';
import {useCallback, useMemo, useRef, useState} from 'react';
import {Box, Text, useApp, useInput, useStdin, type Key} from 'ink';
import type {DashboardSnapshot, RolloutSession} from '../model/types.js';
import {DeploymentList} from './components/DeploymentList.js';
import {DeploymentView} from './components/DeploymentView.js';
import {Footer} from './components/Footer.js';
import {Header} from './components/Header.js';
import {Confirm, Help, NamespacePicker} from './components/Overlays.js';
import {untilScreenChanges} from './clock.js';
import {runEffect, type EffectHost} from './effects.js';
import {ColorContext, useClock, useColor, useLatest, useSessionSnapshot, useTerminalSize} from './hooks.js';
import {hintBar} from './keymap.js';
import {
	confirmRevision,
	handleKey,
	initialUiState,
	namespaceChoices,
	revisionIndexOf,
	sameWorkload,
	type UiState,
} from './keys.js';
import {MIN_COLUMNS, MIN_ROWS} from './layout.js';
import {changesScreen, type OnScreen} from './screen-changes.js';
import {screenOf, type Screen} from './screen.js';

export interface AppProps {
	session: RolloutSession;
	readonly: boolean;
	color: boolean;
	/** Called when the user quits (q or Ctrl-C), before Ink exits. */
	onQuit?: () => void;
}

export function App(props: AppProps) {
	return (
		<ColorContext.Provider value={props.color}>
			<Dashboard {...props} />
		</ColorContext.Provider>
	);
}

function Dashboard({session, readonly, onQuit}: AppProps) {
	// What the last render put on screen, for telling whether a new snapshot changes it.
	const onScreen = useRef<OnScreen>({state: initialUiState, listWindow: {start: 0, end: 0}, now: 0});
	const snapshot = useSessionSnapshot(session, (shown, next) => changesScreen(shown, next, onScreen.current));
	const {columns, rows} = useTerminalSize();
	const color = useColor();
	const {exit} = useApp();
	const {isRawModeSupported} = useStdin();

	// State lives in a ref as well, so keys arriving before React re-renders see the newest state.
	const stateRef = useRef<UiState>(initialUiState);
	const [state, setState] = useState<UiState>(initialUiState);
	const update = useCallback((change: (previous: UiState) => UiState) => {
		stateRef.current = change(stateRef.current);
		setState(stateRef.current);
	}, []);

	const previousScreen = useRef<Screen | undefined>(undefined);
	const screen = screenOf(state, snapshot, {rows}, previousScreen.current);
	previousScreen.current = screen;
	onScreen.current = {state, listWindow: screen.listWindow, now: Date.now()};
	const latest = useLatest({snapshot, readonly, pageSize: Math.max(1, screen.bodyHeight - 2)});

	const host = useMemo<EffectHost>(
		() => ({
			session,
			quit: () => {
				onQuit?.();
				exit();
			},
			report: result => update(s => ({...s, pending: undefined, result: {ok: result.ok, message: result.message}})),
		}),
		[session, exit, onQuit, update],
	);

	const onInput = useCallback(
		(input: string, key: Key) => {
			const {snapshot: current, readonly: isReadonly, pageSize} = latest.current;
			const outcome = handleKey(
				stateRef.current,
				{
					snapshot: current,
					readonly: isReadonly,
					pageSize,
					templateDiff: (ns, name, rev) => session.templateDiff(ns, name, rev),
				},
				input,
				key,
			);
			if (outcome.state !== stateRef.current) update(() => outcome.state);
			for (const effect of outcome.effects) runEffect(effect, host);
		},
		[latest, session, update, host],
	);
	useInput(onInput, {isActive: isRawModeSupported});

	const now = useClock(current => untilScreenChanges(screen, snapshot, current));

	if (columns < MIN_COLUMNS || rows < MIN_ROWS) {
		return (
			<Box width={columns} height={screen.height} overflowY="hidden">
				<Text
					color={color('red')}
				>{`Terminal too small: need at least ${MIN_COLUMNS}×${MIN_ROWS}, have ${columns}×${rows}`}</Text>
			</Box>
		);
	}

	return (
		<Box flexDirection="column" width={columns} height={screen.height} overflowY="hidden">
			<Header
				cluster={snapshot.cluster}
				connection={snapshot.connection}
				readonly={readonly}
				now={snapshot.connection.state === 'reconnecting' ? now : 0}
				width={columns}
				hints={hintBar(state.view, readonly)}
			/>
			<Box flexDirection="column" height={screen.bodyHeight} flexShrink={0} overflowY="hidden">
				<Body screen={screen} state={state} snapshot={snapshot} readonly={readonly} width={columns} now={now} />
			</Box>
			<Footer state={state} total={snapshot.deployments.length} shown={screen.visible.length} />
		</Box>
	);
}

interface BodyProps {
	screen: Screen;
	state: UiState;
	snapshot: DashboardSnapshot;
	readonly: boolean;
	width: number;
	now: number;
}

function Body({screen, state, snapshot, readonly, width, now}: BodyProps): React.ReactNode {
	const height = screen.bodyHeight;
	const {revisions} = screen;
	switch (screen.body) {
		case 'help':
			return <Help width={width} height={height} readonly={readonly} />;
		case 'namespace':
			return (
				<NamespacePicker
					choices={namespaceChoices(snapshot)}
					current={snapshot.cluster.namespace}
					selected={state.namespaceIndex}
					width={width}
					height={height}
				/>
			);
		case 'confirm': {
			const confirm = state.confirm!;
			return (
				<Confirm
					confirm={confirm}
					deployment={snapshot.deployments.find(d => sameWorkload(d, confirm.request))}
					revision={revisions?.find(r => r.revision === confirmRevision(confirm))}
					width={width}
					height={height}
				/>
			);
		}
		case 'deployment':
			return (
				<DeploymentView
					target={state.open!}
					deployment={screen.open}
					revisions={revisions}
					focus={revisions ? snapshot.focus : undefined}
					revisionIndex={revisions ? revisionIndexOf(state, revisions) : 0}
					width={width}
					height={height}
					now={now}
				/>
			);
		case 'list':
			return (
				<DeploymentList
					deployments={screen.visible}
					showNamespace={screen.showNamespace}
					selected={screen.selected}
					width={width}
					height={screen.listHeight}
					window={screen.listWindow}
					now={now}
					empty={screen.filter === '' ? 'no deployments' : `no deployments match "${screen.filter}"`}
				/>
			);
	}
}

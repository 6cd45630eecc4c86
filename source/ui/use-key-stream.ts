// Input as a stream of single keys: like Ink's useInput, but each read Ink hands over is split into keys
// (key-reader.ts), so a burst (`\rju`) or a paste (`name\r`) is handled key by key, in order.
import {useEffect, useRef} from 'react';
import {useStdin} from 'ink';
import {createKeyReader, type KeyPress} from './key-reader.js';

export function useKeyStream(onKeys: (keys: KeyPress[]) => void, isActive: boolean): void {
	const {setRawMode, internal_eventEmitter: events} = useStdin() as ReturnType<typeof useStdin> & {
		internal_eventEmitter?: NodeJS.EventEmitter;
	};
	const handler = useRef(onKeys);
	handler.current = onKeys;
	useEffect(() => {
		if (!isActive) return;
		setRawMode(true);
		return () => setRawMode(false);
	}, [isActive, setRawMode]);
	useEffect(() => {
		if (!isActive || !events) return;
		const reader = createKeyReader();
		const onInput = (data: string) => {
			const keys = reader.read(data);
			if (keys.length > 0) handler.current(keys);
		};
		events.on('input', onInput);
		return () => {
			events.off('input', onInput);
		};
	}, [isActive, events]);
}

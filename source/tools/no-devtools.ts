// Stands in for react-devtools-core in the bundle: Ink connects to React DevTools only when DEV=true, and the
// package is not a dependency of rollout-dash.
export default {
	initialize(): void {},
	connectToDevTools(): void {},
};

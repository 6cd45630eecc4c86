// kubectl's and the API server's way of printing ages (k8s.io/apimachinery/pkg/util/duration HumanDuration),
// shared by the simulator's Table responses, the headless commands and the dashboard.

/** A duration as kubectl prints ages (apimachinery's HumanDuration): 45s, 3m12s, 15m, 2h5m, 10h, 3d4h, 20d, 2y30d. */
export function humanDuration(milliseconds: number): string {
	const seconds = Math.floor(milliseconds / 1000);
	if (seconds < -1) return '<invalid>';
	if (seconds < 0) return '0s';
	if (seconds < 120) return `${seconds}s`;
	const minutes = Math.floor(seconds / 60);
	if (minutes < 10) {
		const rest = seconds % 60;
		return rest === 0 ? `${minutes}m` : `${minutes}m${rest}s`;
	}
	if (minutes < 180) return `${minutes}m`;
	const hours = Math.floor(minutes / 60);
	if (hours < 8) {
		const rest = minutes % 60;
		return rest === 0 ? `${hours}h` : `${hours}h${rest}m`;
	}
	if (hours < 48) return `${hours}h`;
	const days = Math.floor(hours / 24);
	if (hours < 24 * 8) {
		const rest = hours % 24;
		return rest === 0 ? `${days}d` : `${days}d${rest}h`;
	}
	if (hours < 24 * 365 * 2) return `${days}d`;
	const years = Math.floor(days / 365);
	if (hours < 24 * 365 * 8) {
		const rest = days % 365;
		return rest === 0 ? `${years}y` : `${years}y${rest}d`;
	}
	return `${years}y`;
}

// `rollout-dash completion bash|zsh|fish`: scripts that ask the program itself for candidates (`__complete WORDS…`,
// cobra's protocol: one candidate a line, then `:N`, where N's bit 4 means "no file names"), so that contexts,
// namespaces and deployment names come from the kubeconfig and the cluster.
const bash = `# bash completion for rollout-dash (and kubectl-rollout_dash)
# load it with: source <(rollout-dash completion bash)
__rollout_dash_complete() {
	local cur="\${COMP_WORDS[COMP_CWORD]}" line directive=0
	local -a candidates=()
	while IFS='' read -r line; do
		candidates+=("$line")
	done < <("\${COMP_WORDS[0]}" __complete "\${COMP_WORDS[@]:1:COMP_CWORD-1}" "$cur" 2>/dev/null)
	local count=\${#candidates[@]}
	if (( count > 0 )) && [[ \${candidates[count-1]} == :* ]]; then
		directive=\${candidates[count-1]#:}
		unset "candidates[count-1]"
	fi
	COMPREPLY=()
	if (( \${#candidates[@]} > 0 )); then
		COMPREPLY=("\${candidates[@]}")
	elif (( (directive & 4) == 0 )); then
		while IFS='' read -r line; do COMPREPLY+=("$line"); done < <(compgen -f -- "$cur")
	fi
}
complete -F __rollout_dash_complete rollout-dash
complete -F __rollout_dash_complete kubectl-rollout_dash
`;

const zsh = `#compdef rollout-dash kubectl-rollout_dash
# zsh completion for rollout-dash; load it with: source <(rollout-dash completion zsh) (after compinit)
_rollout_dash() {
	local -a candidates
	local directive=0
	candidates=("\${(@f)$(\${words[1]} __complete "\${(@)words[2,CURRENT-1]}" "\${words[CURRENT]}" 2>/dev/null)}")
	if [[ \${candidates[-1]} == :* ]]; then
		directive=\${candidates[-1]#:}
		candidates=("\${(@)candidates[1,-2]}")
	fi
	candidates=(\${candidates:#})
	if (( \${#candidates} > 0 )); then
		compadd -- "\${candidates[@]}"
	elif (( (directive & 4) == 0 )); then
		_files
	fi
}
compdef _rollout_dash rollout-dash kubectl-rollout_dash
`;

const fish = `# fish completion for rollout-dash; load it with: rollout-dash completion fish | source
function __rollout_dash_complete
	set -l words (commandline -opc)
	set -l program $words[1]
	set -e words[1]
	for line in ($program __complete $words (commandline -ct) 2>/dev/null)
		string match -q -- ':*' $line; or echo $line
	end
end
complete -c rollout-dash -f -a '(__rollout_dash_complete)'
complete -c kubectl-rollout_dash -f -a '(__rollout_dash_complete)'
`;

export const COMPLETION_SCRIPTS: Record<string, string> = {bash, zsh, fish};

export function completionScript(shell: string): string | undefined {
	return Object.hasOwn(COMPLETION_SCRIPTS, shell) ? COMPLETION_SCRIPTS[shell] : undefined;
}

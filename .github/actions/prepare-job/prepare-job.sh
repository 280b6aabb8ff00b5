#!/usr/bin/env bash
# First step of every GenAIOps job in the reusable workflows (run from the workspace root by
# action.yml next to it).
# Everything arrives through environment variables, never through ${{ }} in the script:
#   GENAIOPS_USE_CASE      use-case folder, relative to the workspace (must hold llmops_config.json)
#   GENAIOPS_ENV           environment name of llmops_config.json
#   GENAIOPS_VARIABLES     dotenv lines exported to the later steps (not secret)
#   GENAIOPS_SECRETS       dotenv lines exported to the later steps, each value masked in logs
#   AZURE_CLIENT_ID_INPUT  client id for OIDC (input or secret); set: sign in with OIDC
#   HAS_AZURE_CREDENTIALS  "true" when the AZURE_CREDENTIALS secret is set (service principal)
#   AZURE_SUBSCRIPTION_ID_INPUT  exported as AZURE_SUBSCRIPTION_ID when set
#   GITHUB_RUN_ATTEMPT     set by the runner: part of the artifact names, so a re-run never meets
#                          the 409 of upload-artifact v4 on a name the run already holds
# Writes step outputs: artifact-suffix (<env>-<use-case>-<hash>-a<attempt>), azure-login (oidc,
# service-principal or none).
set -euo pipefail

fail() {
  echo "::error::$1"
  exit 1
}

use_case="${GENAIOPS_USE_CASE:-}"
env_name="${GENAIOPS_ENV:-}"
use_case="${use_case#./}"
use_case="${use_case%/}"
[ -n "$use_case" ] || fail "input use-case is empty"
[ -n "$env_name" ] || fail "input env is empty"
case "/$use_case/" in
  //* | */../*) fail "use-case \"$use_case\": give a folder inside the repository, relative to its root" ;;
esac
[ -f "$use_case/llmops_config.json" ] || fail "use-case \"$use_case\": no llmops_config.json there (the path is relative to the repository root)"

# Reads NAME=value lines into `exports` (written to $GITHUB_ENV once every line is valid). Blank
# lines and # comments are skipped; one pair of matching quotes around a value is removed; values
# are single-line.
exports=()
export_dotenv() {
  local text="$1" mask="$2" what="$3" line name value n=0
  while IFS= read -r line || [ -n "$line" ]; do
    n=$((n + 1))
    line="${line%$'\r'}"
    line="${line#"${line%%[![:space:]]*}"}"
    case "$line" in '' | '#'*) continue ;; esac
    line="${line#export }"
    # Messages name the line, never its text: it may be a secret.
    [[ "$line" == *=* ]] || fail "$what, line $n: expected NAME=value"
    name="${line%%=*}"
    value="${line#*=}"
    [[ "$name" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || fail "$what, line $n: the name is not a variable name"
    case "$name" in
      GITHUB_* | RUNNER_* | ACTIONS_* | INPUT_* | PATH | NODE_OPTIONS | BASH_ENV | LD_PRELOAD | LD_LIBRARY_PATH)
        fail "$what, line $n: refusing to set $name" ;;
    esac
    if [[ ${#value} -ge 2 && ( ("$value" == \"*\" && "$value" == *\") || ("$value" == \'*\' && "$value" == *\') ) ]]; then
      value="${value:1:${#value}-2}"
    fi
    if [ "$mask" = true ] && [ -n "$value" ]; then echo "::add-mask::$value"; fi
    exports+=("$name=$value")
  done <<<"$text"
}

export_dotenv "${GENAIOPS_VARIABLES:-}" false "input variables"
export_dotenv "${GENAIOPS_SECRETS:-}" true "secret GENAIOPS_SECRETS"
if [ -n "${AZURE_SUBSCRIPTION_ID_INPUT:-}" ]; then exports+=("AZURE_SUBSCRIPTION_ID=$AZURE_SUBSCRIPTION_ID_INPUT"); fi
if [ "${#exports[@]}" -gt 0 ]; then printf '%s\n' "${exports[@]}" >>"$GITHUB_ENV"; fi

if [ -n "${AZURE_CLIENT_ID_INPUT:-}" ]; then
  login=oidc
elif [ "${HAS_AZURE_CREDENTIALS:-false}" = true ]; then
  login=service-principal
else
  login=none
fi

# The slug alone would name "a/b" and "a-b" alike: a hash of the exact path keeps them apart.
slug="$(printf '%s-%s' "$env_name" "$use_case" | tr -c 'A-Za-z0-9._-' '-')"
if command -v sha256sum >/dev/null; then sha=(sha256sum); else sha=(shasum -a 256); fi # macOS runners
hash="$(printf '%s\n%s' "$env_name" "$use_case" | "${sha[@]}" | cut -c1-8)"
{
  echo "artifact-suffix=$slug-$hash-a${GITHUB_RUN_ATTEMPT:-1}"
  echo "azure-login=$login"
} >>"$GITHUB_OUTPUT"
echo "use-case $use_case · env $env_name · Azure sign-in: $login"

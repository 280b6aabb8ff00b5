/** `${NAME}` or `${NAME:-default}`; names have no dots, so `${data.x}` and `${run.outputs.y}` are left alone. */
const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export interface Substitution<T> {
  value: T;
  /** Each unset variable with the path of the string that named it. */
  missing: { name: string; path: (string | number)[] }[];
}

/** Fills `${NAME}` in every string of a JSON value from `env`, recording variables that are unset. */
export function substituteEnv<T>(
  value: T,
  env: NodeJS.ProcessEnv,
  path: (string | number)[] = []
): Substitution<T> {
  const missing: Substitution<T>['missing'] = [];
  const walk = (v: unknown, at: (string | number)[]): unknown => {
    if (typeof v === 'string')
      return v.replace(VARIABLE, (whole, name: string, fallback: string | undefined) => {
        const found = env[name];
        if (found !== undefined && found !== '') return found;
        if (fallback !== undefined) return fallback;
        missing.push({ name, path: at });
        return whole;
      });
    if (Array.isArray(v)) return v.map((x, i) => walk(x, [...at, i]));
    if (v && typeof v === 'object')
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, [...at, k])]));
    return v;
  };
  return { value: walk(value, path) as T, missing };
}

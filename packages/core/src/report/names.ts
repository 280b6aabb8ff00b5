/** Short forms of long names (run names, variant labels) for where space is tight. */

/**
 * `name` cut in the middle to at most `max` characters (`ticket_cl…variant_1_b42`): the end of a
 * run name tells variants and builds apart, so it is kept. The full name goes in a tooltip and
 * the CSV files.
 */
export function shortName(name: string, max = 28): string {
  if (name.length <= max) return name;
  const tail = Math.ceil((max - 1) / 2);
  return `${name.slice(0, max - 1 - tail)}…${name.slice(name.length - tail)}`;
}

/**
 * Short forms of names that share a long beginning and end (`<use-case>_<env>_…_<build>` run
 * names): what they share is left out, at `_`/`-`/`.` boundaries, so the part that tells them apart
 * is what shows; then each is cut to `max`. One name alone is just cut.
 */
export function distinctShortNames(names: string[], max = 28): string[] {
  const unique = [...new Set(names)];
  if (unique.length < 2) return names.map((n) => shortName(n, max));
  let pre = 0;
  while (unique.every((n) => n.length > pre && n[pre] === unique[0][pre])) pre++;
  let suf = 0;
  const minLen = Math.min(...unique.map((n) => n.length));
  while (
    suf < minLen - pre &&
    unique.every((n) => n[n.length - 1 - suf] === unique[0][unique[0].length - 1 - suf])
  )
    suf++;
  const sep = /[_.-]/;
  while (pre > 0 && !sep.test(unique[0][pre - 1])) pre--;
  while (suf > 0 && !sep.test(unique[0][unique[0].length - suf])) suf--;
  return names.map((n) => {
    const middle = n.slice(pre, n.length - suf).replace(/^[_.-]+|[_.-]+$/g, '') || n;
    return shortName((pre ? '…' : '') + middle + (suf ? '…' : ''), max);
  });
}

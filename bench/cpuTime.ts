/** CPU time for benchmarks on a shared machine, where wall time swings with other load. */
import { readFileSync } from 'node:fs';

/**
 * CPU ms of this process and its waited-for child processes (utime, stime, cutime, cstime of /proc/self/stat,
 * 10 ms ticks); Linux only.
 */
export function cpuWithChildrenMs(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) * 10;
}

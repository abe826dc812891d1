/** Whether a process with this id runs (EPERM: it runs, as another user). Lock files and discovery files use it. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

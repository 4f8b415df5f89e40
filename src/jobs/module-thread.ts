// A worker thread whose entry is a module of Folio's: the built .js file, or the .ts source when run
// through tsx (tests start the server from the source, and a thread does not inherit tsx's loader: the
// thread registers it first). The module tells it was started as a thread by `workerData.entry`.
import { getPriority, setPriority } from 'node:os';
import { Worker } from 'node:worker_threads';

export function moduleThread(
  moduleUrl: string,
  workerData: { entry: string; [name: string]: unknown },
): Worker {
  if (!moduleUrl.endsWith('.ts')) return new Worker(new URL(moduleUrl), { workerData });
  const entry = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(moduleUrl)}); });`;
  return new Worker(entry, { eval: true, workerData });
}

/**
 * Sets the calling thread's niceness (-20 to 19, the lowest priority) to `niceness(its current one)`,
 * not the process's: on Linux a priority belongs to a thread, and getpriority(0) and setpriority(0) are
 * the calling one's. A thread starts at its creator's, so relative to it: a server started with `nice`
 * keeps its threads below it too. Elsewhere it would be the whole process's, so it is left. Throws
 * when the system refuses.
 */
export function setThisThreadsNiceness(niceness: (current: number) => number): void {
  if (process.platform !== 'linux') return;
  setPriority(Math.min(19, niceness(getPriority())));
}

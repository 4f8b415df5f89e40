// `npm run bench -- --against DIR`: this build's server against another build's (DIR, a checkout with
// its dist built), both up at once on the same book, requests alternating between them one at a time.
//
// Why: on these shared machines a server's CPU per request moves by 1.5-2x from one minute to the
// next (the same build measured 1,008 and 1,460 µs on its first page within minutes), so two builds
// benched one after the other differ by the machine, not the code. Paired, both meet the same moments:
// each block's ratio (this build's CPU per request over the other's) held within ±3% in A/A runs
// while the absolute figures moved by 2x. The order alternates per block (A then B, B then A), since
// the second of a pair met a slightly warmer machine (2% in A/A runs with a fixed order). A server
// process has its own luck besides (A/A pairs of fresh processes gave 1.000, 1.018 and 1.093 on the
// first page): each round starts both servers afresh, and the table shows every round's median.
// Whole invocations still disagree by up to 5-7% (one change read 0.944, then 0.995 and 1.019 an hour
// later): only several, at different times, agreeing, show a change of a few percent.
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ServerProcess } from './server-process.js';

export interface PairedScenario {
  name: string;
  path: string;
  headers: Record<string, string>;
}

interface Side {
  server: ServerProcess;
  get(scenario: PairedScenario): Promise<void>;
}

/** Starts the build in `dir` (its dist/src/cli/server-process.js), the same way this build starts its own. */
export async function startOtherBuild(
  dir: string,
  env: Record<string, string>,
): Promise<ServerProcess> {
  const module = pathToFileURL(path.resolve(dir, 'dist/src/cli/server-process.js')).href;
  const { startServer } = (await import(module)) as typeof import('./server-process.js');
  return startServer(env);
}

/** One request at a time on one kept-alive connection, the body read to its end. */
function side(server: ServerProcess): Side {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  return {
    server,
    get: (scenario) =>
      new Promise((resolve, reject) => {
        const request = http.get(
          `${server.url}${scenario.path}`,
          // A server that stops answering ends the bench instead of hanging it.
          { agent, headers: scenario.headers, timeout: 30_000 },
          (response) => {
            response.resume();
            response.on('end', () =>
              response.statusCode === 200
                ? resolve()
                : reject(
                    new Error(`${scenario.name}: ${server.url} answered ${response.statusCode}`),
                  ),
            );
          },
        );
        request.on('timeout', () => request.destroy(new Error(`${server.url}: no answer in 30 s`)));
        request.on('error', reject);
      }),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** Requests in pairs for `seconds`, `first` before the other; how many pairs were sent. */
async function pairsFor(seconds: number, first: Side, second: Side, scenario: PairedScenario) {
  let pairs = 0;
  for (const end = performance.now() + seconds * 1000; performance.now() < end; pairs += 1) {
    await first.get(scenario);
    await second.get(scenario);
  }
  return pairs;
}

export async function benchPair({
  startPair,
  against,
  scenarios,
  rounds,
  blocks,
  blockSeconds,
  warmupSeconds,
  cpuSeconds,
}: {
  /** Starts this build's server and the other build's, for a round; stopped at its end. */
  startPair: () => Promise<{ ours: ServerProcess; theirs: ServerProcess }>;
  /** The other build's folder, for the table's heading. */
  against: string;
  scenarios: PairedScenario[];
  rounds: number;
  blocks: number;
  blockSeconds: number;
  warmupSeconds: number;
  /** A process's CPU seconds so far (user + system, with its children). */
  cpuSeconds: (pid: number) => number;
}): Promise<void> {
  const results: Paired[] = scenarios.map((scenario) => ({
    scenario,
    theirs: [],
    ours: [],
    ratios: [],
    roundRatios: [],
  }));
  for (let round = 0; round < rounds; round += 1) {
    const { ours, theirs } = await startPair();
    try {
      const a = side(theirs);
      const b = side(ours);
      for (const result of results) {
        const { scenario } = result;
        await pairsFor(warmupSeconds, a, b, scenario);
        const ratios: number[] = [];
        for (let block = 0; block < blocks; block += 1) {
          const theirsBefore = cpuSeconds(theirs.child.pid!);
          const oursBefore = cpuSeconds(ours.child.pid!);
          const [first, second] = block % 2 ? [b, a] : [a, b];
          const pairs = await pairsFor(blockSeconds, first, second, scenario);
          const theirUs = ((cpuSeconds(theirs.child.pid!) - theirsBefore) * 1e6) / pairs;
          const ourUs = ((cpuSeconds(ours.child.pid!) - oursBefore) * 1e6) / pairs;
          // A block too short for /proc's 10 ms ticks says nothing.
          if (pairs === 0 || theirUs === 0) continue;
          result.theirs.push(theirUs);
          result.ours.push(ourUs);
          ratios.push(ourUs / theirUs);
        }
        result.ratios.push(...ratios);
        result.roundRatios.push(median(ratios));
      }
    } finally {
      await Promise.all([ours.stop(), theirs.stop()]);
    }
    console.log(`bench: round ${round + 1} of ${rounds} paired`);
  }
  printTable(
    results,
    `this build against ${against}, requests alternating one at a time; ${rounds} rounds (fresh servers each), ${blocks} blocks of ${blockSeconds} s per scenario and round after ${warmupSeconds} s warm-up`,
  );
}

interface Paired {
  scenario: PairedScenario;
  theirs: number[];
  ours: number[];
  ratios: number[];
  roundRatios: number[];
}

/** CPU µs per request: the median block; this / other: the median block, and each round's median. */
function printTable(results: Paired[], heading: string): void {
  console.log(`\nFolio benchmark, paired: ${heading}\n`);
  console.log(
    '| scenario | CPU µs/req, other build | CPU µs/req, this build | this / other | by round |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: |');
  const us = (values: number[]) => Math.round(median(values)).toLocaleString('en-US');
  for (const { scenario, theirs, ours, ratios, roundRatios } of results)
    console.log(
      `| ${scenario.name} | ${us(theirs)} | ${us(ours)} | ${median(ratios).toFixed(3)} | ${roundRatios.map((ratio) => ratio.toFixed(3)).join(', ')} |`,
    );
}

// `npm test`: type check and build then xss-scan, beside lint then format check; then vitest on
// SQLite and again on PostgreSQL (FOLIO_TEST_DB=postgres: the vitest global setup starts a throwaway
// cluster, installing Debian's postgresql with apt-get when run as root and it is missing), then
// Playwright (JavaScript on and off, and the tests tagged @postgres on a server on PostgreSQL).
// Every step runs even when an earlier one failed, so one run shows everything; the last line sums
// vitest and Playwright as `tests: N passed, M failed`, and the exit code is non-zero on any failure.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';

const OUT = '.test-output';
rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });

const started = Date.now();
const failures = [];

// A failed step's last lines, printed again at the very end: CI may show only the log's tail, and a
// step can fail with every test passed (an unhandled error, a hook that timed out).
const failedTails = [];
const TAIL_LINES = 60;

function step(name, command, args, env = {}) {
  console.log(`\n=== ${name}: ${command} ${args.join(' ')}`);
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      stdio: ['inherit', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    // Printed as it comes, and the last lines kept.
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    let kept = '';
    const keep = (chunk) => {
      kept = (kept + chunk).slice(-64 * 1024);
    };
    child.stdout.on('data', (chunk) => (process.stdout.write(chunk), keep(chunk)));
    child.stderr.on('data', (chunk) => (process.stderr.write(chunk), keep(chunk)));
    child.on('close', (code, signal) => {
      const seconds = ((Date.now() - t0) / 1000).toFixed(1);
      const ok = code === 0;
      console.log(`=== ${name}: ${ok ? 'ok' : `FAILED (exit ${code ?? signal})`} in ${seconds}s`);
      if (!ok) {
        failures.push(name);
        failedTails.push({ name, tail: kept.trimEnd().split('\n').slice(-TAIL_LINES).join('\n') });
      }
      resolve(ok);
    });
  });
}

/**
 * The same as step(), but the command runs beside others: its output is kept and printed whole when it
 * ends, so the log reads as if the steps had run one after the other.
 */
function stepBeside(name, command, args) {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('close', (code, signal) => {
      const seconds = ((Date.now() - t0) / 1000).toFixed(1);
      console.log(`\n=== ${name}: ${command} ${args.join(' ')}`);
      process.stdout.write(Buffer.concat(output));
      const ok = code === 0;
      console.log(`=== ${name}: ${ok ? 'ok' : `FAILED (exit ${code ?? signal})`} in ${seconds}s`);
      if (!ok) {
        failures.push(name);
        const tail = Buffer.concat(output).toString('utf8').trimEnd().split('\n');
        failedTails.push({ name, tail: tail.slice(-TAIL_LINES).join('\n') });
      }
      resolve(ok);
    });
  });
}

const bin = (name) => `node_modules/.bin/${name}`;

// The checks that read the sources run as two lanes side by side (each is one busy process, and the
// machine has two cores); the build they share with the tests comes first in its lane.
await Promise.all([
  stepBeside('type check and build', bin('tsc'), ['-p', '.']).then(() =>
    stepBeside('xss-scan', bin('xss-scan'), []),
  ),
  stepBeside('lint', bin('eslint'), ['.']).then(() =>
    stepBeside('format', bin('prettier'), ['--check', '.', '--log-level', 'warn']),
  ),
]);
const vitestRuns = [
  { name: 'vitest', file: `${OUT}/vitest.json`, env: {} },
  {
    name: 'vitest on PostgreSQL',
    file: `${OUT}/vitest-postgres.json`,
    env: { FOLIO_TEST_DB: 'postgres' },
  },
];
for (const run of vitestRuns)
  await step(
    run.name,
    bin('vitest'),
    [
      'run',
      '--dir',
      'src',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${run.file}`,
    ],
    run.env,
  );
if (await step('chromium', process.execPath, ['e2e/ensure-chromium.mjs'])) {
  await step(
    'playwright',
    bin('playwright'),
    ['test', '-c', 'e2e/playwright.config.ts', '--reporter=list,json'],
    {
      // Absolute: Playwright resolves a relative name against the config's folder.
      PLAYWRIGHT_JSON_OUTPUT_NAME: path.resolve(OUT, 'playwright.json'),
    },
  );
}

function readJson(file) {
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
}

let passed = 0;
let failed = 0;
let vitestMissing = false;
for (const run of vitestRuns) {
  const vitest = readJson(run.file);
  if (!vitest) {
    vitestMissing = true;
    continue;
  }
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
  // A file can fail with no test failed (it did not load, or a hook threw): say which and why.
  for (const file of vitest.testResults)
    if (file.status === 'failed' && file.message)
      console.log(
        `${run.name}: ${path.relative('.', file.name)}: ${file.message.split('\n', 4).join(' | ')}`,
      );
  console.log(
    `${run.name}: ${vitest.numPassedTests} passed, ${vitest.numFailedTests} failed, ${vitest.numPendingTests + vitest.numTodoTests} skipped`,
  );
}
const playwright = readJson(`${OUT}/playwright.json`);
if (playwright) {
  const { expected, unexpected, flaky, skipped } = playwright.stats;
  passed += expected + flaky;
  failed += unexpected;
  console.log(`playwright: ${expected + flaky} passed, ${unexpected} failed, ${skipped} skipped`);
}
if (vitestMissing || !playwright) failures.push('missing test results');
for (const { name, tail } of failedTails)
  console.log(`\n=== the last ${TAIL_LINES} lines of the failed step ${name}:\n${tail}\n`);
if (failures.length) console.log(`failed steps: ${failures.join(', ')}`);
console.log(`npm test took ${((Date.now() - started) / 1000).toFixed(0)}s`);
console.log(`tests: ${passed} passed, ${failed} failed`);
process.exit(failures.length || failed ? 1 : 0);

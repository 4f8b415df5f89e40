// Makes sure a Chromium exists for the browser tests. Never skips them: installs one, or fails loudly.
// Debian's package via apt-get when running as root (Playwright cannot download browsers here);
// otherwise Playwright's own installer.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

// Debian's headless shell of Chromium: the same engine without the desktop browser around it (the
// browser tests run about a quarter faster in it than in the full `chromium`). Same default in
// playwright.config.ts.
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium-headless-shell';

function run(command, args) {
  console.log(`e2e setup: $ ${command} ${args.join(' ')}`);
  execFileSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

if (existsSync(CHROMIUM_PATH)) {
  console.log(`e2e setup: using Chromium at ${CHROMIUM_PATH}`);
} else if (process.getuid?.() === 0) {
  console.log(
    `e2e setup: no Chromium at ${CHROMIUM_PATH}; installing Debian's chromium-headless-shell package with apt-get (about a minute).`,
  );
  run('apt-get', ['update', '-q']);
  run('apt-get', ['install', '-y', '-q', '--no-install-recommends', 'chromium-headless-shell']);
  if (!existsSync(CHROMIUM_PATH)) {
    console.error(`e2e setup: apt-get finished but ${CHROMIUM_PATH} is still missing.`);
    process.exit(1);
  }
} else {
  console.log(
    "e2e setup: no system Chromium and not root; installing Playwright's Chromium (npx playwright install chromium).",
  );
  run('npx', ['playwright', 'install', 'chromium-headless-shell']);
}

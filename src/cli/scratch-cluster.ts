// A throwaway PostgreSQL cluster for the benchmark, the stress tool and the tests: Debian's server
// (installed with apt-get when run as root and missing), initdb into a temp folder, a Unix socket
// there, fsync off; stopped and removed at the end. Never used by the app itself.
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';

const say = (line: string) => console.log(`[postgres for tests] ${line}`);

function run(command: string, args: string[], asPostgres: boolean): string {
  const [file, argv] = asPostgres
    ? ['runuser', ['-u', 'postgres', '--', command, ...args]]
    : [command, args];
  const result = spawnSync(file, argv, { encoding: 'utf8' });
  if (result.status !== 0)
    throw new Error(
      `${command} ${args.join(' ')} failed (${result.status ?? result.signal}): ${result.stderr || result.stdout || result.error?.message}`,
    );
  return result.stdout;
}

/** The newest installed server's bin folder (Debian keeps them in /usr/lib/postgresql/N/bin). */
function findBinaries(): string | null {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(path.join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions[0]) return path.join(root, versions[0], 'bin');
  const onPath = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  const bin = onPath.status === 0 ? onPath.stdout.trim() : '';
  return bin && existsSync(path.join(bin, 'initdb')) ? bin : null;
}

function installedBinaries(): string {
  const found = findBinaries();
  if (found) return found;
  if (userInfo().uid !== 0)
    throw new Error(
      'FOLIO_TEST_DB=postgres needs PostgreSQL 15+ (Debian: apt-get install postgresql) or DATABASE_URL_TEST',
    );
  say("PostgreSQL is not installed: installing Debian's postgresql package with apt-get");
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  spawnSync('apt-get', ['update'], { stdio: 'inherit', env });
  const install = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'postgresql'], {
    stdio: 'inherit',
    env,
  });
  const bin = install.status === 0 ? findBinaries() : null;
  if (!bin) throw new Error('apt-get install postgresql failed; PostgreSQL tests cannot run');
  return bin;
}

export interface Cluster {
  adminUrl: string;
  /** Stops the server and removes its folder. */
  stop: () => void;
  /** Stops the server, keeping its data, as an outage would (fault tests); `resume` starts it again. */
  pause: () => void;
  resume: () => void;
}

/**
 * Throwaway data: no fsync, no full-page writes. Only a Unix socket in the folder, so parallel runs
 * never meet on a port.
 */
const serverOptions = (folder: string) =>
  [
    '-c fsync=off',
    '-c full_page_writes=off',
    '-c synchronous_commit=off',
    "-c listen_addresses=''",
    `-c unix_socket_directories=${folder}`,
    '-c max_connections=300',
    '-c shared_buffers=64MB',
  ].join(' ');

/** Starts a cluster in a new temp folder; returns its superuser URL and how to stop it. */
export function startCluster(): Cluster {
  const bin = installedBinaries();
  // The server refuses to run as root: as root, the cluster belongs to the postgres user.
  const asPostgres = userInfo().uid === 0;
  const folder = mkdtempSync(path.join(tmpdir(), 'folio-pg-'));
  const data = path.join(folder, 'data');
  if (asPostgres) {
    const { uid, gid } = postgresIds();
    chownSync(folder, uid, gid);
  }
  const started = Date.now();
  say(`initdb in ${data} (${path.basename(path.dirname(bin))})`);
  run(
    path.join(bin, 'initdb'),
    ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8', '-N'],
    asPostgres,
  );
  const options = serverOptions(folder);
  const resume = () =>
    void run(
      path.join(bin, 'pg_ctl'),
      ['-D', data, '-l', path.join(folder, 'server.log'), '-o', options, '-w', 'start'],
      asPostgres,
    );
  const pause = () =>
    void run(path.join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop'], asPostgres);
  resume();
  say(`started on the socket in ${folder} in ${Date.now() - started} ms`);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    spawnSync(
      asPostgres ? 'runuser' : path.join(bin, 'pg_ctl'),
      [
        ...(asPostgres ? ['-u', 'postgres', '--', path.join(bin, 'pg_ctl')] : []),
        '-D',
        data,
        '-m',
        'immediate',
        '-w',
        'stop',
      ],
      { stdio: 'ignore' },
    );
    rmSync(folder, { recursive: true, force: true });
    say(`stopped, and ${folder} removed`);
  };
  // Interrupted runs (Ctrl+C) leave no server behind either.
  process.once('exit', stop);
  return {
    adminUrl: `postgres://postgres@/postgres?host=${encodeURIComponent(folder)}`,
    stop,
    pause,
    resume,
  };
}

function postgresIds(): { uid: number; gid: number } {
  const id = (flag: string) => Number(run('id', [flag, 'postgres'], false).trim());
  return { uid: id('-u'), gid: id('-g') };
}

/** The same server, another database. */
export function databaseUrl(adminUrl: string, database: string): string {
  return adminUrl.replace(/^(postgres(?:ql)?:\/\/[^/?]*)(\/[^?]*)?/i, `$1/${database}`);
}

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { JobRecord } from '../../bench/jobTimings.js';
import { S3RVER_CREDENTIALS } from './s3Server.js';

/**
 * The project's folder, from where this module lies: test/support/ under vitest, dist/test/support/
 * compiled (the bench). It stays visible on a host with a private /tmp (a clone may live under /tmp).
 */
const PROJECT_ROOT = fileURLToPath(new URL(import.meta.url.includes('/dist/test/support/') ? '../../..' : '../..', import.meta.url)).replace(/\/$/, '');

/** A file of the project by its path from the project's folder, e.g. 'data/movies.csv'. */
export function projectFile(path: string): string {
  return join(PROJECT_ROOT, path);
}

/**
 * A private empty /tmp; when the project itself lies under /tmp it is bind-mounted back through
 * /mnt (private to this mount namespace), so the host still runs the project's code.
 */
const PRIVATE_TMP =
  'case "$1" in /tmp/*) mount --bind "$1" /mnt && mount -t tmpfs tmpfs /tmp && mkdir -p "$1" && mount --bind /mnt "$1" && umount /mnt ;; *) mount -t tmpfs tmpfs /tmp ;; esac';

/**
 * Separate hosts on one machine: a bridge namespace and one network namespace per host, each with
 * its own address on a private /24 that exists only inside those namespaces. Every process that
 * talks to a host address runs inside a namespace (`spawn`), so no packet to a test address ever
 * leaves the root namespace (from there it would be routed off the machine).
 */
export class NetnsCluster {
  private readonly children = new Set<HostProcess>();
  private destroyed = false;

  private constructor(
    /** Namespace names start with it: unique per test run. */
    readonly id: string,
    private readonly subnet: string,
    private readonly hosts: ReadonlyMap<string, number>,
  ) {}

  /** Makes the namespaces, hosts named as given ('data', 'w1', …); the first one gets address .1. */
  static create(hostNames: readonly string[]): NetnsCluster {
    const id = `sf${randomBytes(3).toString('hex')}`;
    const subnet = `10.${randomInt(100, 250)}.${randomInt(1, 250)}`;
    const cluster = new NetnsCluster(id, subnet, new Map(hostNames.map((name, i) => [name, i + 1])));
    liveClusters.add(cluster);
    try {
      const bridge = cluster.bridgeNamespace;
      ip('netns', 'add', bridge);
      ip('-n', bridge, 'link', 'set', 'lo', 'up');
      ip('-n', bridge, 'link', 'add', 'br0', 'type', 'bridge');
      ip('-n', bridge, 'link', 'set', 'br0', 'up');
      for (const name of hostNames) {
        const ns = cluster.namespace(name);
        ip('netns', 'add', ns);
        ip('-n', ns, 'link', 'set', 'lo', 'up');
        ip('-n', bridge, 'link', 'add', `p-${name}`, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns);
        ip('-n', bridge, 'link', 'set', `p-${name}`, 'master', 'br0');
        ip('-n', bridge, 'link', 'set', `p-${name}`, 'up');
        ip('-n', ns, 'addr', 'add', `${cluster.address(name)}/24`, 'dev', 'eth0');
        ip('-n', ns, 'link', 'set', 'eth0', 'up');
      }
    } catch (error) {
      cluster.destroySync();
      throw error;
    }
    return cluster;
  }

  namespace(host: string): string {
    if (!this.hosts.has(host)) throw new Error(`no host '${host}' in cluster ${this.id}`);
    return `${this.id}-${host}`;
  }

  address(host: string): string {
    const n = this.hosts.get(host);
    if (n === undefined) throw new Error(`no host '${host}' in cluster ${this.id}`);
    return `${this.subnet}.${n}`;
  }

  /**
   * Starts `argv` on `host` with its own hostname (`unshare --uts`) and, with `privateTmp`, a
   * private empty /tmp (a mount namespace): nothing is shared with the other hosts by accident.
   * `ip netns exec`, `unshare` and `sh` each exec the next, so the child's pid is the program's.
   */
  spawn(host: string, argv: readonly string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; privateTmp?: boolean } = {}): HostProcess {
    const setup = options.privateTmp ? `hostname "$0" && ${PRIVATE_TMP} && shift && cd /tmp && exec "$@"` : 'hostname "$0" && shift && exec "$@"';
    const unshare = options.privateTmp ? ['unshare', '--uts', '--mount', '--propagation', 'private'] : ['unshare', '--uts'];
    const child = spawn('ip', ['netns', 'exec', this.namespace(host), ...unshare, 'sh', '-c', setup, host, PROJECT_ROOT, ...argv], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const hostProcess = new HostProcess(host, child);
    this.children.add(hostProcess);
    child.once('exit', () => this.children.delete(hostProcess));
    return hostProcess;
  }

  /** Cuts the host's only link (a partition), or brings it back. */
  link(host: string, state: 'up' | 'down'): void {
    ip('-n', this.namespace(host), 'link', 'set', 'eth0', state);
  }

  /** Kills what this cluster started and deletes its namespaces; safe to call twice. */
  async destroy(): Promise<void> {
    await Promise.all([...this.children].map((child) => child.kill('SIGKILL')));
    this.destroySync();
  }

  /** The same, synchronously: for signal and exit handlers. */
  destroySync(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    liveClusters.delete(this);
    for (const child of this.children) child.killNow('SIGKILL');
    for (const ns of [...[...this.hosts.keys()].map((host) => this.namespace(host)), this.bridgeNamespace]) {
      // Processes in the namespace are ones this cluster started (or their children): none may outlive it.
      for (const pid of tryIp('netns', 'pids', ns).split(/\s+/).filter(Boolean)) {
        try {
          process.kill(Number(pid), 'SIGKILL');
        } catch {
          // already gone
        }
      }
      tryIp('netns', 'del', ns);
    }
  }

  private get bridgeNamespace(): string {
    return `${this.id}-sw`;
  }
}

/** A process on a cluster host, its output kept as lines. */
export class HostProcess {
  readonly lines: string[] = [];
  readonly exited: Promise<number | null>;
  private readonly waiters = new Set<() => void>();

  constructor(
    readonly host: string,
    readonly child: ChildProcess,
  ) {
    for (const stream of [child.stdout!, child.stderr!]) {
      let partial = '';
      stream.on('data', (chunk: Buffer) => {
        const parts = (partial + chunk.toString('utf8')).split('\n');
        partial = parts.pop()!;
        this.lines.push(...parts);
        for (const wake of this.waiters) wake();
      });
    }
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** The first line matching `pattern`, waiting up to `timeoutMs` for it. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<string> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const line = this.lines.find((l) => pattern.test(l));
        if (line === undefined) return false;
        done();
        resolve(line);
        return true;
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`${this.host}: no line matching ${pattern} within ${timeoutMs} ms; output:\n${this.lines.slice(-30).join('\n')}`));
      }, timeoutMs);
      const exitWatch = () => {
        done();
        reject(new Error(`${this.host}: exited before a line matching ${pattern}; output:\n${this.lines.slice(-30).join('\n')}`));
      };
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        this.child.off('exit', exitWatch);
      };
      const wake = () => void check();
      if (check()) return;
      this.waiters.add(wake);
      this.child.once('exit', exitWatch);
    });
  }

  /** Sends `signal` and waits for the exit. */
  kill(signal: NodeJS.Signals): Promise<number | null> {
    this.killNow(signal);
    return this.exited;
  }

  killNow(signal: NodeJS.Signals): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
  }
}

/** A compiled program of test/support/hostPrograms/ (`name` without .js), to run on a host. */
export function hostProgram(name: string): string {
  return projectFile(`dist/test/support/hostPrograms/${name}.js`);
}

/** Where the data host serves, on its own address. */
export const DATA_HOST_PORTS = { redis: 6390, s3: 9100 } as const;

/** The data host's servers: redis-server, and s3rver keeping its objects under `s3Directory`. */
export interface DataHost {
  readonly redis: HostProcess;
  /** Logs one `request <client> <method> <path>` line per S3 request (hostPrograms/s3rverHost). */
  readonly s3: HostProcess;
}

/** Starts Redis and the S3 server on the cluster's host 'data' and waits until both listen. */
export async function startDataHost(cluster: NetnsCluster, s3Directory: string): Promise<DataHost> {
  const data = cluster.address('data');
  const redis = cluster.spawn('data', ['redis-server', '--bind', data, '--port', String(DATA_HOST_PORTS.redis), '--save', '', '--appendonly', 'no', '--protected-mode', 'no']);
  const s3 = cluster.spawn('data', [process.execPath, hostProgram('s3rverHost'), data, String(DATA_HOST_PORTS.s3), s3Directory]);
  await Promise.all([redis.waitForLine(/Ready to accept connections/, 10_000), s3.waitForLine(/^listening$/, 10_000)]);
  return { redis, s3 };
}

/**
 * The environment of one deployment on the data host: its own queue prefix and bucket (`name`),
 * so nothing is served from another deployment's cache. Ports default to the data host's own.
 */
export function deploymentEnv(cluster: NetnsCluster, name: string, ports: { redis: number; s3: number } = DATA_HOST_PORTS): Record<string, string> {
  const data = cluster.address('data');
  return {
    REDIS_URL: `redis://${data}:${ports.redis}`,
    S3_ENDPOINT: `http://${data}:${ports.s3}`,
    S3_ACCESS_KEY: S3RVER_CREDENTIALS.accessKey,
    S3_SECRET_KEY: S3RVER_CREDENTIALS.secretKey,
    S3_BUCKET: name,
    SWEEPFLOW_PREFIX: name,
  };
}

/**
 * `sweepflow worker --concurrency 1` on `host`, once it reports its slot. No copy of the data and
 * a private /tmp: a worker has only what Redis and S3 give it.
 */
export async function startWorkerHost(cluster: NetnsCluster, host: string, env: NodeJS.ProcessEnv): Promise<HostProcess> {
  const worker = cluster.spawn(host, [process.execPath, projectFile('dist/src/cli/main.js'), 'worker', '--concurrency', '1'], { env, privateTmp: true });
  await worker.waitForLine(/slot\(s\)/, 30_000);
  return worker;
}

/** What hostPrograms/jobRecords prints: a deployment's completed jobs and how many failed for good. */
export interface JobDump {
  readonly completed: JobRecord[];
  readonly failed: number;
}

/** The deployment's BullMQ jobs (`env` names it), read from `host` after a run. */
export async function jobRecordsOn(cluster: NetnsCluster, host: string, env: NodeJS.ProcessEnv): Promise<JobDump> {
  const dumper = cluster.spawn(host, [process.execPath, hostProgram('jobRecords')], { env });
  const code = await dumper.exited;
  const line = dumper.lines.find((l) => l.startsWith('{'));
  if (code !== 0 || line === undefined) throw new Error(`jobRecords on ${host} exited ${code}: ${dumper.lines.slice(-3).join(' | ')}`);
  return JSON.parse(line) as JobDump;
}

/** S3 requests in the data host's log from `hosts` (all hosts when absent) since line `mark`. */
export function s3Requests(dataHost: DataHost, cluster: NetnsCluster, mark: number, hosts?: readonly string[]): string[] {
  const from = hosts === undefined ? null : new Set(hosts.map((h) => cluster.address(h)));
  return dataHost.s3.lines.slice(mark).filter((line) => {
    const [word, client] = line.split(' ');
    return word === 'request' && (from === null || from.has(client.replace(/^::ffff:/, '')));
  });
}

/** Requests per kind of object ('GET cache/*.json'), most first: which reads a change saved. */
export function requestsByKind(requests: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const line of requests) {
    const [, , method, path] = line.split(' ');
    const key = path.split('/').slice(2).join('/').replace(/[0-9a-f]{64}/g, '*').replace(/runs\/[^/]+/, 'runs/*').replace(/stages\/[^/]+/, 'stages/*').replace(/models\/[^/]+/, 'models/*').replace(/trials\/[^/]+/, 'trials/*');
    const kind = `${method} ${key || '(bucket)'}`;
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1]).map(([kind, n]) => `${kind} ${n}`).join(', ');
}

const liveClusters = new Set<NetnsCluster>();
let handlersInstalled = false;

/** Tears every live cluster down if the test process is interrupted or exits without its afterAll. */
export function tearDownOnSignals(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  const tearDown = () => {
    for (const cluster of [...liveClusters]) cluster.destroySync();
  };
  process.once('exit', tearDown);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      tearDown();
      process.kill(process.pid, signal);
    });
  }
}

/** Why network namespaces cannot be made here (not root, no `ip`), or null when they can. */
export function netnsUnavailable(): string | null {
  const probe = `sfprobe${randomBytes(3).toString('hex')}`;
  try {
    ip('netns', 'add', probe);
    ip('netns', 'del', probe);
    return null;
  } catch (error) {
    return `'ip netns add' does not work here (${(error as Error).message.split('\n')[0]}); the suite needs root and iproute2`;
  }
}

function ip(...args: string[]): string {
  return execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function tryIp(...args: string[]): string {
  try {
    return ip(...args);
  } catch {
    return '';
  }
}

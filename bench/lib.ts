import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';

/*
 * Helpers shared by the benchmarks. Nothing here asserts anything: the benchmarks print
 * figures and leave the judging to whoever reads them.
 */

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export const benchTempDir = (prefix: string, under: string = tmpdir()): Promise<string> => mkdtemp(join(under, prefix));

/** Nearest-rank percentile of an ascending array (p in 0..100); NaN when empty. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

/** The middle value (the mean of the middle two for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export const fmt = (n: number, digits = 2): string => (Number.isFinite(n) ? n.toFixed(digits) : 'NaN');

/** "p50=… p95=… max=…" of some figures, in ms with `digits` decimals: the breakdown lines' form. */
export function p50p95max(values: readonly number[], digits: number): string {
  const s = [...values].sort((x, y) => x - y);
  return `p50=${fmt(percentile(s, 50), digits)} p95=${fmt(percentile(s, 95), digits)} max=${fmt(s[s.length - 1] ?? Number.NaN, digits)}`;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * How this process's performance.timeOrigin + now() stands against Date.now(), the system
 * clock every process reads: the mean over 20 ms. Two processes' moments are put on one
 * clock by the difference of theirs (bench:ui's pages compute the same in the page).
 */
export function clockSkew(): number {
  let sum = 0;
  let n = 0;
  const end = performance.now() + 20;
  while (performance.now() < end) {
    sum += performance.timeOrigin + performance.now() - Date.now();
    n++;
  }
  return sum / n;
}

export function positiveInt(value: string | undefined, fallback: number, flag: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${flag} must be a positive number, got ${JSON.stringify(value)}`);
  return n;
}

export type ChildServer<T> = {
  info: T;
  pid: number;
  /** Writes one line to the child's stdin and resolves with the next JSON line it prints (a question the child answers). */
  ask: <A>(line: string) => Promise<A>;
  /** Asks the child to shut down (closing its stdin) and waits for it; kills it if it hangs. */
  stop: () => Promise<void>;
};

/**
 * The Node flags `npm run hub` starts the hub with (package.json's `hub` script), so that a
 * benchmark's hub process is the hub a team runs: `--max-semi-space-size` bounds the young
 * generation, which a burst of requests otherwise grows to 32 MB and keeps;
 * `--no-memory-reducer` spares the hub a whole-heap compaction some 8 s after it starts and
 * after its heap grows (docs/deploy.md).
 */
export function hubNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const run = /\bnode ((?:--\S+ )*)dist\/hub\/cli\.mjs/.exec(pkg.scripts.hub ?? '');
  if (!run) throw new Error("package.json's hub script no longer runs `node [flags] dist/hub/cli.mjs`: say here how the hub is started");
  return run[1]!.split(' ').filter(Boolean);
}

/**
 * Starts `bench/<script>` in its own Node process and waits for the one JSON line it prints
 * on stdout once it is listening. The child exits when its stdin closes. The script is
 * bundled to plain JavaScript first (scripts/bundle-node.mjs, as `npm run hub` and the
 * desktop app run the hub), so the server measured carries no TypeScript loader: through
 * tsx, the loader's own isolate was about 37 MB of the hub's resident set.
 */
export async function startChild<T>(script: string, args: string[], nodeArgs: string[] = [], startTimeoutMs = 30_000): Promise<ChildServer<T>> {
  const bundled = join(REPO_ROOT, 'dist', 'bench', script.replace(/\.ts$/, '.mjs'));
  const { bundleNode } = (await import(pathToFileURL(join(REPO_ROOT, 'scripts', 'bundle-node.mjs')).href)) as {
    bundleNode: (entry: string, outfile: string) => Promise<void>;
  };
  await bundleNode(join('bench', script), bundled);
  const child = spawn(process.execPath, [...nodeArgs, bundled, ...args], {
    cwd: REPO_ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const lines = createInterface({ input: child.stdout });
  const info = await new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not report within ${startTimeoutMs} ms`)), startTimeoutMs);
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(line) as T);
      } catch {
        reject(new Error(`${script} printed something other than JSON: ${line.slice(0, 200)}`));
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited (code ${code}) before reporting`));
    });
  }).catch((e: unknown) => {
    child.kill('SIGKILL');
    throw e;
  });
  // Anything else the child prints goes to our stderr, so stdout ends with our figures; a
  // JSON line while a question is open is its answer.
  const answers: Array<(line: string) => void> = [];
  lines.on('line', (line) => {
    if (answers.length > 0 && line.startsWith('{')) answers.shift()!(line);
    else process.stderr.write(`[${script}] ${line}\n`);
  });
  return {
    info,
    pid: child.pid!,
    ask: <A>(line: string) =>
      new Promise<A>((resolve) => {
        answers.push((answer) => resolve(JSON.parse(answer) as A));
        child.stdin.write(`${line}\n`);
      }),
    async stop() {
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** In a child: runs `stop` once the parent closes our stdin (or on SIGTERM/SIGINT), then exits. */
export function exitWhenParentSaysSo(stop: () => Promise<void>): void {
  let stopping = false;
  const shutdown = () => {
    if (stopping) return;
    stopping = true;
    stop().then(
      () => process.exit(0),
      (e: unknown) => {
        console.error(`shutdown failed: ${(e as Error).message}`);
        process.exit(1);
      },
    );
  };
  process.stdin.on('end', shutdown);
  process.stdin.on('error', shutdown);
  process.stdin.resume();
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

/**
 * Runs a benchmark's `main`, then `cleanup` whatever happens; a run that hangs past
 * `watchdogMs` is cleaned up and ends with an error rather than holding the machine.
 */
export async function runBenchmark(name: string, watchdogMs: number, main: () => Promise<void>, cleanup: () => Promise<void>): Promise<void> {
  const watchdog = setTimeout(() => {
    console.error(`${name}: still running after ${watchdogMs / 1000} s; giving up`);
    void cleanup().finally(() => process.exit(1));
  }, watchdogMs);
  watchdog.unref();
  try {
    await main();
  } catch (e) {
    console.error(e);
    process.exitCode = 1;
  } finally {
    await cleanup();
    clearTimeout(watchdog);
  }
}

/** In a child: answers each line the parent writes to our stdin (ChildServer.ask) with one JSON line on stdout. */
export function answerQuestions(answer: (question: string) => unknown): void {
  createInterface({ input: process.stdin }).on('line', (question) => {
    process.stdout.write(`${JSON.stringify(answer(question.trim()) ?? null)}\n`);
  });
}

/** The resident set size of a process of ours, in MB (Linux: /proc/<pid>/status). */
export async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN) / 1024;
}

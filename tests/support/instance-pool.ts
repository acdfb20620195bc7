/**
 * Several `icp start` processes behind a pretend load balancer: each instance is a real child
 * process (so SIGKILL is a real crash) with its own ports and data folder, all sharing what the
 * caller puts in the common environment (one PostgreSQL schema, one bucket, one bot). Requests go
 * to a random instance that is up; one that fails (connection refused, reset, 5xx) is tried again
 * on another, as Telegram and Slack deliver again what was not answered 200.
 */
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AppProcess, spawnIcp } from './app-process.ts';

export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface Instance {
  readonly name: string;
  /** Telegram's webhook and the health routes. */
  readonly port: number;
  readonly slackPort: number;
  readonly dataDir: string;
  process: AppProcess | undefined;
  /** False between a kill and the next successful readiness check: the balancer skips it. */
  up: boolean;
}

/** The ports and folder of one instance, and the environment that points it at them. */
async function describeInstance(name: string): Promise<{ instance: Instance; env: Record<string, string> }> {
  const [port, slackPort, linkPort] = [await freePort(), await freePort(), await freePort()];
  const dataDir = mkdtempSync(join(tmpdir(), `icp-${name}-`));
  const instance: Instance = { name, port, slackPort, dataDir, process: undefined, up: false };
  const env = {
    DATA_DIR: dataDir,
    PORT: String(port),
    SLACK_PORT: String(slackPort),
    DOCUMENT_LINK_PORT: String(linkPort),
    TELEGRAM_WEBHOOK_URL: `http://127.0.0.1:${port}/telegram`,
  };
  return { instance, env };
}

export class InstancePool {
  readonly instances: Instance[] = [];
  private readonly envs = new Map<Instance, Record<string, string>>();
  /** Webhook posts answered 200 (duplicates included), for deciding when "midway" is. */
  delivered = 0;

  private constructor(private readonly common: Record<string, string>) {}

  /** Starts `count` instances at once (the migrations take an advisory lock) and waits until all are ready. */
  static async start(count: number, common: Record<string, string>): Promise<InstancePool> {
    const pool = new InstancePool(common);
    for (let i = 0; i < count; i++) {
      const { instance, env } = await describeInstance(`instance${i + 1}`);
      pool.instances.push(instance);
      pool.envs.set(instance, env);
    }
    await Promise.all(pool.instances.map((instance) => pool.launch(instance)));
    return pool;
  }

  /** Starts (or starts again) `instance` with the same ports and folder, and waits for /readyz. */
  async launch(instance: Instance): Promise<void> {
    const app = spawnIcp(['start'], { ...this.common, ...this.envs.get(instance) });
    app.child.stdin!.end();
    instance.process = app;
    for (;;) {
      if (app.child.exitCode !== null)
        throw new Error(`${instance.name} ended:\n${app.stdout}\n${app.stderr}`);
      const status = await fetch(`http://127.0.0.1:${instance.port}/readyz`).then(
        (res) => res.status,
        () => 0,
      );
      if (status === 200) break;
      // Often: the test waits on these starts (three at once, and one again after the kill).
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    instance.up = true;
  }

  /** A crash: SIGKILL, nothing flushed, nothing closed. */
  async kill(instance: Instance): Promise<void> {
    instance.up = false;
    const app = instance.process;
    if (!app || app.child.exitCode !== null || app.child.signalCode !== null) return;
    app.child.kill('SIGKILL');
    await app.exited;
  }

  /** SIGTERM to every instance still running; resolves with their exit codes. */
  async stop(): Promise<(number | string)[]> {
    return Promise.all(
      this.instances.map(async (instance) => {
        instance.up = false;
        const app = instance.process;
        if (!app || app.child.exitCode !== null || app.child.signalCode !== null) return 'not running';
        app.child.kill('SIGTERM');
        return app.exited;
      }),
    );
  }

  /** Leaves no child behind when a test fails half-way; resolves once they are gone. */
  async killAll(): Promise<void> {
    await Promise.all(this.instances.map((instance) => this.kill(instance)));
  }

  /** A random instance that is up (the balancer's pick). */
  pick(): Instance {
    const up = this.instances.filter((i) => i.up);
    const from = up.length > 0 ? up : this.instances;
    return from[Math.floor(Math.random() * from.length)]!;
  }

  /**
   * Sends a request to random instances until one answers below 500; returns that answer's status.
   * `send` gets the instance to call.
   */
  async deliver(send: (instance: Instance) => Promise<number>, what: string): Promise<number> {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const status = await send(this.pick()).catch(() => 0);
      if (status > 0 && status < 500) return status;
      if (Date.now() > deadline) throw new Error(`${what}: no instance answered (last status ${status})`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

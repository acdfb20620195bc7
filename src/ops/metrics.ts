/**
 * The process's Prometheus metrics (prom-client), in one registry every part may import and add
 * to: `import { metrics } from '../ops/metrics.ts'; metrics.updates.inc({ channel, outcome })`.
 * Labels are small fixed sets (channel, outcome, topic, stage): never a chat, user, filing id or
 * anything an applicant typed, so a scrape holds no personal data.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { rateLimitCounters } from '../rate-limit/token-bucket.ts';

export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

const registers = [metricsRegistry];

/** Latencies of chat replies and commits: milliseconds to a few seconds (a 429 wait is the tail). */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export const metrics = {
  /** Inbound updates and requests: channel telegram|slack|console; outcome handled|duplicate|failed|refused. */
  updates: new Counter({
    name: 'icp_updates_total',
    help: 'Inbound updates by channel and outcome',
    labelNames: ['channel', 'outcome'] as const,
    registers,
  }),
  /** Update in → its replies sent (Telegram), or request in → answered (Slack). */
  answerLatency: new Histogram({
    name: 'icp_answer_latency_seconds',
    help: 'From an update arriving to its reply being sent',
    labelNames: ['channel'] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  }),
  /** One group commit of applicant answers (one statement, one transaction). */
  commitLatency: new Histogram({
    name: 'icp_commit_latency_seconds',
    help: 'Latency of committing a batch of applicant answers',
    buckets: LATENCY_BUCKETS,
    registers,
  }),
  /** Outbox deliveries (pings, replies owed, mails, Slack updates, reminders): outcome sent|failed|retried. */
  deliveries: new Counter({
    name: 'icp_outbox_deliveries_total',
    help: 'Outbox deliveries by topic and outcome (sent, failed = given up, retried)',
    labelNames: ['topic', 'outcome'] as const,
    registers,
  }),
  /** Telegram answered 429 Too Many Requests (live replies and the outbox alike). */
  telegram429: new Counter({
    name: 'icp_telegram_429_total',
    help: 'Telegram Bot API calls answered 429',
    labelNames: ['path'] as const,
    registers,
  }),
};

/** Figures read from the database at scrape time (they are shared by every instance). */
export interface DatabaseFigures {
  outboxByState(): Promise<Record<'pending' | 'sent' | 'failed', number>>;
  /** Seconds since the oldest row still to deliver became due; 0 when none. */
  oldestPendingAgeSeconds(): Promise<number>;
  filingsByStage(): Promise<Record<string, number>>;
  overdueFilings(): Promise<number>;
}

let figures: DatabaseFigures | undefined;

/** The app plugs its database in once started; until then (and in tools) the gauges stay empty. */
export function useDatabaseFigures(source: DatabaseFigures | undefined): void {
  figures = source;
}

new Gauge({
  name: 'icp_outbox_rows',
  help: 'Outbox rows by state',
  labelNames: ['state'] as const,
  registers,
  async collect() {
    this.reset();
    if (!figures) return;
    for (const [state, count] of Object.entries(await figures.outboxByState())) this.set({ state }, count);
  },
});

new Gauge({
  name: 'icp_outbox_oldest_pending_age_seconds',
  help: 'Age of the oldest outbox row that is due and not yet delivered',
  registers,
  async collect() {
    this.set(figures ? await figures.oldestPendingAgeSeconds() : 0);
  },
});

new Gauge({
  name: 'icp_filings',
  help: 'Filings by review stage',
  labelNames: ['stage'] as const,
  registers,
  async collect() {
    this.reset();
    if (!figures) return;
    for (const [stage, count] of Object.entries(await figures.filingsByStage())) this.set({ stage }, count);
  },
});

new Gauge({
  name: 'icp_filings_overdue',
  help: 'Filings whose current review stage is past its due time',
  registers,
  async collect() {
    this.set(figures ? await figures.overdueFilings() : 0);
  },
});

// The per-chat rate limiters count on their own (no prom-client on their hot path); read at scrape.
new Counter({
  name: 'icp_rate_limited_updates_total',
  help: 'Inbound updates by rate-limit verdict (passed, warned = answered "slow down", dropped)',
  labelNames: ['channel', 'verdict'] as const,
  registers,
  collect() {
    this.reset();
    for (const [channel, counters] of Object.entries(rateLimitCounters)) {
      for (const verdict of ['passed', 'warned', 'dropped'] as const) {
        if (counters[verdict] > 0) this.inc({ channel, verdict }, counters[verdict]);
      }
    }
  },
});

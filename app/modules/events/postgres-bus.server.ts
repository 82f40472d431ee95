// The bus between processes on PostgreSQL: LISTEN/NOTIFY. A NOTIFY carries
// only what changed (kind, generation id, thumbnail id, when); each process
// that has local subscribers for that generation reads the state from the
// database once and hands it to all of them. Prisma cannot LISTEN, so the
// listener is a dedicated `pg` connection; it reconnects with backoff and
// then re-reads what it may have missed. See docs/decisions/016.
//
// This process's own events and wakes reach its own subscribers at once,
// in the order published, as on SQLite; their NOTIFYs carry this bus's
// origin so that its listener skips them, and only other processes read
// them back from the database.
import crypto from "node:crypto";
import pg from "pg";
import type { GenerationEvent, GenerationStreamSnapshot } from "~/modules/generations/lifecycle";
import { createLocalFanOut, type GenerationEventBus, type Wake } from "./event-bus";

export const CHANGES_CHANNEL = "thumbsmith_generation_changes";
export const WAKE_CHANNEL = "thumbsmith_wakes";

/** What a change notification carries: PostgreSQL caps payloads at 8000 bytes, this stays under 150. */
export type ChangeNotice = { k: GenerationEvent["type"]; g: string; t?: string; v: number; o?: string };

export type PostgresBusOptions = {
  connectionString: string;
  /** Sends one NOTIFY (through the app's connection pool, not the listener's connection). */
  notify(channel: string, payload: string): Promise<void>;
  /** The event a notice stands for, read from the database; null when the generation is gone. */
  readEvent(notice: ChangeNotice): Promise<GenerationEvent | null>;
  /** A generation's whole current state, for subscribers after a reconnect. */
  readSnapshot(generationId: string): Promise<GenerationStreamSnapshot | null>;
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  /** How long ready() waits for the first connection before giving up on it (resync covers the rest). */
  readyTimeoutMs?: number;
  log?: { warn(message: string): void; error(message: string, error?: unknown): void };
};

export function createPostgresEventBus({
  connectionString,
  notify,
  readEvent,
  readSnapshot,
  reconnectMinMs = 100,
  reconnectMaxMs = 5_000,
  readyTimeoutMs = 5_000,
  log = console,
}: PostgresBusOptions): GenerationEventBus & { connectionCount(): number } {
  const local = createLocalFanOut();
  const origin = crypto.randomUUID();
  let client: pg.Client | null = null;
  let connecting: Promise<void> | null = null;
  let closed = false;
  let connections = 0;
  let retryDelay = reconnectMinMs;
  let retryTimer: NodeJS.Timeout | null = null;
  let connectedOnce: () => void = () => {};
  const firstConnection = new Promise<void>((resolve) => (connectedOnce = resolve));
  // Notices of one generation are read and delivered one after another, so
  // subscribers see its events in the order they were published.
  const chains = new Map<string, Promise<void>>();
  // Our own NOTIFYs, one after another, so they arrive in the order published.
  let sending: Promise<void> = Promise.resolve();

  function start() {
    if (closed || client || connecting) return;
    connecting = connect().finally(() => (connecting = null));
  }

  async function connect() {
    const next = new pg.Client({ connectionString, keepAlive: true });
    let dropped = false;
    const drop = (error?: Error) => {
      if (dropped) return;
      dropped = true;
      if (client === next) client = null;
      next.removeAllListeners("notification");
      void next.end().catch(() => {});
      if (closed) return;
      log.warn(`event bus: the LISTEN connection dropped (${error?.message ?? "closed"}); reconnecting in ${retryDelay} ms`);
      scheduleReconnect();
    };
    next.on("error", drop);
    next.on("end", () => drop());
    next.on("notification", onNotification);
    try {
      await next.connect();
      await next.query(`LISTEN ${CHANGES_CHANNEL}; LISTEN ${WAKE_CHANNEL}`);
    } catch (error) {
      drop(error as Error);
      return;
    }
    if (closed) {
      await next.end().catch(() => {});
      return;
    }
    client = next;
    connections += 1;
    retryDelay = reconnectMinMs;
    connectedOnce();
    if (connections > 1) resyncAfterReconnect();
  }

  function scheduleReconnect() {
    if (retryTimer || closed) return;
    const delay = retryDelay;
    retryDelay = Math.min(reconnectMaxMs, retryDelay * 2);
    retryTimer = setTimeout(() => {
      retryTimer = null;
      start();
    }, delay);
  }

  /** While the connection was down, notifications went to nobody: read the current state again. */
  function resyncAfterReconnect() {
    for (const generationId of local.subscribers.keys()) {
      enqueue(generationId, async () => {
        const snapshot = await readSnapshot(generationId);
        if (snapshot) local.resync(generationId, snapshot);
      });
    }
    local.wake({ kind: "reconnected" });
  }

  function enqueue(generationId: string, work: () => Promise<void>) {
    const previous = chains.get(generationId) ?? Promise.resolve();
    const next = previous
      .then(work)
      .catch((error) => log.error(`event bus: could not read generation ${generationId} after a notification`, error));
    chains.set(generationId, next);
    void next.then(() => {
      if (chains.get(generationId) === next) chains.delete(generationId);
    });
  }

  function onNotification(message: pg.Notification) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(message.payload ?? "");
    } catch {
      return log.warn(`event bus: ignored a notification that is not JSON on ${message.channel}`);
    }
    if ((parsed as { o?: unknown })?.o === origin) return;
    if (message.channel === WAKE_CHANNEL) {
      const { o: _origin, ...wake } = parsed as Wake & { o?: string };
      if (wake?.kind === "generations" || wake?.kind === "reconnected" || (wake?.kind === "kie-task" && typeof wake.taskId === "string")) {
        local.wake(wake);
      }
      return;
    }
    const notice = parsed as ChangeNotice;
    if (typeof notice?.g !== "string") return;
    // Nobody here watches it: no query.
    if (local.listenerCount(notice.g) === 0) return;
    enqueue(notice.g, async () => {
      if (local.listenerCount(notice.g) === 0) return;
      const event = await readEvent(notice);
      if (event) local.deliver(notice.g, event);
    });
  }

  function send(channel: string, payload: object) {
    const text = JSON.stringify(payload);
    sending = sending.then(() =>
      notify(channel, text).catch((error) =>
        // A lost notification costs a live update, never data: the page's next snapshot has it.
        log.error(`event bus: NOTIFY on ${channel} failed`, error),
      ),
    );
    return sending;
  }

  return {
    publish(event) {
      local.deliver(event.generation.id, event);
      const notice: ChangeNotice = { k: event.type, g: event.generation.id, v: Date.now(), o: origin };
      if (event.type === "thumbnail") notice.t = event.thumbnail.id;
      return send(CHANGES_CHANNEL, notice);
    },
    subscribe(generationId, subscriber) {
      start();
      return local.subscribe(generationId, subscriber);
    },
    async ready() {
      start();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([firstConnection, new Promise<void>((resolve) => (timer = setTimeout(resolve, readyTimeoutMs)))]);
      clearTimeout(timer);
    },
    wake(wake) {
      local.wake(wake);
      return send(WAKE_CHANNEL, { ...wake, o: origin });
    },
    onWake(listener) {
      start();
      return local.onWake(listener);
    },
    listenerCount: local.listenerCount,
    connectionCount: () => connections,
    async close() {
      closed = true;
      if (retryTimer) clearTimeout(retryTimer);
      await connecting;
      const current = client;
      client = null;
      await sending;
      await current?.end().catch(() => {});
    },
  };
}

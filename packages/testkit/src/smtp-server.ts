import type { Socket } from "node:net";
import { SMTPServer } from "smtp-server";
import { simpleParser, type ParsedMail } from "mailparser";

export interface TestSmtpServer {
  /** smtp://127.0.0.1:PORT, for SMTP_URL. */
  url: string;
  /** Every message accepted so far, parsed, in arrival order. */
  received: ParsedMail[];
  /** The recipients of each message received and not yet answered (held by a stall). */
  readonly held: readonly string[];
  /** Client connections open now. */
  readonly connections: number;
  /** Holds every message's final reply until the returned function is called: a server that stalls. */
  stall(): () => void;
  /** Answers the next `count` messages with a temporary failure (451), as a server under trouble would. */
  refuseNext(count: number): void;
  close(): Promise<void>;
}

/**
 * A real SMTP server in process on 127.0.0.1 (`smtp-server`), that parses what it receives
 * with `mailparser`: the mail tests hold a real SMTP conversation, not a mock transport.
 * `delayMs` holds each reply that long, as a slow provider does.
 */
export async function startSmtpServer({ delayMs = 0 }: { delayMs?: number } = {}): Promise<TestSmtpServer> {
  const received: ParsedMail[] = [];
  let stalled: Promise<void> | null = null;
  let refusals = 0;
  let queued = 0;
  const held: string[] = [];
  // Client ports whose connection closed: smtp-server tells the handler nothing of it.
  const closed = new Set<number>();
  let open = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then(async (mail) => {
          if (stalled) {
            const to = session.envelope.rcptTo.map((r) => r.address).join(", ");
            held.push(to);
            await stalled;
            held.splice(held.indexOf(to), 1);
          }
          if (delayMs) await new Promise((resolve) => setTimeout(resolve, delayMs));
          // A client that hung up before the reply never learnt the message was taken: not delivered.
          if (closed.has(session.remotePort)) return callback(new Error("client went away"));
          if (refusals > 0) {
            refusals--;
            const error = Object.assign(new Error("try again later"), { responseCode: 451 });
            return callback(error);
          }
          received.push(mail);
          callback(null, `Ok: queued as TEST${++queued}`);
        })
        .catch((error: Error) => callback(error));
    },
  });
  // A client that dies mid-conversation (a SIGKILLed worker) resets its connection: smtp-server
  // reports that as an 'error' event, which would otherwise be an uncaught exception in the test.
  server.on("error", () => {});
  server.server.on("connection", (socket: Socket) => {
    // A port is reused by later connections: it is "closed" only until one opens from it again.
    closed.delete(socket.remotePort!);
    open++;
    socket.once("close", () => {
      open--;
      closed.add(socket.remotePort!);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as { port: number };
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    get held() {
      return held;
    },
    get connections() {
      return open;
    },
    stall() {
      let release!: () => void;
      stalled = new Promise<void>((resolve) => (release = resolve));
      return () => {
        stalled = null;
        release();
      };
    },
    refuseNext(count) {
      refusals = count;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

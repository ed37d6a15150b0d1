import { SMTPServer } from "smtp-server";
import { simpleParser, type ParsedMail } from "mailparser";

export interface TestSmtpServer {
  /** smtp://127.0.0.1:PORT, for SMTP_URL. */
  url: string;
  /** Every message accepted so far, parsed, in arrival order. */
  received: ParsedMail[];
  /** Messages received and not yet answered (held by a stall). */
  readonly held: number;
  /** Holds every message's final reply until the returned function is called: a server that stalls. */
  stall(): () => void;
  /** Answers the next `count` messages with a temporary failure (451), as a server under trouble would. */
  refuseNext(count: number): void;
  close(): Promise<void>;
}

/**
 * A real SMTP server in process on 127.0.0.1 (`smtp-server`), that parses what it receives
 * with `mailparser`: the mail tests hold a real SMTP conversation, not a mock transport.
 */
export async function startSmtpServer(): Promise<TestSmtpServer> {
  const received: ParsedMail[] = [];
  let stalled: Promise<void> | null = null;
  let refusals = 0;
  let queued = 0;
  let held = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then(async (mail) => {
          if (stalled) {
            held++;
            await stalled;
            held--;
          }
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
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as { port: number };
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    get held() {
      return held;
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

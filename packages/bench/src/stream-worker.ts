// Holds the bench's open streams in a thread of its own, so that decoding thousands of events
// does not slow the thread that writes and times them. Arrival times are absolute
// (performance.timeOrigin + now), comparable across threads.
import { parentPort } from "node:worker_threads";
import { subscribeLive, type LiveSubscription } from "@conduit/testkit";

const port = parentPort!;
let subscriptions: LiveSubscription[] = [];
const arrivals = new Map<string, number[]>();

type Command = { type: "open"; base: string; slug: string; count: number } | { type: "report" };

async function handle(command: Command) {
  if (command.type === "open") {
    subscriptions = Array.from({ length: command.count }, () => {
      const s = subscribeLive(command.base, { article: command.slug });
      const push = s.events.push.bind(s.events);
      s.events.push = (...items) => {
        const at = performance.timeOrigin + performance.now();
        for (const { message } of items)
          if (message.type === "comment.added")
            (arrivals.get(message.comment.body) ?? arrivals.set(message.comment.body, []).get(message.comment.body)!).push(at);
        return push(...items);
      };
      return s;
    });
    await Promise.all(subscriptions.map((s) => s.until((events) => events.some((e) => e.message.type === "ready"), 120_000)));
    port.postMessage({ type: "open" });
  } else {
    for (const s of subscriptions) s.close();
    port.postMessage({ type: "report", arrivals: [...arrivals] });
  }
}

// A failure is an unhandled rejection: it ends the worker with its error, which the bench reports.
port.on("message", (command: Command) => void handle(command));

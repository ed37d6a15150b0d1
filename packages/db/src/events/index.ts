export { appendEvent, writeWithEvent, latestEventId, pruneEvents, type NewEvent, type StoredEvent } from "./event-log.ts";
export { createEventFeed, type EventFeed, type EventFeedOptions } from "./event-feed.ts";

// The bare baseline (bare/bare-app.ts) on SQLite (BASELINE_DB, a file) or PostgreSQL
// (BASELINE_PG_URL), listening on PORT.
import { bareApp } from "./bare/bare-app.ts";
import { openBarePostgres, openBareSqlite } from "./bare/bare-db.ts";

const db = process.env.BASELINE_PG_URL ? openBarePostgres(process.env.BASELINE_PG_URL) : openBareSqlite(process.env.BASELINE_DB!);
await bareApp(db).listen({ host: "127.0.0.1", port: Number(process.env.PORT ?? 3901) });

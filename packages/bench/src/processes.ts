import { readFileSync } from "node:fs";

/** The production server's settings in every bench run: no request or log-in limit in the way of the load. */
export const benchServerEnv = (url: string): Record<string, string> => ({
  DATABASE_URL: url,
  NODE_ENV: "production",
  COOKIE_SECRET: "bench-cookie-secret-0123456789abcdefgh",
  LOG_LEVEL: "warn",
  RATE_LIMIT_PER_MINUTE: "0",
  AUTH_RATE_LIMIT_PER_IP: "1000000",
  AUTH_RATE_LIMIT_PER_ACCOUNT: "1000000",
});

/** Resident memory of a process, in MB (Linux). */
export function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8")
    .split("\n")
    .find((l) => l.startsWith("VmRSS:"));
  return line ? Number(line.replace(/\D+/g, "")) / 1024 : Number.NaN;
}

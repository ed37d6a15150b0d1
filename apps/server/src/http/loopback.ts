import { isIP } from "node:net";

/**
 * Whether a listen address reaches this machine only: 127.0.0.0/8, ::1 (also IPv4-mapped), or
 * `localhost`. `0.0.0.0`, `::`, a LAN or public address, or any other name is not: a page of
 * other people's mail must not be served there.
 */
export function isLoopbackAddress(host: string): boolean {
  const bare = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, "$1");
  if (bare === "localhost") return true;
  if (isIP(bare) === 4) return bare.startsWith("127.");
  if (isIP(bare) === 6) return bare === "::1" || /^::ffff:127\./.test(bare) || /^0{0,4}(:0{0,4}){6}:0{0,3}1$/.test(bare);
  return false;
}

// Stops a command at once, with one line, on a Node.js older than Conduit supports: its native
// modules (better-sqlite3 13) would otherwise crash later with no hint of the cause.
// Plain JavaScript with no imports, so that it runs on any Node.
var wanted = { major: 22, minor: 12 };
var parts = process.versions.node.split(".").map(Number);
if (parts[0] < wanted.major || (parts[0] === wanted.major && parts[1] < wanted.minor)) {
  console.error(
    "Conduit needs Node.js " +
      wanted.major +
      "." +
      wanted.minor +
      " or newer (24 LTS recommended); this is " +
      process.version +
      ". Install Node 24 (https://nodejs.org, or `nvm install` here, which reads .nvmrc) and run the command again.",
  );
  process.exit(1);
}

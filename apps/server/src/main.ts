// The server's entry point. First, before anything loads a native module: on an unsupported
// Node, one line and exit 1. Then Node keeps the code it compiles for every module in a cache on
// disk (its compile cache, in the system's temp folder), so that from the second start on nothing
// is compiled again; then the server itself (serve.ts).
import "../../../scripts/check-node.mjs";
import { enableCompileCache } from "node:module";

enableCompileCache();
await import("./serve.ts");

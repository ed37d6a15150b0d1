export {
  freePort,
  productionServerArgs,
  startServerProcess,
  startWorkerProcess,
  type ServerProcess,
  type WorkerProcess,
} from "./server-process.ts";
export { subscribeLive, untilReady, liveStreams, type LiveSubscription } from "./live-client.ts";
export { registerUser, type RealWorldUser } from "./realworld-user.ts";
export { startCluster, roundRobinProxy, type Cluster } from "./cluster.ts";
export { startSmtpServer, type TestSmtpServer } from "./smtp-server.ts";
export { startOidcProvider, authorizeAtTestProvider } from "./oidc-provider.ts";
export { startFakeGitHub } from "./fake-github.ts";
export { authenticatorCode } from "./authenticator.ts";

export { freePort, productionServerArgs, startServerProcess, type ServerProcess } from "./server-process.ts";
export { subscribeLive, untilReady, liveStreams, type LiveSubscription, type LiveEvent } from "./live-client.ts";
export { registerUser, type RealWorldUser } from "./realworld-user.ts";
export { startCluster, roundRobinProxy, type Cluster, type RoundRobinProxy } from "./cluster.ts";

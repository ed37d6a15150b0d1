import fp from "fastify-plugin";
import type { FastifyPluginAsync } from "fastify";
import { errorBody } from "../http/errors.ts";
import { sendPage } from "./web-app.ts";

const apiPaths = /^\/(api|trpc|docs|health|ready)(\/|$|\?)/;

/**
 * Unknown routes get a JSON 404. With the web app served, a browser's GET for any other path
 * gets index.html instead, so that client-side routes survive a reload.
 */
const notFound: FastifyPluginAsync<{ spaFallback: boolean }> = async (app, { spaFallback }) => {
  app.setNotFoundHandler((req, reply) => {
    if (spaFallback && req.method === "GET" && !apiPaths.test(req.url) && (req.headers.accept ?? "").includes("text/html")) {
      return sendPage(reply);
    }
    return reply.code(404).send(errorBody("route", `${req.method} ${req.url.split("?")[0]} not found`));
  });
};

export const notFoundPlugin = fp(notFound, { name: "conduit-not-found" });

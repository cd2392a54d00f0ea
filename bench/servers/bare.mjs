// Baseline for the gateway benchmark: a bare node:http server answering the bytes the
// tutorial processor answers to "2 105" ("False"). Prints {"url"} once listening.
import { createServer } from "node:http";

const body = Buffer.from(process.argv[2] ?? "False");
const server = createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
  req.on("data", () => {});
  req.on("end", () => {
    res.writeHead(200, { "content-length": body.length });
    res.end(body);
  });
});
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${server.address().port}/api/predict/bare` })}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));

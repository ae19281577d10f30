// The floor: a bare Node reverse proxy that parses the JSON body and forwards it upstream over a
// keep-alive agent, piping the answer back. Usage: node bare-hop.mjs <port> <upstream-origin>
import http from "node:http";

const [port, upstream] = process.argv.slice(2);
const target = new URL(upstream);
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

http
  .createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const body = JSON.stringify(JSON.parse(Buffer.concat(chunks).toString("utf8")));
      const up = http.request(
        {
          host: target.hostname,
          port: target.port,
          method: "POST",
          path: req.url,
          agent,
          headers: {
            "content-type": "application/json",
            "content-length": Buffer.byteLength(body),
          },
        },
        (ur) => {
          res.writeHead(ur.statusCode ?? 502, {
            "content-type": ur.headers["content-type"] ?? "application/json",
          });
          ur.pipe(res);
        },
      );
      up.on("error", () => {
        res.writeHead(502);
        res.end();
      });
      up.end(body);
    });
  })
  .listen(Number(port), "127.0.0.1", () => console.log(`bare hop listening on ${port}`));

// The TypeScript processor project `easel init --lang ts` writes: the PAI-EAS tutorial's
// logic ("2 105" → "False", "2 104" → "True") as an Easel node processor. index.ts runs
// as is (the node worker loads .ts entries with tsx); package.json makes it an ES module.
export const INDEX_TS = `// An Easel processor in TypeScript: the PAI-EAS tutorial's example.
// initialize() runs once when an instance starts, before it takes requests; process() runs
// once per request with the request body. Return a body (string, Buffer, Uint8Array or
// number) or [body, status]; status 0 means 200. An exception answers HTTP 400 with
// "<ErrorName>: <message>". process() may be async: requests overlap up to
// metadata.rpc.worker_threads (default 5) per instance.
//
// Local test:  easel dev .   then   curl http://127.0.0.1:8080/test -d '2 105'   → False

interface Model {
  w0: number;
  w1: number;
}

export default class MyProcessor {
  private model: Model = { w0: 0, w1: 0 };

  /** Load models here: executed once at the start of the service. */
  async initialize(): Promise<void> {
    this.model = { w0: 100, w1: 2 };
  }

  /** Request format: "x y", two integers separated by a space. */
  private preProcess(data: Buffer): [number, number] {
    const text = data.toString("utf8").trim();
    const [x, y] = text.split(/\\s+/).map(Number);
    if (x === undefined || y === undefined || Number.isNaN(x) || Number.isNaN(y)) {
      throw new Error(\`expected two numbers "x y", got \${JSON.stringify(text)}\`);
    }
    return [x, y];
  }

  async process(data: Buffer): Promise<[string, number]> {
    const [x, y] = this.preProcess(data);
    const y1 = this.model.w1 * x + this.model.w0;
    return [y1 >= y ? "True" : "False", 200];
  }
}
`;

/** app.json for a node processor in this folder ("./": `easel create app.json` packs and uploads it). */
export function appJsonNode(name: string): string {
  const spec = {
    name,
    processor_entry: "./index.ts",
    processor_type: "node",
    processor_path: "./",
    metadata: { instance: 1 },
  };
  return `${JSON.stringify(spec, null, 2)}\n`;
}

export function packageJsonNode(name: string): string {
  const pkg = { name: name.replace(/_/g, "-"), private: true, type: "module", scripts: { dev: "easel dev ." } };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

export function readmeNode(name: string): string {
  return `# ${name}

An Easel TypeScript processor: \`index.ts\` (initialize + process), \`app.json\` (the service spec).

- Test locally: \`easel dev .\` serves it on http://127.0.0.1:8080 (\`EASEL_LOCAL_PORT\` changes the port), then
  \`curl http://127.0.0.1:8080/test -d '2 105'\` → \`False\`, \`-d '2 104'\` → \`True\`.
- Deploy: \`easel create app.json\` packs this folder (node_modules included), uploads it and waits until it runs.
- Dependencies: \`npm install <pkg>\` here; they ship with the package. For type checking in an editor,
  \`npm install -D typescript @types/node\`.
- The server runs \`index.ts\` through tsx; to ship plain JavaScript instead, compile it and point
  \`processor_entry\` at the \`.js\` file.
`;
}

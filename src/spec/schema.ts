// zod schemas for the EAS-style service spec. Every check carries the words the user
// sees ("expected an integer >= 0"); parse.ts appends what was found and the field path.
import { z } from "zod";

export const int = (min: number, max = Number.MAX_SAFE_INTEGER) => {
  const what = max === Number.MAX_SAFE_INTEGER ? `expected an integer >= ${min}` : `expected an integer from ${min} to ${max}`;
  return z.number({ error: what }).int({ error: what }).min(min, { error: what }).max(max, { error: what });
};
const num = (min: number) => z.number({ error: `expected a number >= ${min}` }).min(min, { error: `expected a number >= ${min}` });
const str = (what = "expected a string") => z.string({ error: what });
const bool = z.boolean({ error: "expected true or false" });

export const NAME_RE = /^[A-Za-z][A-Za-z0-9_-]{0,62}$/;

/** Field → schema for metadata.rpc.*; also used to validate -D overrides. */
export const RPC_FIELDS = {
  keepalive: int(1, 3_600_000),
  io_threads: int(1, 1024),
  worker_threads: int(1, 4096),
  max_queue_size: int(1, 1_000_000),
  batching: bool,
  max_batch_size: int(1, 65_536),
  max_batch_timeout: int(0, 60_000),
  rate_limit: int(0),
  max_body_size: int(1, 2 ** 31 - 1),
  retry_on_crash: bool,
  max_response_size: int(1, 2 ** 30),
  init_timeout: int(1000, 86_400_000),
} as const;

export const METADATA_FIELDS = {
  instance: int(0, 10_000),
  cpu: num(0),
  memory: num(0),
  gpu: num(0),
  region: str(),
  resource: str(),
} as const;

export const TOP_FIELDS = {
  name: str("expected a service name").regex(NAME_RE, {
    error: "expected a name of letters, digits, '_' or '-', starting with a letter, at most 63 characters",
  }),
  processor: str('expected a built-in processor name ("pmml" or "onnx")'),
  processor_type: z.enum(["python", "node"], { error: 'expected "python" or "node"' }),
  processor_entry: str("expected the entry file inside the package, e.g. \"./app.py\"").min(1, { error: "expected a non-empty path" }),
  processor_path: str("expected a path: a target path printed by pack -u, a local folder or a .tar.gz").min(1, { error: "expected a non-empty path" }),
  model_path: str("expected a path to a model file or folder, or a target path").min(1, { error: "expected a non-empty path" }),
  model_entry: str(),
  model_config: z.unknown(),
  token: str("expected a token string").min(8, { error: "expected a token of at least 8 characters" }).max(256, { error: "expected a token of at most 256 characters" }),
  warm_up_data_path: str(),
  autoscaler: z.object(
    {
      min: int(0),
      max: int(1),
      strategies: z.record(z.string(), z.number({ error: "expected a number" })).optional(),
    },
    { error: "expected an object {min, max, strategies}" },
  ),
  runtime: z.object({ enable_crash_block: bool.optional() }, { error: "expected an object" }).passthrough(),
  metadata: z.record(z.string(), z.unknown(), { error: "expected an object" }),
  // Cloud-only: accepted and recorded, meaningless on one machine.
  cloud: z.unknown(),
  networking: z.unknown(),
  containers: z.unknown(),
} as const;

// Entry point of the `easel` / `eascmd` CLI.
export async function main(_argv: string[]): Promise<number> {
  console.error("easel: the CLI is being built");
  return 1;
}

import { parseCliArgs, USAGE } from './cli-args.ts';
import { startLlmSim } from './server.ts';

function fail(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  console.error(message.startsWith('llm-sim:') ? message : `llm-sim: ${message}`);
  process.exit(1);
}

async function main(): Promise<void> {
  let command: ReturnType<typeof parseCliArgs>;
  try {
    command = parseCliArgs(process.argv.slice(2), process.env);
  } catch (error) {
    fail(error);
  }
  if (command.kind === 'help') {
    console.log(USAGE);
    return;
  }
  const sim = await startLlmSim(command.options).catch(fail);
  const models = Object.keys(command.options.models ?? {}).join(', ');
  console.log(`llm-sim (simulated Ollama) listening on ${sim.url}  models: ${models}`);
  const stop = (): void => {
    sim.close().catch(fail);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

await main();

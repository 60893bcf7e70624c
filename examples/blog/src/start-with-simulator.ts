/**
 * `npm run blog`: the LLM simulator and the blog together, with demo data.
 * Env as for main.ts (PORT default 3000); SIM_PORT picks the simulator's port (default: a free one).
 */
import { startLlmSim } from '@salvo/llm-sim';
import { optionsFromEnv } from './config.ts';
import { startBlog } from './index.ts';
import { SEED_USERS } from './seed.ts';
import { stopOnSignals } from './stop-on-signals.ts';

const DEFAULT_PORT = 3000;

async function main(): Promise<void> {
  const options = optionsFromEnv();
  const simPort = process.env.SIM_PORT === undefined ? 0 : Number(process.env.SIM_PORT);
  if (!Number.isInteger(simPort) || simPort < 0 || simPort > 65535) {
    throw new Error(`SIM_PORT must be 0-65535, got "${process.env.SIM_PORT}"`);
  }
  const sim = await startLlmSim({ port: simPort });
  let blog: Awaited<ReturnType<typeof startBlog>>;
  try {
    blog = await startBlog({
      ...options,
      ollamaHost: options.ollamaHost ?? sim.url,
      port: options.port ?? DEFAULT_PORT,
      seed: true,
    });
  } catch (error) {
    await sim.close();
    throw error;
  }
  console.log(`LLM simulator: ${sim.url}`);
  console.log(`blog:          ${blog.url}`);
  console.log(
    `demo accounts: ${SEED_USERS.map((u) => `${u.username} (${u.role})`).join(', ')}; password in the README`,
  );
  // The blog first: its open draft streams end with a shutdown event, not a model error.
  stopOnSignals(async () => {
    await blog.close();
    await sim.close();
  });
}

main().catch((error: unknown) => {
  console.error(`blog: ${(error as Error).message}`);
  process.exitCode = 1;
});

// An LLM endpoint under load, judged as LLM serving is: time to first token, time per
// output token, and goodput (the share of calls that met every SLO). Points at an
// OpenAI-compatible server: vLLM, llama.cpp's server, TGI, Ollama's /v1, or the simulator
// (`npm start -w @salvo/llm-sim`, then LLM_URL=http://127.0.0.1:11434).
import { defineTest, promptDataset } from 'salvo';

// vLLM-style JSONL: {"prompt": ...} or {"messages": [...]}, with the expected output length
const prompts = promptDataset('data/prompts.jsonl');

export default defineTest({
  http: { baseUrl: process.env.LLM_URL ?? 'http://127.0.0.1:11434' },
  scenarios: {
    chat: {
      executor: 'constant-arrival-rate',
      rate: 3,
      duration: '2s',
      preAllocatedVUs: 4,
      maxVUs: 12,
      exec: async (vu) => {
        const answer = await vu.llm.chat({
          model: 'llama3.2',
          ...prompts.next(vu),
          slo: { ttft: '1s', tpot: '100ms' },
        });
        vu.check(answer, { 'answered with tokens': (a) => a.ok && a.outputTokens > 0 });
      },
    },
  },
  thresholds: {
    llm_ttft: ['p(95)<1000'],
    llm_tpot: ['p(95)<100'],
    llm_goodput: ['rate>0.9'],
  },
});

/**
 * Difficulty scoring cost per request, heuristic vs learned (also printed by `bench:router`).
 *
 *   npm run bench:scoring            (ROUNDS=7 REQUESTS=5000 to change the defaults)
 */
import { runScoringBench } from "./support/scoring-bench";

runScoringBench(Number(process.env.ROUNDS ?? 7), Number(process.env.REQUESTS ?? 5000));

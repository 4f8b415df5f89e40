// Every kind of background job the server runs, by name: each feature adds its handlers here.
import type { JobRegistry } from './runner.js';

export const JOBS: JobRegistry = {};

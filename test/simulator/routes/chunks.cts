import type { Router } from '../http.cts';

export function registerChunkRoutes(_router: Router) {}

import type { Router } from '../http.cts';

export function registerCompletionRoutes(_router: Router) {}

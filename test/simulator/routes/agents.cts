import type { Router } from '../http.cts';

export function registerAgentRoutes(_router: Router) {}

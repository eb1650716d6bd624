import type { Router } from '../http.cts';

export function registerSessionRoutes(_router: Router) {}

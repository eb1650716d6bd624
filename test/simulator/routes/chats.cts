import type { Router } from '../http.cts';

export function registerChatRoutes(_router: Router) {}
